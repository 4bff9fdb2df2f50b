package io.visutility.tuning;

import java.util.Objects;

/** What {@link Study#ask()} gives: the next trial to run, or the news that the sampler has nothing left. */
public sealed interface Suggestion {

    /** A new trial, already recorded as running. */
    record Next(Trial trial) implements Suggestion {
        public Next {
            Objects.requireNonNull(trial, "trial");
        }
    }

    /** The sampler cannot suggest anything new; {@code reason} says why. Nothing was recorded. */
    record Exhausted(String reason) implements Suggestion {
        public Exhausted {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The trial, or a {@link SearchSpaceExhaustedException} with the reason. */
    default Trial orElseThrow() {
        return switch (this) {
            case Next next -> next.trial();
            case Exhausted exhausted -> throw new SearchSpaceExhaustedException(exhausted.reason());
        };
    }
}
