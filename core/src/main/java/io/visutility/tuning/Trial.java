package io.visutility.tuning;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SequencedMap;

/**
 * One evaluation of the objective: its number within the study (0, 1, 2, … in the order asked),
 * the parameter values in the space's order, its state, and its value once complete (or its last
 * intermediate value if pruned with one). A failed trial carries the reason given. Immutable: a
 * change of state gives a new record.
 */
public record Trial(int number, SequencedMap<String, Object> params, TrialState state, OptionalDouble value,
        Optional<String> failure) {

    public Trial {
        if (number < 0) {
            throw new IllegalArgumentException("expected a trial number ≥ 0 but got " + number);
        }
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(failure, "failure");
    }

    static Trial running(int number, SequencedMap<String, Object> params) {
        return new Trial(number, params, TrialState.RUNNING, OptionalDouble.empty(), Optional.empty());
    }

    Trial finish(TrialState newState, OptionalDouble newValue, Optional<String> reason) {
        return new Trial(number, params, newState, newValue, reason);
    }

    /** The value of {@code name}: a Double, Long, String or Boolean (see {@link Parameter}). */
    public Object param(String name) {
        Object value = params.get(name);
        if (value == null) {
            throw new NoSuchElementException("trial " + number + " has no parameter '" + name + "'; it has "
                    + params.keySet());
        }
        return value;
    }

    /** A numeric parameter (float, int or a numeric choice) as a double. */
    public double doubleParam(String name) {
        return cast(name, Number.class).doubleValue();
    }

    /** An int parameter (or an integral numeric choice). */
    public long longParam(String name) {
        return cast(name, Long.class);
    }

    /** A categorical parameter whose choice is a string. */
    public String stringParam(String name) {
        return cast(name, String.class);
    }

    /** A categorical parameter whose choice is a boolean. */
    public boolean booleanParam(String name) {
        return cast(name, Boolean.class);
    }

    private <T> T cast(String name, Class<T> type) {
        Object value = param(name);
        if (!type.isInstance(value)) {
            throw new ClassCastException("trial " + number + " parameter '" + name + "' is " + ParamValues.show(value)
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
