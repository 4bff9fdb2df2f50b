package io.visutility.drift.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Compares features of a reference data set with the same features of a current one, with
 * Evidently's drift tests and defaults.
 *
 * <p>{@link DriftMethod#AUTO} chooses per feature the way Evidently's default does, from the
 * reference size and the number {@code k} of distinct values of the reference and current samples
 * together:
 * <ul>
 *   <li>reference of at most 1000 values: {@code ks} for a numeric feature with {@code k > 5},
 *       otherwise {@code chisquare} (Evidently takes a proportion Z-test when {@code k <= 2}; here
 *       chi-square covers that case too, and with two categories it tests the same hypothesis);
 *   <li>larger reference: {@code wasserstein} for a numeric feature with {@code k > 5}, otherwise
 *       {@code jensenshannon}.
 * </ul>
 */
public final class DriftComparison {
    /** Evidently switches from tests to distances above this many reference values. */
    static final int MAX_SMALL_REFERENCE = 1000;
    /** Evidently treats a numeric feature with at most this many distinct values as categories. */
    static final int MAX_CATEGORY_VALUES = 5;

    private DriftComparison() {}

    /**
     * Compares one feature.
     *
     * @param threshold the p-value or distance threshold; empty for the method's default. With
     *     {@link DriftMethod#AUTO} a given threshold applies to whichever method is chosen.
     * @throws IllegalArgumentException if the columns are of different kinds, a numeric-only method
     *     ({@code ks}, {@code wasserstein}) is asked of a categorical feature, or the threshold is
     *     not a positive finite number (at most 1 for a p-value)
     */
    public static FeatureDrift compare(
            String name, Column reference, Column current, DriftMethod method, OptionalDouble threshold) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(threshold, "threshold");
        if (reference.isNumeric() != current.isNumeric()) {
            throw new IllegalArgumentException("feature '" + name + "' is " + Binning.kind(reference)
                    + " in the reference but " + Binning.kind(current) + " in the current data (a column is "
                    + "numeric only when every value is a number)");
        }
        DriftMethod resolved = method == DriftMethod.AUTO ? chooseAuto(reference, current) : method;
        double t = threshold.orElse(resolved.defaultThreshold());
        checkThreshold(name, resolved, t);
        return switch (resolved) {
            case KS -> {
                TwoSampleTests.TestResult r = KolmogorovSmirnov.test(
                        numeric(name, resolved, reference).sorted(), numeric(name, resolved, current).sorted());
                yield byPValue(name, resolved, r, t);
            }
            case CHISQUARE -> {
                Binning.Counts counts = Binning.counts(reference, current);
                yield byPValue(name, resolved, ChiSquare.test(counts.reference(), counts.current()), t);
            }
            case WASSERSTEIN -> byDistance(name, resolved, TwoSampleTests.normedWassersteinSorted(
                    numeric(name, resolved, reference).sorted(), numeric(name, resolved, current).sorted()), t);
            case JENSENSHANNON -> {
                TwoSampleTests.Percents p = Binning.percents(reference, current);
                yield byDistance(name, resolved, TwoSampleTests.jensenShannon(p.reference(), p.current()), t);
            }
            case PSI -> {
                TwoSampleTests.Percents p = Binning.percents(reference, current);
                yield byDistance(name, resolved, TwoSampleTests.psi(p.reference(), p.current()), t);
            }
            case AUTO -> throw new AssertionError("auto was resolved above");
        };
    }

    /**
     * Compares every feature of {@code reference} (in its column order) with the same-named column
     * of {@code current}, each with its method's default threshold. Columns only in {@code current}
     * are ignored.
     *
     * @throws IllegalArgumentException naming the feature if {@code current} lacks one of the
     *     reference's features, or if comparing a feature fails
     */
    public static DatasetDrift compare(Dataset reference, Dataset current, DriftMethod method) {
        return compare(reference, current, method, OptionalDouble.empty());
    }

    /**
     * As {@link #compare(Dataset, Dataset, DriftMethod)}, with one threshold for every feature
     * (empty for each method's default).
     */
    public static DatasetDrift compare(
            Dataset reference, Dataset current, DriftMethod method, OptionalDouble threshold) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        List<FeatureDrift> features = new ArrayList<>(reference.names().size());
        for (String name : reference.names()) {
            Column ref = reference.column(name).orElseThrow();
            Column cur = current.column(name).orElseThrow(() -> new IllegalArgumentException(
                    "feature '" + name + "' of the reference (" + reference.source() + ") is missing from the "
                            + "current data (" + current.source() + "), which has " + current.names()));
            features.add(compare(name, ref, cur, method, threshold));
        }
        return DatasetDrift.of(features);
    }

    /** Evidently's default method for a feature; both columns must be of the same kind. */
    static DriftMethod chooseAuto(Column reference, Column current) {
        boolean numericWithManyValues = reference.isNumeric()
                && distinctValues(reference, current) > MAX_CATEGORY_VALUES;
        if (reference.size() <= MAX_SMALL_REFERENCE) {
            return numericWithManyValues ? DriftMethod.KS : DriftMethod.CHISQUARE;
        }
        return numericWithManyValues ? DriftMethod.WASSERSTEIN : DriftMethod.JENSENSHANNON;
    }

    private static int distinctValues(Column reference, Column current) {
        if (reference instanceof NumericColumn ref && current instanceof NumericColumn cur) {
            return Samples.distinctUnion(ref.sorted(), cur.sorted());
        }
        return Binning.counts(reference, current).reference().length;
    }

    private static NumericColumn numeric(String name, DriftMethod method, Column column) {
        if (column instanceof NumericColumn numeric) {
            return numeric;
        }
        throw new IllegalArgumentException(method.cliName() + " compares numbers, but feature '" + name
                + "' is categorical; use chisquare, jensenshannon, psi or auto");
    }

    private static void checkThreshold(String name, DriftMethod method, double t) {
        boolean ok = method.hasPValue() ? t > 0 && t <= 1 : t > 0 && Double.isFinite(t);
        if (!ok) {
            throw new IllegalArgumentException("expected a " + method.cliName() + " threshold "
                    + (method.hasPValue() ? "in (0, 1] (a p-value)" : "above 0 (a distance)") + " for feature '"
                    + name + "', but got " + t);
        }
    }

    private static FeatureDrift byPValue(String name, DriftMethod method, TwoSampleTests.TestResult r, double t) {
        return new FeatureDrift(name, method, r.statistic(), OptionalDouble.of(r.pValue()), t, r.pValue() < t);
    }

    private static FeatureDrift byDistance(String name, DriftMethod method, double distance, double t) {
        return new FeatureDrift(name, method, distance, OptionalDouble.empty(), t, distance >= t);
    }
}
