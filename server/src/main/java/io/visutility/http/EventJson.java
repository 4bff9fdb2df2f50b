package io.visutility.http;

import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.event.JournaledEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One journaled event as the JSON that live-event subscribers and webhooks receive:
 * {@code {"id":42,"type":"alias_moved","model":"detector","event":{…the journal record…}}}, where
 * {@code id} is the journal position (resume after it) and {@code event} has the same fields as
 * {@code visutility journal dump}. Encoded once per event however many subscribers read it.
 */
public final class EventJson {
    private static final int CACHE = 8192;
    private static final EventCodec CODEC = new EventCodec();
    private static final AtomicReferenceArray<Encoded> RECENT = new AtomicReferenceArray<>(CACHE);

    private record Encoded(long position, byte[] json) {}

    private EventJson() {}

    /** The type name used in JSON, SSE {@code event:} lines and webhook headers, e.g. {@code model_version_registered}. */
    public static String typeName(JournaledEvent e) {
        return EventType.of(e.event()).name().toLowerCase(Locale.ROOT);
    }

    /** The event's JSON (one line: no newline inside). */
    public static byte[] encode(JournaledEvent e) {
        int slot = (int) (e.position() % CACHE);
        Encoded cached = RECENT.get(slot);
        if (cached != null && cached.position() == e.position()) {
            return cached.json();
        }
        byte[] json = build(e);
        RECENT.set(slot, new Encoded(e.position(), json));
        return json;
    }

    private static byte[] build(JournaledEvent e) {
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
