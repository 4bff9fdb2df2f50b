package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.PromotionDecided;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.NewVersion;
import io.visutility.registry.RetrainJob;
import io.visutility.retrain.RetrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the registry, job and promotion commands act on: a data directory opened in this process
 * ({@link LocalBackend}) or a server reached through its REST API ({@link RemoteBackend}, chosen by
 * {@code --server}). Versions come as their REST representation ({@link io.visutility.http.Representations}),
 * so a command prints the same text and JSON either way. Refusals are
 * {@link io.visutility.registry.RegistryException}s with the same code and message in both.
 */
interface Backend extends AutoCloseable {
    /** Where the models are, for messages: a data directory or a server URL. */
    String where();

    /**
     * Refuses a model that is not registered, as the registry words it.
     *
     * @throws io.visutility.registry.RegistryException {@code not_found} or {@code invalid_input}
     */
    void requireModel(String model);

    List<ModelSummary> models();

    /** The names of the models with a version tagged {@code key=value}. */
    List<String> modelsTagged(String key, String value);

    /** A registered model's versions, lowest first. */
    List<ObjectNode> versions(String model);

    Optional<ObjectNode> version(String model, String version);

    Optional<ObjectNode> alias(String model, String alias);

    /** The highest version, skipping deprecated ones unless asked; empty when there is none. */
    Optional<ObjectNode> latest(String model, boolean includeDeprecated);

    /** Registers {@code request} (its checksum unset) with the artifact file; refuses a different checksum first. */
    Registered register(NewVersion request, Path artifact) throws IOException;

    /** A registration's answer: the version, and whether this call created it. */
    record Registered(ObjectNode version, boolean created) {}

    ObjectNode promote(String model, String version, String alias);

    ObjectNode deprecate(String model, String version, String reason);

    Optional<JsonNode> retrainConfig(String model);

    /** Records a checked retrain configuration; returns it as recorded. */
    RetrainConfig setRetrainConfig(String model, RetrainConfig config);

    /** Every job (model null) or one registered model's, oldest first. */
    List<RetrainJob> jobs(String model);

    Optional<RetrainJob> job(String id);

    RetrainJob cancel(String id, String reason);

    /** Where a job's log (relative to the data directory, as jobs name it) can be read, for people. */
    String logLocation(String log);

    /**
     * The log of a job's attempt.
     *
     * @throws io.visutility.registry.RegistryException {@code not_found} when the attempt has no log
     */
    InputStream log(String id, int attempt) throws IOException;

    PromotionDecided approve(String model, String version, String alias, String note);

    PromotionDecided reject(String model, String version, String alias, String note);

    PromotionDecided rollback(String model, String alias, String reason);

    /** A model's decisions, oldest first, and the versions awaiting approval. */
    Decisions promotions(String model);

    record Decisions(List<PromotionDecided> history, List<PromotionDecided> pending) {}

    @Override
    void close() throws IOException;
}
