package io.visutility.drift.stats;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of comparing one feature's reference and current samples.
 *
 * @param name the feature
 * @param method the method that was applied, never {@link DriftMethod#AUTO} (auto is resolved first)
 * @param statistic the test statistic (KS D, chi-square) or the distance (normed Wasserstein,
 *     Jensen-Shannon, PSI); the chi-square statistic is {@code +inf} when the current sample has a
 *     category the reference never had
 * @param pValue the p-value, present exactly when {@code method.hasPValue()}
 * @param threshold the p-value or distance threshold the decision used
 * @param drifted {@code p < threshold} for the p-value methods, {@code statistic >= threshold}
 *     for the distances
 */
public record FeatureDrift(
        String name, DriftMethod method, double statistic, OptionalDouble pValue, double threshold, boolean drifted) {

    public FeatureDrift {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pValue, "pValue");
        if (method == DriftMethod.AUTO) {
            throw new IllegalArgumentException("expected the method that was applied to feature '" + name
                    + "', but got 'auto'");
        }
        if (pValue.isPresent() != method.hasPValue()) {
            throw new IllegalArgumentException("expected " + (method.hasPValue() ? "a" : "no") + " p-value for "
                    + method.cliName() + " on feature '" + name + "', but got " + pValue);
        }
    }
}
