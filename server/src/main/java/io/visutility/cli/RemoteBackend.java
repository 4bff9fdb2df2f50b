package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.PromotionDecided;
import io.visutility.registry.JobState;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.retrain.RetrainConfig;
import io.visutility.retrain.RetrainConfigJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A server reached through its REST API. Answers are read back into the records the local mode
 * prints ({@link ModelSummary}, {@link RetrainJob}, {@link PromotionDecided}; versions stay JSON).
 * Where the API words a refusal differently from the registry (an unknown model or job), the
 * registry's words are recovered with one more request, so both modes print the same line.
 */
final class RemoteBackend implements Backend {
    private final RemoteApi api;

    RemoteBackend(RemoteApi api) {
        this.api = api;
    }

    @Override
    public String where() {
        return api.server();
    }

    /** {@code GET …/versions} refuses an unknown model with the registry's own message. */
    @Override
    public void requireModel(String model) {
        api.get(RemoteApi.path("models", model, "versions"));
    }

    /** Runs a call on a model-scoped endpoint; its {@code not_found} becomes the registry's own when the model is unknown. */
    private <T> T onModel(String model, Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryException e) {
            if (e.code() == RegistryException.Code.NOT_FOUND) {
                requireModel(model);
            }
            throw e;
        }
    }

    @Override
    public List<ModelSummary> models() {
        List<ModelSummary> out = new ArrayList<>();
        for (JsonNode m : api.get(RemoteApi.path("models"))) {
            Map<String, String> aliases = new TreeMap<>();
            m.path("aliases").fields().forEachRemaining(e -> aliases.put(e.getKey(), e.getValue().asText()));
            Map<String, String> tags = new TreeMap<>();
            m.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            out.add(new ModelSummary(m.get("name").asText(), m.get("versions").asInt(),
                    Optional.ofNullable(text(m, "latest_version")), aliases, instant(m, "created_at"),
                    Optional.ofNullable(text(m, "description")), tags));
        }
        return out;
    }

    /** The API has no search by tag: every model's versions are read and filtered here. */
    @Override
    public List<String> modelsTagged(String key, String value) {
        // refuses a malformed tag as the registry's search does
        Registry.validate(new NewVersion("model", "0.0.0", null, Map.of(), Map.of(key, value), Map.of(),
                io.visutility.event.Lineage.NONE));
        List<String> out = new ArrayList<>();
        for (ModelSummary m : models()) {
            if (versions(m.name()).stream().anyMatch(v -> value.equals(text(v.path("tags"), key)))) {
                out.add(m.name());
            }
        }
        return out;
    }

    @Override
    public List<ObjectNode> versions(String model) {
        List<ObjectNode> out = new ArrayList<>();
        api.get(RemoteApi.path("models", model, "versions")).forEach(v -> out.add((ObjectNode) v));
        return out;
    }

    @Override
    public Optional<ObjectNode> version(String model, String version) {
        return api.find(RemoteApi.path("models", model, "versions", version)).map(ObjectNode.class::cast);
    }

    @Override
    public Optional<ObjectNode> alias(String model, String alias) {
        return api.find(RemoteApi.path("models", model, "aliases", alias)).map(ObjectNode.class::cast);
    }

    /** The API has no "latest" endpoint: the last suitable version of the (ordered) list. */
    @Override
    public Optional<ObjectNode> latest(String model, boolean includeDeprecated) {
        List<ObjectNode> versions = api.find(RemoteApi.path("models", model, "versions")).map(a -> {
            List<ObjectNode> l = new ArrayList<>();
            a.forEach(v -> l.add((ObjectNode) v));
            return l;
        }).orElse(List.of());
        return versions.reversed().stream()
                .filter(v -> includeDeprecated || !v.path("deprecated").asBoolean()).findFirst();
    }

    /**
     * Checks the checksum against an existing version first (as the local mode does, so a refused
     * registration uploads nothing), streams the artifact, then registers the version by its digest.
     */
    @Override
    public Registered register(NewVersion request, Path artifact) throws IOException {
        Optional<ObjectNode> existing = version(request.model(), request.version());
        String sha256;
        if (existing.isPresent()) {
            sha256 = existing.get().get("sha256").asText();
            RegisterCommand.requireSameChecksum(request.model(), existing.get().get("version").asText(), sha256,
                    artifact);
        } else {
            sha256 = api.putFile(RemoteApi.path("artifacts"), artifact).get("sha256").asText();
        }
        ObjectNode body = Output.JSON.createObjectNode();
        body.put("version", request.version());
        body.put("artifact_sha256", sha256);
        body.set("metrics", Output.JSON.valueToTree(request.metrics()));
        body.set("tags", Output.JSON.valueToTree(request.tags()));
        body.set("params", Output.JSON.valueToTree(request.params()));
        ObjectNode lineage = body.putObject("lineage");
        lineage.put("parent_version", request.lineage().parentVersion());
        lineage.put("training_job_id", request.lineage().trainingJobId());
        lineage.put("reason", request.lineage().reason());
        ObjectNode v = (ObjectNode) api.post(RemoteApi.path("models", request.model(), "versions"), body);
        // the server answers 201 when it created the version; the CLI checked above whether it existed
        return new Registered(v, existing.isEmpty());
    }

    @Override
    public ObjectNode promote(String model, String version, String alias) {
        ObjectNode body = Output.JSON.createObjectNode().put("version", version);
        return (ObjectNode) api.put(RemoteApi.path("models", model, "aliases", alias), body);
    }

    @Override
    public ObjectNode deprecate(String model, String version, String reason) {
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason);
        return (ObjectNode) api.post(RemoteApi.path("models", model, "versions", version, "deprecate"), body);
    }

    @Override
    public Optional<JsonNode> retrainConfig(String model) {
        requireModel(model);
        return api.find(RemoteApi.path("models", model, "retrain-config"));
    }

    @Override
    public RetrainConfig setRetrainConfig(String model, RetrainConfig config) {
        JsonNode recorded = onModel(model, () -> api.put(RemoteApi.path("models", model, "retrain-config"),
                RetrainConfigJson.toJson(config)));
        return RetrainConfigJson.parse(recorded);
    }

    /** {@code POST …/retrain}: a manual retrain request; the server runs the job. */
    RetrainRequestOutcome retrain(String model, String reason) {
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason);
        JsonNode o = onModel(model, () -> api.post(RemoteApi.path("models", model, "retrain"), body));
        JsonNode job = o.get("job");
        return new RetrainRequestOutcome(
                RetrainRequestOutcome.Kind.valueOf(o.get("outcome").asText().toUpperCase(Locale.ROOT)),
                job == null || job.isNull() ? Optional.empty() : Optional.of(job(job)), o.get("message").asText());
    }

    @Override
    public List<RetrainJob> jobs(String model) {
        String path = RemoteApi.path("jobs");
        if (model != null) {
            requireModel(model);
            path += "?model=" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8);
        }
        List<RetrainJob> out = new ArrayList<>();
        api.get(path).forEach(j -> out.add(job(j)));
        return out;
    }

    @Override
    public Optional<RetrainJob> job(String id) {
        return api.find(RemoteApi.path("jobs", id)).map(RemoteBackend::job);
    }

    @Override
    public RetrainJob cancel(String id, String reason) {
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason);
        try {
            return job(api.post(RemoteApi.path("jobs", id, "cancel"), body));
        } catch (RegistryException e) {
            if (e.code() == RegistryException.Code.NOT_FOUND && job(id).isEmpty()) {
                throw new RegistryException(RegistryException.Code.NOT_FOUND, "no retrain job with id " + id);
            }
            throw e;
        }
    }

    /** A job's log is read through the API, not from a path on this machine. */
    @Override
    public String logLocation(String log) {
        // jobs/<id>/attempt-<n>/train.log, as the server's job records name it
        String[] parts = log.split("/");
        if (parts.length != 4 || !parts[0].equals("jobs") || !parts[2].startsWith("attempt-")) {
            return log + " (on server " + api.server() + ")";
        }
        return api.url(RemoteApi.path("jobs", parts[1], "log")) + "?attempt=" + parts[2].substring("attempt-".length());
    }

    @Override
    public InputStream log(String id, int attempt) {
        String path = RemoteApi.path("jobs", id, "log") + (attempt == 0 ? "" : "?attempt=" + attempt);
        try {
            return api.stream(path);
        } catch (RegistryException e) {
            if (e.code() == RegistryException.Code.NOT_FOUND && job(id).isEmpty()) {
                throw new RegistryException(RegistryException.Code.NOT_FOUND, "no retrain job with id " + id);
            }
            throw e;
        }
    }

    @Override
    public PromotionDecided approve(String model, String version, String alias, String note) {
        return decide(model, version, alias, note, "approve");
    }

    @Override
    public PromotionDecided reject(String model, String version, String alias, String note) {
        return decide(model, version, alias, note, "reject");
    }

    private PromotionDecided decide(String model, String version, String alias, String note, String verb) {
        ObjectNode body = Output.JSON.createObjectNode().put("alias", alias).put("note", note);
        return decision(onModel(model, () -> api.post(RemoteApi.path("models", model, "versions", version, verb), body)));
    }

    @Override
    public PromotionDecided rollback(String model, String alias, String reason) {
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason);
        return decision(onModel(model, () -> api.post(RemoteApi.path("models", model, "aliases", alias, "rollback"),
                body)));
    }

    @Override
    public Decisions promotions(String model) {
        JsonNode o = onModel(model, () -> api.get(RemoteApi.path("models", model, "promotions")));
        List<PromotionDecided> history = new ArrayList<>();
        List<PromotionDecided> pending = new ArrayList<>();
        o.path("decisions").forEach(d -> history.add(decision(d)));
        o.path("pending").forEach(d -> pending.add(decision(d)));
        return new Decisions(history, pending);
    }

    @Override
    public void close() {
        // HttpClient holds no connection a short-lived command needs to release
    }

    /** A job as {@link io.visutility.http.Representations#job} wrote it. */
    static RetrainJob job(JsonNode j) {
        List<String> reasons = new ArrayList<>();
        j.path("reasons").forEach(r -> reasons.add(r.asText()));
        List<String> detections = new ArrayList<>();
        j.path("detections").forEach(d -> detections.add(d.asText()));
        return new RetrainJob(text(j, "id"), text(j, "model"), JobState.of(text(j, "state")), text(j, "trigger"),
                text(j, "parent_version"), reasons, detections, node(j, "evidence"), j.path("attempts").asInt(),
                j.hasNonNull("trial") ? j.get("trial").asInt() : null, node(j, "params"), text(j, "log"),
                instant(j, "queued_at"), instant(j, "started_at"), instant(j, "finished_at"), instant(j, "retry_at"),
                text(j, "failure"), text(j, "new_version"), node(j, "metrics"));
    }

    /** A decision as {@link io.visutility.http.Representations#decision} wrote it. */
    static PromotionDecided decision(JsonNode d) {
        return new PromotionDecided(text(d, "model"), text(d, "alias"), text(d, "decision"), text(d, "candidate"),
                text(d, "champion"), text(d, "job_id"), text(d, "metric"), number(d, "candidate_value"),
                number(d, "champion_value"), text(d, "reason"), instant(d, "decided_at"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A JSON value as the job record holds it: Java null where the field is null. */
    private static JsonNode node(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static Double number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static Instant instant(JsonNode o, String field) {
        String t = text(o, field);
        return t == null ? null : Instant.parse(t);
    }
}
