package io.visutility.tuning;

import java.util.List;
import java.util.Objects;

/**
 * What a sampler sees when asked for the next trial: the space, the direction and every trial so far
 * in number order (running, complete, pruned and failed alike). A read-only snapshot.
 */
public record History(SearchSpace space, Direction direction, List<Trial> trials) {
    public History {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(direction, "direction");
        trials = List.copyOf(trials);
    }

    /** The number the next trial will get. */
    public int nextTrialNumber() {
        return trials.size();
    }
}
