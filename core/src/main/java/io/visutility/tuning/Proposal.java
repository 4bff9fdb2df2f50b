package io.visutility.tuning;

import java.util.Map;
import java.util.Objects;

/** What a {@link Sampler} answers: parameter values for the next trial, or that it has nothing left. */
public sealed interface Proposal {

    /** Values for every parameter of the space; the study checks and canonicalises them. */
    record Params(Map<String, Object> values) implements Proposal {
        public Params {
            Objects.requireNonNull(values, "values");
        }
    }

    /** Nothing new to suggest, and why (for a person: which space, which floor or grid). */
    record Exhausted(String reason) implements Proposal {
        public Exhausted {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
