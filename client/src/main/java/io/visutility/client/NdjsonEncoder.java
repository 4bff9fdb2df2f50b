package io.visutility.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of {@link TelemetryEvent}s as NDJSON, one object per line, in the server's telemetry
 * format: {@code type}, {@code model}, {@code version} (left out when null), {@code at} (ISO-8601)
 * and the type's own snake_case fields. Field by field with a streaming generator, no reflection.
 * Used by the sender's thread only; reuses its buffer between batches.
 */
final class NdjsonEncoder {
    /** Schubfach for doubles (Jackson's fast writer): the same digits as Double.toString, cheaper. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build()
            .setCodec(Http.MAPPER);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

    byte[] encode(List<TelemetryEvent> batch) {
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (TelemetryEvent e : batch) {
                write(g, e);
                g.flush();
                buffer.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode telemetry as NDJSON", e);
        }
        return buffer.toByteArray();
    }

    private static void write(JsonGenerator g, TelemetryEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type(event));
        g.writeStringField("model", event.model());
        if (event.version() != null) {
            g.writeStringField("version", event.version());
        }
        g.writeStringField("at", event.at() == null ? null : event.at().toString());
        switch (event) {
            case TelemetryEvent.Latency l -> g.writeNumberField("millis", l.millis());
            case TelemetryEvent.Outcome o -> {
                if (o.correct() != null) {
                    g.writeBooleanField("correct", o.correct());
                }
                if (o.predicted() != null) {
                    g.writeStringField("predicted", o.predicted());
                }
                if (o.actual() != null) {
                    g.writeStringField("actual", o.actual());
                }
            }
            case TelemetryEvent.Accuracy a -> {
                g.writeNumberField("accuracy", a.accuracy());
                g.writeNumberField("count", a.count());
            }
            case TelemetryEvent.Classification c -> {
                g.writeNumberField("precision", c.precision());
                g.writeNumberField("recall", c.recall());
                g.writeNumberField("f1", c.f1());
            }
            case TelemetryEvent.DriftScore d -> {
                g.writeStringField("name", d.name());
                g.writeNumberField("value", d.value());
                g.writeStringField("kind", d.kind() == null ? null : d.kind().json());
            }
            case TelemetryEvent.InferenceError e -> g.writeStringField("message", e.message());
            case TelemetryEvent.Features f -> {
                g.writeObjectFieldStart("numeric");
                for (Map.Entry<String, Double> n : f.numeric().entrySet()) {
                    g.writeFieldName(n.getKey());
                    if (n.getValue() == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber(n.getValue());
                    }
                }
                g.writeEndObject();
                g.writeObjectFieldStart("categorical");
                for (Map.Entry<String, String> c : f.categorical().entrySet()) {
                    g.writeStringField(c.getKey(), c.getValue());
                }
                g.writeEndObject();
            }
            case TelemetryEvent.Custom c -> {
                g.writeStringField("name", c.name());
                g.writeFieldName("payload");
                if (c.payload() == null) {
                    g.writeNull();
                } else {
                    g.writeTree(c.payload());
                }
            }
        }
        g.writeEndObject();
    }

    /** The event's {@code "type"} in the server's format. */
    static String type(TelemetryEvent event) {
        return switch (event) {
            case TelemetryEvent.Latency l -> "latency";
            case TelemetryEvent.Outcome o -> "outcome";
            case TelemetryEvent.Accuracy a -> "accuracy";
            case TelemetryEvent.Classification c -> "classification";
            case TelemetryEvent.DriftScore d -> "drift_score";
            case TelemetryEvent.InferenceError e -> "inference_error";
            case TelemetryEvent.Features f -> "features";
            case TelemetryEvent.Custom c -> "custom";
        };
    }
}
