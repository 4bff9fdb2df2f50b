package io.visutility.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Telemetry as JSON, the one format used by files, the CLI and the HTTP API: an object per record,
 * {@code "type"} naming the kind, snake_case fields, ISO-8601 {@code "at"}. Strict: an unknown type
 * or field, a missing or null number, or trailing text is refused rather than read as a default.
 */
public final class TelemetryJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();
    private static final ObjectReader READER = MAPPER.readerFor(Telemetry.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Telemetry.class);

    private TelemetryJson() {}

    /** Reads one record; Jackson's exception says what is wrong and where. */
    public static Telemetry read(String json) throws JsonProcessingException {
        return READER.readValue(json);
    }

    public static String write(Telemetry t) {
        try {
            return WRITER.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write telemetry as JSON", e);
        }
    }

    /** The reader, for streaming several records. */
    public static ObjectReader reader() {
        return READER;
    }
}
