package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visutility.event.EventCodec;
import java.io.IOException;
import java.util.Map;

/** Rules for the free-form JSON values that events carry (metrics, parameters, evidence). */
final class JsonValues {
    private JsonValues() {}

    /**
     * Refuses non-finite numbers anywhere inside a value: JSON cannot hold them, so the journal would
     * replay them as something else (the text "NaN") and the state after a restart would differ.
     */
    static void checkFinite(String what, String key, String pointer, JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw RegistryException.invalid("expected a finite number for " + what + " '" + key + "'"
                    + (pointer.isEmpty() ? "" : " at " + pointer) + " but got " + node.doubleValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkFinite(what, key, pointer + "/" + i, node.get(i));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkFinite(what, key, pointer + "/" + field.getKey(), field.getValue());
            }
        }
    }

    /**
     * The value as the journal will give it back at replay (numbers as Jackson's default node
     * types), so live state equals replayed state; null stays null.
     */
    static JsonNode journaled(String what, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        checkFinite(what, what, "", value);
        ObjectMapper mapper = EventCodec.mapper();
        try {
            return mapper.readTree(mapper.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot round-trip a validated JSON value", e);
        }
    }
}
