package io.visutility.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * A detector's finding about a model version, with the evidence behind it.
 *
 * @param key the model version (as resolved by the catalog)
 * @param detector the detector's name in the policy, e.g. {@code accuracy_decay} or {@code change:ddm}
 * @param severity warning or drift
 * @param reason one sentence for a person, with the numbers
 * @param evidence the statistics behind it (snake_case keys; numbers, strings, booleans, lists)
 * @param at the timestamp of the telemetry that triggered it
 */
public record Detection(ModelKey key, String detector, Severity severity, String reason,
        Map<String, Object> evidence, Instant at) {

    public Detection {
        evidence = Map.copyOf(evidence);
    }
}
