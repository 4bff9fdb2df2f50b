package io.visutility.tuning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SequencedMap;

/**
 * Everything that ever changed a {@link Study}, as past-tense facts. A study's events, in order,
 * determine it completely: {@link Study#replay} applies them with the same appliers that ran live,
 * and because samplers draw from (seed, trial number) the rebuilt study then suggests exactly what
 * the original would have. Each record has a stable {@link #typeId()}; the JSON form
 * ({@link #toJson()}) carries it and {@link #SCHEMA_VERSION}.
 */
public sealed interface StudyEvent {

    /** Version of the JSON form written by {@link #toJson()}; bumped when old readers could not read it. */
    int SCHEMA_VERSION = 1;

    /** The trial the event concerns. */
    int trialNumber();

    /** Trial {@code trialNumber} was handed out with these parameter values and is running. */
    record TrialAsked(int trialNumber, SequencedMap<String, Object> params) implements StudyEvent {
        public TrialAsked {
            Objects.requireNonNull(params, "params");
            params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
        }
    }

    /** The running trial finished with objective {@code value} (finite). */
    record TrialCompleted(int trialNumber, double value) implements StudyEvent {}

    /** The running trial produced no value, for {@code reason}. */
    record TrialFailed(int trialNumber, String reason) implements StudyEvent {
        public TrialFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The running trial was stopped early, with its last intermediate value if it reported one. */
    record TrialPruned(int trialNumber, OptionalDouble lastValue) implements StudyEvent {
        public TrialPruned {
            Objects.requireNonNull(lastValue, "lastValue");
        }
    }

    /** Stable type id: {@code trial_asked}, {@code trial_completed}, {@code trial_failed} or {@code trial_pruned}. */
    default String typeId() {
        return switch (this) {
            case TrialAsked e -> "trial_asked";
            case TrialCompleted e -> "trial_completed";
            case TrialFailed e -> "trial_failed";
            case TrialPruned e -> "trial_pruned";
        };
    }

    /**
     * One-line JSON, e.g. {@code {"type":"trial_completed","v":1,"trial":3,"value":0.25}}; asked
     * events carry {@code "params"}, failed ones {@code "reason"}, pruned ones an optional {@code "value"}.
     */
    default String toJson() {
        return StudyEventJson.write(this);
    }

    /** Reads {@link #toJson()}'s form; params are canonicalised against the space on replay. */
    static StudyEvent fromJson(String json) {
        return StudyEventJson.read(json);
    }

    /** Params keyed by name, as a caller might hold them; copied in iteration order. */
    static TrialAsked asked(int trialNumber, Map<String, ?> params) {
        return new TrialAsked(trialNumber, new LinkedHashMap<>(params));
    }
}
