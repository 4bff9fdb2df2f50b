package io.visutility.tuning;

import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cartesian product of every parameter's values, in mixed-radix order (the first parameter
 * changes slowest). A float without a step gets {@code floatPoints} points from low to high, evenly
 * spaced (geometrically when log). Each ask takes the first point no earlier trial used, whatever
 * that trial's state, so a rebuilt study continues where it stopped; trials whose values are not on
 * the grid (say, from a warm start) use no point. Points are computed, never listed, so a large grid
 * costs nothing until it is walked.
 */
final class GridSampler implements Sampler {
    static final int DEFAULT_FLOAT_POINTS = 10;
    private static final double TOLERANCE = 1e-9;

    private final int floatPoints;

    GridSampler(int floatPoints) {
        if (floatPoints < 2) {
            throw new IllegalArgumentException("expected at least 2 grid points per float parameter but got "
                    + floatPoints);
        }
        this.floatPoints = floatPoints;
    }

    @Override
    public Proposal propose(History history) {
        List<Parameter> parameters = history.space().parameters();
        long[] sizes = new long[parameters.size()];
        long total = 1;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = size(parameters.get(i));
            try {
                total = Math.multiplyExact(total, sizes[i]);
            } catch (ArithmeticException e) {
                total = Long.MAX_VALUE;
            }
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the grid over " + history.space().toJson() + " has more than "
                    + Integer.MAX_VALUE + " points; give floats a step, narrow int ranges or use another sampler");
        }
        BitSet used = new BitSet();
        for (Trial t : history.trials()) {
            long index = indexOf(parameters, sizes, t.params());
            if (index >= 0) {
                used.set((int) index);
            }
        }
        int next = used.nextClearBit(0);
        if (next >= total) {
            return new Proposal.Exhausted("grid exhausted: all " + total + " points were suggested");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        long rest = next;
        Object[] picked = new Object[sizes.length];
        for (int i = sizes.length - 1; i >= 0; i--) {
            picked[i] = point(parameters.get(i), rest % sizes[i]);
            rest /= sizes[i];
        }
        for (int i = 0; i < sizes.length; i++) {
            values.put(parameters.get(i).name(), picked[i]);
        }
        return new Proposal.Params(values);
    }

    private long size(Parameter p) {
        return switch (p) {
            case FloatParam f when f.step().isPresent() -> f.stepCount();
            case FloatParam f -> floatPoints;
            case IntParam i -> i.stepCount();
            case CategoricalParam c -> c.choices().size();
        };
    }

    private Object point(Parameter p, long k) {
        return switch (p) {
            case FloatParam f when f.step().isPresent() -> ParamValues.onGrid(f, k);
            case FloatParam f when k == 0 -> f.low();
            case FloatParam f when k == floatPoints - 1 -> f.high();
            case FloatParam f when f.log() -> Math.max(f.low(), Math.min(f.high(),
                    Math.exp(Math.log(f.low()) + k * (Math.log(f.high()) - Math.log(f.low())) / (floatPoints - 1))));
            case FloatParam f -> Math.min(f.high(), f.low() + k * (f.high() - f.low()) / (floatPoints - 1));
            case IntParam i -> i.low() + k * i.step();
            case CategoricalParam c -> c.choices().get((int) k);
        };
    }

    /** The grid index of {@code values}, or -1 if some value is not a grid point. */
    private long indexOf(List<Parameter> parameters, long[] sizes, Map<String, Object> values) {
        long index = 0;
        for (int i = 0; i < sizes.length; i++) {
            Parameter p = parameters.get(i);
            long k = coordinate(p, values.get(p.name()));
            if (k < 0) {
                return -1;
            }
            index = index * sizes[i] + k;
        }
        return index;
    }

    private long coordinate(Parameter p, Object value) {
        if (value == null) {
            return -1;
        }
        return switch (p) {
            case CategoricalParam c -> c.indexOf(value);
            case IntParam i -> (((Number) value).longValue() - i.low()) / i.step();
            case FloatParam f -> {
                double v = ((Number) value).doubleValue();
                double position = f.step().isPresent()
                        ? (v - f.low()) / f.step().getAsDouble()
                        : f.log()
                        ? (Math.log(v) - Math.log(f.low())) / (Math.log(f.high()) - Math.log(f.low())) * (floatPoints - 1)
                        : (v - f.low()) / (f.high() - f.low()) * (floatPoints - 1);
                long k = Math.round(position);
                double expected = ((Number) point(f, Math.max(0, Math.min(size(f) - 1, k)))).doubleValue();
                yield Math.abs(expected - v) <= TOLERANCE * Math.max(1, Math.abs(v)) ? k : -1;
            }
        };
    }

    @Override
    public String toString() {
        return "grid(float_points=" + floatPoints + ")";
    }
}
