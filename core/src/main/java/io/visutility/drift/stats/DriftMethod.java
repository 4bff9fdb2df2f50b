package io.visutility.drift.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How one feature's reference and current samples are compared. The p-value methods say a feature
 * drifted when {@code p < threshold}; the distance methods when {@code distance >= threshold}.
 * {@link #AUTO} is not a test of its own: it picks one of the others per feature, the way Evidently
 * does by default (see {@link DriftComparison}).
 */
public enum DriftMethod {
    /** Evidently's default choice per feature, from the sample size, kind and number of values. */
    AUTO("auto"),
    /** Two-sample Kolmogorov-Smirnov test (numeric only), p-value as scipy's {@code ks_2samp}. */
    KS("ks"),
    /** Chi-square goodness of fit of the current category counts to the reference proportions. */
    CHISQUARE("chisquare"),
    /** Wasserstein-1 distance divided by the reference standard deviation (numeric only). */
    WASSERSTEIN("wasserstein"),
    /** Jensen-Shannon distance (natural logarithm) between binned percentages. */
    JENSENSHANNON("jensenshannon"),
    /** Population stability index between binned percentages. */
    PSI("psi");

    private final String cliName;

    DriftMethod(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The method with the given command-line name: {@code auto}, {@code ks}, {@code chisquare},
     * {@code wasserstein}, {@code jensenshannon} or {@code psi}.
     *
     * @throws IllegalArgumentException naming the valid names if {@code name} is none of them
     */
    public static DriftMethod parse(String name) {
        for (DriftMethod m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected a drift method, one of " + names() + ", but got '"
                + name + "'" + hint(name));
    }

    /** The stable lowercase name used on the command line and in reports, e.g. {@code chisquare}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Whether the method's decision is a p-value compared with the threshold ({@code ks},
     * {@code chisquare}) rather than a distance.
     *
     * @throws IllegalStateException for {@link #AUTO}, which is resolved per feature
     */
    public boolean hasPValue() {
        return switch (this) {
            case KS, CHISQUARE -> true;
            case WASSERSTEIN, JENSENSHANNON, PSI -> false;
            case AUTO -> throw unresolved();
        };
    }

    /**
     * The threshold used when none is given: 0.05 for the p-value methods, 0.1 for the distances
     * (Evidently's defaults).
     *
     * @throws IllegalStateException for {@link #AUTO}, which is resolved per feature
     */
    public double defaultThreshold() {
        return hasPValue() ? 0.05 : 0.1;
    }

    private static IllegalStateException unresolved() {
        return new IllegalStateException("'auto' picks a concrete method per feature; ask that method instead");
    }

    private static String names() {
        return Arrays.stream(values()).map(DriftMethod::cliName).collect(Collectors.joining("|"));
    }

    private static String hint(String name) {
        if (name == null) {
            return "";
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (DriftMethod m : values()) {
            if (m.cliName.equals(lower)) {
                return " (names are lowercase: '" + m.cliName + "')";
            }
        }
        return "";
    }
}
