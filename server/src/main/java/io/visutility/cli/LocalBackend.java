package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.Orchestrator;
import io.visutility.event.PromotionDecided;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Promotions;
import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import io.visutility.retrain.RetrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A data directory opened by this process for one command. */
final class LocalBackend implements Backend {
    private final Orchestrator o;
    /** The data directory as the user named it, for paths printed. */
    private final Path data;

    LocalBackend(Orchestrator orchestrator, Path data) {
        this.o = orchestrator;
        this.data = data;
    }

    @Override
    public String where() {
        return o.dataDir().toString();
    }

    @Override
    public void requireModel(String model) {
        RegisteredModel.require(o.registry(), model);
    }

    @Override
    public List<ModelSummary> models() {
        return o.registry().models();
    }

    @Override
    public List<String> modelsTagged(String key, String value) {
        return o.registry().findByTag(key, value).stream().map(ModelVersion::model).distinct().toList();
    }

    @Override
    public List<ObjectNode> versions(String model) {
        return o.registry().versions(model).stream().map(Output::json).toList();
    }

    @Override
    public Optional<ObjectNode> version(String model, String version) {
        return o.registry().get(model, version).map(Output::json);
    }

    @Override
    public Optional<ObjectNode> alias(String model, String alias) {
        return o.registry().alias(model, alias).map(Output::json);
    }

    @Override
    public Optional<ObjectNode> latest(String model, boolean includeDeprecated) {
        return o.registry().latest(model, includeDeprecated).map(Output::json);
    }

    @Override
    public Registered register(NewVersion request, Path artifact) throws IOException {
        // Refuse a conflicting checksum before the artifact is copied in, so a refused
        // registration writes nothing at all.
        Optional<ModelVersion> existing = o.registry().get(request.model(), request.version());
        if (existing.isPresent()) {
            RegisterCommand.requireSameChecksum(existing.get().model(), existing.get().version(),
                    existing.get().sha256(), artifact);
        }
        var r = o.registry().register(request, artifact);
        return new Registered(Output.json(r.version()), r.created());
    }

    @Override
    public ObjectNode promote(String model, String version, String alias) {
        return Output.json(o.registry().promote(model, version, alias));
    }

    @Override
    public ObjectNode deprecate(String model, String version, String reason) {
        return Output.json(o.registry().deprecate(model, version, reason));
    }

    @Override
    public Optional<JsonNode> retrainConfig(String model) {
        return o.registry().retrainConfig(model);
    }

    @Override
    public RetrainConfig setRetrainConfig(String model, RetrainConfig config) {
        // this process retrains nothing (see Session): queued jobs of the model wait for the next
        // 'retrain run' or a long-running orchestrator, instead of starting here and being interrupted
        return o.setRetrainConfig(model, config);
    }

    @Override
    public List<RetrainJob> jobs(String model) {
        return o.registry().jobs().list(model);
    }

    @Override
    public Optional<RetrainJob> job(String id) {
        return o.registry().jobs().get(id);
    }

    @Override
    public RetrainJob cancel(String id, String reason) {
        return o.retrainer().cancel(id, reason);
    }

    @Override
    public String logLocation(String log) {
        return data.resolve(log).toString();
    }

    /** An attempt's log sits beside the last attempt's ({@code jobs/<id>/attempt-<n>/train.log}). */
    @Override
    public InputStream log(String id, int attempt) throws IOException {
        RetrainJob job = job(id).orElseThrow(() -> new RegistryException(RegistryException.Code.NOT_FOUND,
                "no retrain job with id " + id));
        if (job.log() == null || job.attempts() == 0) {
            throw new RegistryException(RegistryException.Code.NOT_FOUND,
                    "retrain job " + job.id() + " has not started an attempt yet");
        }
        int n = attempt == 0 ? job.attempts() : attempt;
        if (n > job.attempts()) {
            throw new RegistryException(RegistryException.Code.NOT_FOUND,
                    "retrain job " + job.id() + " has made " + job.attempts() + " attempt(s), not " + n);
        }
        Path last = data.resolve(job.log());
        Path file = last.getParent().resolveSibling("attempt-" + n).resolve(last.getFileName());
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new RegistryException(RegistryException.Code.NOT_FOUND,
                    "retrain job " + job.id() + " has no log for attempt " + n);
        }
    }

    @Override
    public PromotionDecided approve(String model, String version, String alias, String note) {
        return promotions().approve(model, version, alias, note);
    }

    @Override
    public PromotionDecided reject(String model, String version, String alias, String note) {
        return promotions().reject(model, version, alias, note);
    }

    @Override
    public PromotionDecided rollback(String model, String alias, String reason) {
        return promotions().rollback(model, alias, reason);
    }

    @Override
    public Decisions promotions(String model) {
        requireModel(model);
        return new Decisions(promotions().history(model), promotions().pending(model));
    }

    private Promotions promotions() {
        return o.registry().promotions();
    }

    @Override
    public void close() throws IOException {
        o.close();
    }
}
