package io.visutility.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.zafarkhaja.semver.Version;
import io.visutility.event.AliasMoved;
import io.visutility.event.DetectionRaised;
import io.visutility.event.ModelCreated;
import io.visutility.event.MonitorPolicySet;
import io.visutility.event.Event;
import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.event.JournaledEvent;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.event.VersionDeprecated;
import io.visutility.event.PromotionDecided;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import io.visutility.event.StudyRecorded;
import io.visutility.event.RetrainConfigSet;
import io.visutility.event.RetrainDeclined;
import io.visutility.store.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's state: models, their versions and aliases. Changed only by {@link #apply}, on one
 * thread at a time (the store's writer, or recovery); read concurrently by everyone else.
 *
 * <p>A snapshot is the list of events that rebuilds this state — per model its own creation (when it
 * was created before any version), every version's registration, then deprecations, then the current
 * aliases — one JSON object per line, so it is read back through the
 * same applier as the journal.
 */
final class RegistryState implements StateMachine {
    private final ConcurrentHashMap<String, ModelEntry> models = new ConcurrentHashMap<>();
    private volatile long versionCount;
    /** True until {@link #recovered}: registrations are bulk-loaded per model (no readers yet). */
    private boolean recovering = true;

    @Override
    public void recovered() {
        recovering = false;
        for (ModelEntry m : models.values()) {
            m.finishLoading();
        }
    }
    /** The most recent detections per model ({@link Detections#RETAINED} each; older ones only in the journal). */
    private final ConcurrentHashMap<String, Detections> detections = new ConcurrentHashMap<>();
    /** Monitor policies set per model (JSON documents); models without one use the default. */
    private final ConcurrentHashMap<String, JsonNode> policies = new ConcurrentHashMap<>();
    private final JobTable jobs = new JobTable();
    /** Retrain configurations set per model (JSON documents). */
    private final ConcurrentHashMap<String, JsonNode> retrainConfigs = new ConcurrentHashMap<>();
    private final StudyLog studies = new StudyLog();
    private final PromotionLog promotions = new PromotionLog();

    @Override
    public void apply(JournaledEvent journaled) {
        switch (journaled.event()) {
            case ModelVersionRegistered e -> {
                ModelEntry model = models.get(e.model());
                if (model == null) {
                    model = models.computeIfAbsent(interned(e.model()), ModelEntry::new);
                }
                VersionEntry entry = VersionEntry.of(version(e.version()), e.id().getMostSignificantBits(),
                        e.id().getLeastSignificantBits(), e.sha256(), e.size(), compactJson(e.metrics()),
                        compactTags(e.tags()), compactJson(e.params()),
                        e.lineage().isEmpty() ? Lineage.NONE : e.lineage(), e.createdAt());
                if (recovering) {
                    model.load(entry);
                } else {
                    model.put(entry);
                }
                versionCount++;
            }
            case AliasMoved e -> models.get(e.model()).setAlias(e.alias(), Version.parse(e.version()));
            case VersionDeprecated e -> {
                ModelEntry model = models.get(e.model());
                model.finishLoading();
                Version v = Version.parse(e.version());
                model.put(model.versions.get(VersionKey.of(v)).deprecate(e.reason(), e.deprecatedAt()));
                model.removeAliases(e.removedAliases());
            }
            case DetectionRaised e -> detections.computeIfAbsent(interned(e.model()), m -> new Detections())
                    .add(journaled.position(), e);
            case MonitorPolicySet e -> policies.put(e.model(), e.policy());
            case RetrainQueued e -> jobs.apply(e);
            case RetrainMerged e -> jobs.apply(e);
            case RetrainStarted e -> jobs.apply(e);
            case RetrainFinished e -> jobs.apply(e);
            case StudyRecorded e -> studies.apply(e);
            case PromotionDecided e -> promotions.apply(e);
            case RetrainConfigSet e -> retrainConfigs.put(e.model(), e.config());
            case RetrainDeclined e -> { } // a trace for the bus and the journal; no state
            case ModelCreated e -> models.computeIfAbsent(interned(e.model()), ModelEntry::new).created(e);
        }
    }

    /**
     * Metadata maps as Jackson builds them are LinkedHashMaps of ~180 bytes each; held a million
     * times that dominates the heap. Values that repeat across versions — metric, tag and parameter
     * names, tag values, whole tag maps, and version numbers (1.0.0 exists in most models) — are
     * shared through this interner, and maps become immutable compact ones. Touched only by the
     * applying thread. Bounded: past {@link #INTERNED_MAX} distinct values, new ones are kept as
     * they are (still correct, just not shared).
     */
    private static final int INTERNED_MAX = 200_000;

    private final Map<Object, Object> interner = new HashMap<>();

    /** Parsed versions by their text: most models share version numbers, and parsing is costly. */
    private final Map<String, VersionKey> versions = new HashMap<>();

    /** Most version strings whose parse is cached: enough for the numbers models share (1.0.0, …). */
    private static final int VERSIONS_CACHED = 10_000;

    private VersionKey version(String text) {
        VersionKey v = versions.get(text);
        if (v == null) {
            v = VersionKey.of(Version.parse(text));
            if (versions.size() < VERSIONS_CACHED) {
                versions.put(text, v);
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private <T> T interned(T value) {
        Object existing = interner.get(value);
        if (existing != null) {
            return (T) existing;
        }
        if (interner.size() < INTERNED_MAX) {
            interner.put(value, value);
        }
        return value;
    }

    private Map<String, JsonNode> compactJson(Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        if (values.size() == 1) {
            Map.Entry<String, JsonNode> e = values.entrySet().iterator().next();
            return Map.of(interned(e.getKey()), e.getValue());
        }
        Map<String, JsonNode> out = new HashMap<>(values.size() * 2);
        values.forEach((k, v) -> out.put(interned(k), v));
        return Map.copyOf(out);
    }

    private Map<String, String> compactTags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        if (tags.size() == 1) {
            Map.Entry<String, String> e = tags.entrySet().iterator().next();
            return interned(Map.of(interned(e.getKey()), interned(e.getValue())));
        }
        Map<String, String> out = new HashMap<>(tags.size() * 2);
        tags.forEach((k, v) -> out.put(interned(k), interned(v)));
        return interned(Map.copyOf(out));
    }

    Optional<ModelEntry> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    ModelEntry modelOrNull(String name) {
        return models.get(name);
    }

    Iterable<ModelEntry> models() {
        return models.values();
    }

    int modelCount() {
        return models.size();
    }

    long versionCount() {
        return versionCount;
    }

    Detections detectionsOf(String model) {
        return detections.get(model);
    }

    JsonNode policy(String model) {
        return policies.get(model);
    }

    JsonNode retrainConfig(String model) {
        return retrainConfigs.get(model);
    }

    JobTable jobs() {
        return jobs;
    }

    StudyLog studies() {
        return studies;
    }

    PromotionLog promotions() {
        return promotions;
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        EventCodec codec = new EventCodec();
        ObjectMapper mapper = EventCodec.mapper();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            for (ModelEntry m : new TreeMap<>(models).values()) {
                if (m.creation != null) {
                    writeEvent(g, codec, m.creation);
                }
                List<Event> deprecations = new ArrayList<>();
                for (VersionEntry v : m.versions.values()) {
                    writeEvent(g, codec, new ModelVersionRegistered(m.name, v.key().toString(),
                            new java.util.UUID(v.idHigh(), v.idLow()), v.sha256(), v.size(),
                            v.metrics(), v.tags(), v.params(), v.lineage(), v.createdAt()));
                    if (v.deprecated()) {
                        deprecations.add(new VersionDeprecated(m.name, v.key().toString(), v.deprecation().reason(),
                                List.of(), v.deprecation().at()));
                    }
                }
                for (Event e : deprecations) {
                    writeEvent(g, codec, e);
                }
                for (Map.Entry<String, Version> a : new TreeMap<>(m.aliases).entrySet()) {
                    writeEvent(g, codec, new AliasMoved(m.name, a.getKey(), a.getValue().toString(), null, java.time.Instant.EPOCH));
                }
            }
            for (Map.Entry<String, JsonNode> p : new TreeMap<>(policies).entrySet()) {
                writeEvent(g, codec, new MonitorPolicySet(p.getKey(), p.getValue(), java.time.Instant.EPOCH));
            }
            for (String model : new TreeMap<>(detections).keySet()) {
                for (Detections.Entry d : detections.get(model).list()) {
                    writeEvent(g, codec, d.event());
                }
            }
            for (Map.Entry<String, JsonNode> c : new TreeMap<>(retrainConfigs).entrySet()) {
                writeEvent(g, codec, new RetrainConfigSet(c.getKey(), c.getValue(), java.time.Instant.EPOCH));
            }
            for (Event e : jobs.events()) {
                writeEvent(g, codec, e);
            }
            for (List<StudyRecorded> steps : studies.all().values()) {
                for (StudyRecorded e : steps) {
                    writeEvent(g, codec, e);
                }
            }
            for (List<PromotionDecided> decided : new TreeMap<>(promotions.all()).values()) {
                for (PromotionDecided e : decided) {
                    writeEvent(g, codec, e);
                }
            }
        }
    }

    private static void writeEvent(JsonGenerator g, EventCodec codec, Event e) throws IOException {
        EventType type = EventType.of(e);
        g.writeStartObject();
        g.writeNumberField("type", type.id());
        g.writeNumberField("schema", type.schemaVersion());
        g.writeFieldName("event");
        g.writeRawValue(new String(codec.encode(e), java.nio.charset.StandardCharsets.UTF_8));
        g.writeEndObject();
    }

    @Override
    public void readSnapshot(InputStream in) throws IOException {
        EventCodec codec = new EventCodec();
        ObjectMapper mapper = EventCodec.mapper();
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            long n = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                n++;
                int type = -1;
                int schema = -1;
                Event event = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "type" -> type = p.getIntValue();
                        case "schema" -> schema = p.getIntValue();
                        case "event" -> event = codec.read(n, type, schema, p);
                        default -> throw new IOException("unexpected field '" + field + "' in snapshot entry " + n);
                    }
                }
                if (event == null) {
                    throw new IOException("snapshot entry " + n + " has no event");
                }
                apply(new JournaledEvent(n, event));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegistryState other) || !models.keySet().equals(other.models.keySet())
                || !jobs.equals(other.jobs) || !retrainConfigs.equals(other.retrainConfigs) || !studies.equals(other.studies) || !promotions.equals(other.promotions)) {
            return false;
        }
        for (ModelEntry m : models.values()) {
            ModelEntry n = other.models.get(m.name);
            if (!m.versions.equals(n.versions) || !m.aliases.equals(n.aliases)
                    || !Objects.equals(m.creation, n.creation)
                    || !Objects.equals(detectionEvents(m.name), other.detectionEvents(m.name))
                    || !Objects.equals(policies.get(m.name), other.policies.get(m.name))
                    || !Objects.equals(m.latest, n.latest)
                    || !Objects.equals(m.latestIncludingDeprecated, n.latestIncludingDeprecated)) {
                return false;
            }
        }
        return true;
    }

    private List<DetectionRaised> detectionEvents(String model) {
        Detections d = detections.get(model);
        return d == null ? List.of() : d.list().stream().map(Detections.Entry::event).toList();
    }

    @Override
    public int hashCode() {
        return models.keySet().hashCode();
    }
}
