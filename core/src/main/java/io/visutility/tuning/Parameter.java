package io.visutility.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One hyper-parameter of a {@link SearchSpace}: its name and the values it may take. The family is
 * closed: a float range, an integer range or a list of categorical choices. Every record checks its
 * values when made and says which parameter is wrong and why.
 *
 * <p>Values as they appear in a {@link Trial}: a float parameter gives a {@link Double}, an int
 * parameter a {@link Long}, a categorical parameter the choice itself (a {@link String},
 * {@link Boolean}, {@link Long} or {@link Double}).
 */
public sealed interface Parameter permits Parameter.FloatParam, Parameter.IntParam, Parameter.CategoricalParam {

    /** The parameter's name, unique within its space. */
    String name();

    /** A float in {@code [low, high]}, linear or log-uniform; with a step, one of {@code low + k·step}. */
    static FloatParam floatRange(String name, double low, double high) {
        return new FloatParam(name, low, high, false, OptionalDouble.empty());
    }

    /** A float in {@code [low, high]} searched on a log scale (so {@code low > 0}). */
    static FloatParam logFloat(String name, double low, double high) {
        return new FloatParam(name, low, high, true, OptionalDouble.empty());
    }

    /** A float taking the values {@code low, low + step, …, high}; {@code step} must divide the range. */
    static FloatParam steppedFloat(String name, double low, double high, double step) {
        return new FloatParam(name, low, high, false, OptionalDouble.of(step));
    }

    /** An integer in {@code [low, high]}. */
    static IntParam intRange(String name, long low, long high) {
        return new IntParam(name, low, high, 1, false);
    }

    /** An integer taking the values {@code low, low + step, …, high}; {@code step} must divide the range. */
    static IntParam intRange(String name, long low, long high, long step) {
        return new IntParam(name, low, high, step, false);
    }

    /** An integer in {@code [low, high]} searched on a log scale (so {@code low ≥ 1}). */
    static IntParam logInt(String name, long low, long high) {
        return new IntParam(name, low, high, 1, true);
    }

    /** One of {@code choices}: strings, booleans or numbers, non-empty and without repeats. */
    static CategoricalParam categorical(String name, List<?> choices) {
        return new CategoricalParam(name, new ArrayList<>(choices));
    }

    /**
     * A float parameter. {@code log} and {@code step} are exclusive (as in Optuna); a step must divide
     * {@code high − low} (rather than silently lowering {@code high}).
     */
    record FloatParam(String name, double low, double high, boolean log, OptionalDouble step) implements Parameter {
        public FloatParam {
            checkName(name);
            Objects.requireNonNull(step, "step");
            if (!Double.isFinite(low) || !Double.isFinite(high)) {
                throw invalid(name, "expected finite low and high but got low=" + low + ", high=" + high);
            }
            if (!(low < high)) {
                throw invalid(name, "expected low < high but got low=" + low + ", high=" + high);
            }
            if (log && !(low > 0)) {
                throw invalid(name, "expected low > 0 for a log-scaled parameter but got low=" + low);
            }
            if (step.isPresent()) {
                double q = step.getAsDouble();
                if (log) {
                    throw invalid(name, "step and log are exclusive, but got both (step=" + q + ", log=true)");
                }
                if (!(q > 0) || !Double.isFinite(q)) {
                    throw invalid(name, "expected a positive step but got step=" + q);
                }
                double intervals = (high - low) / q;
                long whole = Math.round(intervals);
                if (whole < 1 || Math.abs(intervals - whole) > 1e-9 * Math.max(1, intervals)) {
                    long fit = (long) Math.floor(intervals + 1e-9);
                    throw invalid(name, "expected step " + q + " to divide high − low = " + (high - low)
                            + (fit >= 1 ? " (the largest high it fits is " + (low + fit * q) + ")" : ""));
                }
            }
        }

        /** The number of values {@code low + k·step}; only for a stepped parameter. */
        long stepCount() {
            return Math.round((high - low) / step.orElseThrow()) + 1;
        }
    }

    /** An int parameter; {@code log} needs {@code step == 1} (as in Optuna). */
    record IntParam(String name, long low, long high, long step, boolean log) implements Parameter {
        public IntParam {
            checkName(name);
            if (!(low < high)) {
                throw invalid(name, "expected low < high but got low=" + low + ", high=" + high);
            }
            if (step < 1) {
                throw invalid(name, "expected step ≥ 1 but got step=" + step);
            }
            if (log && step != 1) {
                throw invalid(name, "step and log are exclusive, but got both (step=" + step + ", log=true)");
            }
            if (log && low < 1) {
                throw invalid(name, "expected low ≥ 1 for a log-scaled parameter but got low=" + low);
            }
            long range = Math.subtractExact(high, low);
            if (range % step != 0) {
                throw invalid(name, "expected step " + step + " to divide high − low = " + range
                        + (range >= step ? " (the largest high it fits is " + (low + range / step * step) + ")" : ""));
            }
        }

        /** The number of values {@code low + k·step}. */
        long stepCount() {
            return (high - low) / step + 1;
        }
    }

    /**
     * A categorical parameter. Choices are strings, booleans or numbers (integral numbers are kept as
     * {@link Long}, others as {@link Double}); two numbers with the same value are a repeat.
     */
    record CategoricalParam(String name, List<Object> choices) implements Parameter {
        public CategoricalParam {
            checkName(name);
            Objects.requireNonNull(choices, "choices");
            if (choices.isEmpty()) {
                throw invalid(name, "expected at least one choice but got none");
            }
            List<Object> canonical = new ArrayList<>(choices.size());
            for (Object choice : choices) {
                Object c = ParamValues.canonicalChoice(name, choice);
                for (Object earlier : canonical) {
                    if (ParamValues.sameChoice(earlier, c)) {
                        throw invalid(name, "expected unique choices but " + ParamValues.show(c) + " appears twice");
                    }
                }
                canonical.add(c);
            }
            choices = List.copyOf(canonical);
        }

        /** The position of {@code value} among the choices, or -1. */
        int indexOf(Object value) {
            for (int i = 0; i < choices.size(); i++) {
                if (ParamValues.sameChoice(choices.get(i), value)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank parameter name but got " + (name == null
                    ? "null" : "'" + name + "'"));
        }
    }

    private static IllegalArgumentException invalid(String name, String message) {
        return new IllegalArgumentException("parameter '" + name + "': " + message);
    }
}
