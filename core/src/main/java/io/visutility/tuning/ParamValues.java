package io.visutility.tuning;

import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The canonical Java form of parameter values, and the check that a value belongs to its parameter.
 * Values arrive from samplers, from callers and from JSON (where {@code 64} may come back as an
 * {@link Integer} and {@code 0.5} as a {@link Double}); canonical values are {@link Double} for
 * floats, {@link Long} for ints, and the matching choice object for categoricals.
 */
final class ParamValues {
    /** Relative tolerance for a float to count as lying on its step grid. */
    private static final double GRID_TOLERANCE = 1e-9;

    private ParamValues() {}

    /** The canonical form of {@code value} for {@code parameter}, or an exception saying why it is not a value of it. */
    static Object canonical(Parameter parameter, Object value) {
        if (value == null) {
            throw invalid(parameter, "expected a value but got null");
        }
        return switch (parameter) {
            case FloatParam p -> canonicalFloat(p, value);
            case IntParam p -> canonicalInt(p, value);
            case CategoricalParam p -> {
                int index = p.indexOf(value);
                if (index < 0) {
                    throw invalid(p, "expected one of " + p.choices() + " but got " + show(value));
                }
                yield p.choices().get(index);
            }
        };
    }

    private static Double canonicalFloat(FloatParam p, Object value) {
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw invalid(p, "expected a finite number but got " + show(value));
        }
        double v = number.doubleValue();
        if (v < p.low() || v > p.high()) {
            throw invalid(p, "expected a value within [" + p.low() + ", " + p.high() + "] but got " + v);
        }
        if (p.step().isPresent()) {
            double q = p.step().getAsDouble();
            double k = (v - p.low()) / q;
            long whole = Math.round(k);
            if (Math.abs(k - whole) > GRID_TOLERANCE * Math.max(1, k)) {
                throw invalid(p, "expected low + k·step (low=" + p.low() + ", step=" + q + ") but got " + v);
            }
            return onGrid(p, whole);
        }
        return v;
    }

    /** The stepped float {@code low + k·step}, never past {@code high}. */
    static double onGrid(FloatParam p, long k) {
        return Math.min(p.high(), p.low() + k * p.step().orElseThrow());
    }

    private static Long canonicalInt(IntParam p, Object value) {
        long v;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            v = ((Number) value).longValue();
        } else if (value instanceof Number number && isIntegral(number)) {
            v = number.longValue();
        } else {
            throw invalid(p, "expected an integer but got " + show(value));
        }
        if (v < p.low() || v > p.high()) {
            throw invalid(p, "expected a value within [" + p.low() + ", " + p.high() + "] but got " + v);
        }
        if ((v - p.low()) % p.step() != 0) {
            throw invalid(p, "expected low + k·step (low=" + p.low() + ", step=" + p.step() + ") but got " + v);
        }
        return v;
    }

    private static boolean isIntegral(Number number) {
        if (number instanceof BigInteger b) {
            return b.bitLength() < 64;
        }
        if (number instanceof BigDecimal d) {
            try {
                d.longValueExact();
                return true;
            } catch (ArithmeticException e) {
                return false;
            }
        }
        double d = number.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53;
    }

    /** A categorical choice in canonical form: strings and booleans as they are, numbers as Long or Double. */
    static Object canonicalChoice(String parameter, Object choice) {
        return switch (choice) {
            case String s -> s;
            case Boolean b -> b;
            case Number n when isIntegral(n) && !(n instanceof Double || n instanceof Float) -> n.longValue();
            case Number n when Double.isFinite(n.doubleValue()) -> n.doubleValue();
            case null, default -> throw new IllegalArgumentException("parameter '" + parameter
                    + "': expected choices that are strings, booleans or finite numbers but got " + show(choice));
        };
    }

    /** Whether two choices are the same: equal strings or booleans, or numbers of equal value. */
    static boolean sameChoice(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
                return x.longValue() == y.longValue();
            }
            return x.doubleValue() == y.doubleValue();
        }
        return a != null && a.equals(b);
    }

    static String show(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return value + " (a " + value.getClass().getSimpleName() + ")";
    }

    private static IllegalArgumentException invalid(Parameter p, String message) {
        return new IllegalArgumentException("parameter '" + p.name() + "': " + message);
    }
}
