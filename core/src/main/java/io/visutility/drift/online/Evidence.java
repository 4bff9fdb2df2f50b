package io.visutility.drift.online;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the read-only, insertion-ordered map a detector returns from {@code evidence()}. Numbers
 * that are not yet defined (an infinite running minimum before the first value, say) are left out
 * rather than reported as infinities, so the map always serialises as plain JSON.
 */
final class Evidence {
    private final Map<String, Object> values = new LinkedHashMap<>();

    Evidence(String detector) {
        values.put("detector", detector);
    }

    Evidence put(String key, double value) {
        if (Double.isFinite(value)) {
            values.put(key, value);
        }
        return this;
    }

    Evidence put(String key, long value) {
        values.put(key, value);
        return this;
    }

    Evidence put(String key, boolean value) {
        values.put(key, value);
        return this;
    }

    Evidence put(String key, String value) {
        values.put(key, value);
        return this;
    }

    Map<String, Object> build() {
        return Collections.unmodifiableMap(values);
    }
}
