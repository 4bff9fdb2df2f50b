package io.visutility.http;

import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.event.JournaledEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One journaled event as the JSON that live-event subscribers and webhooks receive:
 * {@code {"id":42,"type":"alias_moved","model":"detector","event":{…the journal record…}}}, where
 * {@code id} is the journal position (resume after it) and {@code event} has the same fields as
 * {@code visutility journal dump}. (Live-event streams share one encoding per event through
 * {@link EventFanout}.)
 */
public final class EventJson {
    private static final EventCodec CODEC = new EventCodec();

    private EventJson() {}

    /** The type name used in JSON, SSE {@code event:} lines and webhook headers, e.g. {@code model_version_registered}. */
    public static String typeName(JournaledEvent e) {
        return EventType.of(e.event()).name().toLowerCase(Locale.ROOT);
    }

    /** The event's JSON (one line: no newline inside). */
    public static byte[] encode(JournaledEvent e) {
        byte[] body = CODEC.encode(e.event());
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 96);
        out.writeBytes(("{\"id\":" + e.position() + ",\"type\":\"" + typeName(e) + "\",\"model\":")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Json.bytes(Json.MAPPER.getNodeFactory().textNode(e.event().model())));
        out.writeBytes(",\"event\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.write('}');
        return out.toByteArray();
    }
}
