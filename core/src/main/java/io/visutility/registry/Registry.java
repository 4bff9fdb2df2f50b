package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.zafarkhaja.semver.Version;
import io.visutility.event.DetectionRaised;
import io.visutility.event.ModelCreated;
import io.visutility.event.MonitorPolicySet;
import io.visutility.event.RetrainConfigSet;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import io.visutility.event.EventCodec;
import io.visutility.event.JournaledEvent;
import io.visutility.store.Store;
import io.visutility.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The model registry: models, semantic versions, content-addressed artifacts, metadata, aliases and
 * deprecation. Writes go through the {@link Store} (validated, journaled, durable, then applied);
 * reads are lock-free and see only durable state.
 */
public final class Registry implements AutoCloseable {
    /** The alias {@link #promote} moves when none is named. */
    public static final String PRODUCTION = "production";

    private final Store<RegistryState> store;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final Supplier<UUID> ids;

    private final RetrainJobs jobs;
    private final Studies studies;
    private final Promotions promotions;

    private Registry(Store<RegistryState> store, ArtifactStore artifacts, Clock clock, Supplier<UUID> ids) {
        this.store = store;
        this.artifacts = artifacts;
        this.clock = clock;
        this.ids = ids;
        this.jobs = new RetrainJobs(store, clock, ids);
        this.studies = new Studies(store, clock);
        this.promotions = new Promotions(store, clock);
    }

    /** Retrain jobs: requests, attempts, cancellation. */
    public RetrainJobs jobs() {
        return jobs;
    }

    /** Hyper-parameter studies per model. */
    public Studies studies() {
        return studies;
    }

    /** Champion/challenger decisions, approvals, rollbacks. */
    public Promotions promotions() {
        return promotions;
    }

    /**
     * Opens the registry in a data directory (the caller holds its lock): {@code journal/},
     * {@code snapshots/} and {@code artifacts/} beneath it.
     *
     * @param publisher receives each durable event, on the writer thread; must not block
     */
    public static Registry open(Path dataDir, StoreOptions options, Clock clock, Supplier<UUID> ids,
            Consumer<JournaledEvent> publisher, ThreadFactory writerThreads, Executor background) throws IOException {
        ArtifactStore artifacts = new ArtifactStore(dataDir.resolve("artifacts"));
        Store<RegistryState> store = Store.open(dataDir, options, RegistryState::new, publisher, writerThreads,
                background);
        return new Registry(store, artifacts, clock, ids);
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /** The engine underneath, for replaying events and for statistics. */
    public Store<?> store() {
        return store;
    }

    /**
     * Registers a version whose artifact is already stored.
     *
     * @throws RegistryException {@code invalid_input} for malformed fields, {@code not_found} when the
     *     artifact is not stored, {@code checksum_conflict} when the version exists with other bytes
     */
    public Registration register(NewVersion request) {
        Version version = validate(request);
        Names.sha256(request.sha256());
        long size;
        try {
            size = artifacts.find(request.sha256()).orElseThrow(() -> RegistryException.notFound(
                    "no artifact with SHA-256 " + request.sha256() + " is stored; upload it before registering"))
                    .size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the artifact store", e);
        }
        NewVersion canonical = new NewVersion(request.model(), request.version(), request.sha256(),
                asJournaled(request.metrics()), request.tags(), asJournaled(request.params()), request.lineage());
        return store.execute(new RegisterVersion(canonical, version, size, clock, ids));
    }

    /**
     * The JSON values as the journal will give them back at replay. A caller may hand in any node type
     * ({@code LongNode}, {@code FloatNode}, {@code DecimalNode}…) but the journal reads numbers back
     * as Jackson's default types, so the live state would otherwise differ from the replayed one.
     */
    private static Map<String, JsonNode> asJournaled(Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return values;
        }
        ObjectMapper mapper = EventCodec.mapper();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                out.put(e.getKey(), mapper.readTree(mapper.writeValueAsBytes(e.getValue())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot round-trip a validated JSON value", e);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Checks everything about a request that does not depend on state (names, version syntax,
     * metadata), so a caller can refuse bad input before touching anything. The checksum is not
     * checked here. Returns the parsed version.
     *
     * @throws RegistryException {@code invalid_input}
     */
    public static Version validate(NewVersion request) {
        String model = Names.model(request.model());
        Version version = Names.version(model, request.version());
        checkJson("metric", request.metrics());
        checkJson("hyper-parameter", request.params());
        request.tags().forEach((k, v) -> Names.tagValue(Names.tagKey(k), v));
        Names.reason(request.lineage().reason());
        if (request.lineage().parentVersion() != null) {
            Names.version(model, request.lineage().parentVersion());
        }
        return version;
    }

    /** Stores {@code artifactFile} and registers it under the request's model and version. */
    public Registration register(NewVersion request, Path artifactFile) throws IOException {
        validate(request);
        ArtifactRef ref = artifacts.put(artifactFile);
        return register(new NewVersion(request.model(), request.version(), ref.sha256(), request.metrics(),
                request.tags(), request.params(), request.lineage()));
    }

    private static void checkJson(String what, Map<String, JsonNode> values) {
        values.forEach((k, v) -> {
            Names.tagKey(k);
            if (v == null || v.isMissingNode()) {
                throw RegistryException.invalid("expected a JSON value for " + what + " '" + k + "' but got none");
            }
            JsonValues.checkFinite(what, k, "", v);
        });
    }

    /**
     * Checks an alias name (letters, digits, '-', '_', '.'), for configurations that name one.
     *
     * @throws RegistryException {@code invalid_input}, saying what an alias may be
     */
    public static String checkAlias(String alias) {
        return Names.alias(alias);
    }

    /** One version, if registered. */
    public Optional<ModelVersion> get(String model, String version) {
        ModelEntry m = store.state().modelOrNull(Names.model(model));
        if (m == null) {
            return Optional.empty();
        }
        VersionEntry v = m.versions.get(VersionKey.of(Names.version(model, version)));
        return v == null ? Optional.empty() : Optional.of(new ModelVersion(model, v, m.aliases));
    }

    /**
     * The highest version by semantic-version precedence, skipping deprecated ones unless
     * {@code includeDeprecated}. Empty when the model is unknown or has no such version.
     */
    public Optional<ModelVersion> latest(String model, boolean includeDeprecated) {
        ModelEntry m = store.state().modelOrNull(model);
        if (m == null) {
            Names.model(model);
            return Optional.empty();
        }
        VersionEntry v = includeDeprecated ? m.latestIncludingDeprecated : m.latest;
        return v == null ? Optional.empty() : Optional.of(new ModelVersion(model, v, m.aliases));
    }

    /** All versions of a model in semantic-version order, lowest first. */
    public List<ModelVersion> versions(String model) {
        ModelEntry m = Lookups.existingModel(store.state(), Names.model(model));
        Map<String, Version> aliases = m.aliases;
        List<ModelVersion> out = new ArrayList<>(m.versions.size());
        for (VersionEntry v : m.versions.values()) {
            out.add(new ModelVersion(model, v, aliases));
        }
        return out;
    }

    /** The version an alias points at, if any. */
    public Optional<ModelVersion> alias(String model, String alias) {
        ModelEntry m = store.state().modelOrNull(Names.model(model));
        if (m == null) {
            return Optional.empty();
        }
        Map<String, Version> aliases = m.aliases;
        Version v = aliases.get(Names.alias(alias));
        return v == null ? Optional.empty() : Optional.of(new ModelVersion(model, m.versions.get(VersionKey.of(v)), aliases));
    }

    /** Every model, by name, including models created on their own that have no version yet. */
    public List<ModelSummary> models() {
        List<ModelSummary> out = new ArrayList<>();
        for (ModelEntry m : store.state().models()) {
            out.add(summary(m));
        }
        out.sort(Comparator.comparing(ModelSummary::name));
        return out;
    }

    /** One model at a glance, if it exists. */
    public Optional<ModelSummary> model(String name) {
        ModelEntry m = store.state().modelOrNull(Names.model(name));
        return m == null ? Optional.empty() : Optional.of(summary(m));
    }

    static ModelSummary summary(ModelEntry m) {
        Map<String, String> aliases = new TreeMap<>();
        m.aliases.forEach((a, v) -> aliases.put(a, v.toString()));
        VersionEntry latest = m.latest;
        ModelCreated creation = m.creation;
        return new ModelSummary(m.name, m.versions.size(), Optional.ofNullable(latest).map(e -> e.version().toString()),
                aliases, m.createdAt(), Optional.ofNullable(creation).map(ModelCreated::description),
                creation == null ? Map.of() : creation.tags());
    }

    /**
     * Creates a model with no versions, with an optional description and tags. Idempotent: when the
     * model exists with the same description and tags (none and none for a model its first version
     * created), nothing is written and the existing model is returned.
     *
     * @throws RegistryException {@code invalid_input} for a malformed name, description or tag;
     *     {@code conflict} when the model exists with another description or other tags
     */
    public ModelSummary createModel(String name, String description, Map<String, String> tags) {
        String model = Names.model(name);
        Map<String, String> t = tags == null ? Map.of() : tags;
        t.forEach((k, v) -> Names.tagValue(Names.tagKey(k), v));
        if (description != null && description.length() > Names.MAX_REASON) {
            throw RegistryException.invalid("expected a description of at most " + Names.MAX_REASON
                    + " characters for model '" + model + "' but got " + description.length());
        }
        return store.execute(new CreateModel(new ModelCreated(model, description, t, clock.instant())));
    }

    /** Versions of any model carrying tag {@code key=value}, by model then version. */
    public List<ModelVersion> findByTag(String key, String value) {
        Names.tagValue(Names.tagKey(key), value);
        List<ModelVersion> out = new ArrayList<>();
        List<ModelEntry> sorted = new ArrayList<>();
        store.state().models().forEach(sorted::add);
        sorted.sort(Comparator.comparing(m -> m.name));
        for (ModelEntry m : sorted) {
            for (VersionEntry v : m.versions.values()) {
                if (value.equals(v.tags().get(key))) {
                    out.add(new ModelVersion(m.name, v, m.aliases));
                }
            }
        }
        return out;
    }

    /**
     * Moves {@code alias} (default {@link #PRODUCTION}) to a version. One version holds an alias at a
     * time; a deprecated version cannot take one.
     */
    public ModelVersion promote(String model, String version, String alias) {
        String m = Names.model(model);
        return store.execute(new MoveAlias(m, Names.version(m, version), Names.alias(alias == null ? PRODUCTION : alias),
                clock));
    }

    /** Deprecates a version, removing its aliases. */
    public ModelVersion deprecate(String model, String version, String reason) {
        String m = Names.model(model);
        return store.execute(new DeprecateVersion(m, Names.version(m, version), Names.reason(reason), clock));
    }

    /**
     * Journals a detection without waiting: the future completes once it is durable (and then
     * published on the event bus), or fails when the model is not registered or the journal cannot
     * be written. The monitor's thread must never wait on an fsync.
     */
    public CompletableFuture<DetectionRaised> recordDetection(DetectionRaised detection) {
        Names.model(detection.model());
        return store.submit(new RecordDetection(detection));
    }

    /**
     * The most recent detections of a model (up to 1,000; older ones stay in the journal until it
     * is compacted), oldest first, optionally only those at or after {@code since}.
     */
    public List<RecordedDetection> detections(String model, Instant since) {
        Detections d = store.state().detectionsOf(Names.model(model));
        if (d == null) {
            return List.of();
        }
        List<RecordedDetection> out = new ArrayList<>();
        for (Detections.Entry e : d.list()) {
            if (since == null || !e.event().detectedAt().isBefore(since)) {
                out.add(new RecordedDetection(e.position(), e.event()));
            }
        }
        return out;
    }

    /** Records {@code policy} (a checked monitor policy document) as the model's own. */
    public MonitorPolicySet setMonitorPolicy(String model, JsonNode policy) {
        String m = Names.model(model);
        return store.execute(new SetMonitorPolicy(new MonitorPolicySet(m, policy, clock.instant())));
    }

    /** The model's own monitor policy document, if it was given one. */
    public Optional<JsonNode> monitorPolicy(String model) {
        return Optional.ofNullable(store.state().policy(model));
    }

    /** Records {@code config} (a checked retrain configuration document) as the model's own. */
    public RetrainConfigSet setRetrainConfig(String model, JsonNode config) {
        String m = Names.model(model);
        return store.execute(new SetRetrainConfig(new RetrainConfigSet(m, JsonValues.journaled("retrain config", config),
                clock.instant())));
    }

    /** The model's retrain configuration document, if it was given one. */
    public Optional<JsonNode> retrainConfig(String model) {
        return Optional.ofNullable(store.state().retrainConfig(model));
    }

    /** Number of models and versions, for status output. */
    public long versionCount() {
        return store.state().versionCount();
    }

    public int modelCount() {
        return store.state().modelCount();
    }

    @Override
    public void close() {
        store.close();
    }
}
