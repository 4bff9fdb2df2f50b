package io.visutility.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.visutility.journal.JournalRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns events into journal payloads (JSON, snake_case, ISO-8601 instants) and back. Thread-safe.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = newMapper();

    private final Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);
    private final Map<EventType, ObjectWriter> writers = new EnumMap<>(EventType.class);
    private final Interner interner = new Interner();

    public EventCodec() {
        for (EventType t : EventType.values()) {
            readers.put(t, MAPPER.readerFor(t.type()));
            writers.put(t, MAPPER.writerFor(t.type()));
        }
    }

    /** The JSON mapper used for every persisted record; also right for printing them. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("visutility-instants").addDeserializer(Instant.class, new InstantCodec()))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public byte[] encode(Event event) {
        try {
            return writers.get(EventType.of(event)).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a journal record.
     *
     * @throws UnreadableEventException when its type or schema version is unknown to this build, or
     *     its payload does not match the type
     */
    public JournaledEvent decode(JournalRecord record) {
        EventType type = EventType.byId(record.typeId());
        if (type == null) {
            throw new UnreadableEventException(record.position(), "unknown event type id " + record.typeId()
                    + " (this build knows " + EventType.known() + "); was it written by a newer version?");
        }
        if (record.schemaVersion() != type.schemaVersion()) {
            throw new UnreadableEventException(record.position(), "event type " + type + " has schema version "
                    + record.schemaVersion() + " but this build reads version " + type.schemaVersion());
        }
        try {
            if (type == EventType.MODEL_VERSION_REGISTERED) {
                ModelVersionRegistered canonical = CanonicalRegisteredParser.parse(record.payload(), interner);
                if (canonical != null) {
                    return new JournaledEvent(record.position(), canonical);
                }
                try (JsonParser p = MAPPER.getFactory().createParser(record.payload())) {
                    p.nextToken();
                    ModelVersionRegistered event = RegisteredReader.read(p, interner);
                    if (p.nextToken() != null) {
                        throw new IOException("trailing content after the event");
                    }
                    return new JournaledEvent(record.position(), event);
                }
            }
            return new JournaledEvent(record.position(), readers.get(type).readValue(record.payload()));
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException(record.position(), "payload of " + type + " does not parse: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableEventException(record.position(), "payload of " + type + " does not parse: "
                    + e.getMessage());
        }
    }

    /**
     * Reads one event of the given type from a parser positioned at its JSON object (used by
     * snapshots, which hold events inline).
     */
    public Event read(long position, int typeId, int schemaVersion, JsonParser parser) {
        EventType type = EventType.byId(typeId);
        if (type == null || schemaVersion != type.schemaVersion()) {
            throw new UnreadableEventException(position, "unknown event type id " + typeId + " or schema version "
                    + schemaVersion + " (this build knows " + EventType.known() + ")");
        }
        try {
            if (type == EventType.MODEL_VERSION_REGISTERED) {
                return RegisteredReader.read(parser, interner);
            }
            return readers.get(type).readValue(parser);
        } catch (IOException e) {
            throw new UnreadableEventException(position, "payload of " + type + " does not parse: " + e.getMessage());
        }
    }

    /** A journal record this build cannot turn back into an event. */
    public static final class UnreadableEventException extends RuntimeException {
        private final long position;

        public UnreadableEventException(long position, String message) {
            super("journal record at position " + position + ": " + message);
            this.position = position;
        }

        public long position() {
            return position;
        }
    }

}
