package io.visutility.monitor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reference samples of a model version's input features, taken from its training or validation
 * data and sent with the version at registration (see {@link ReferenceProfiles}); the feature-drift
 * detector compares production samples against them.
 */
public record FeatureProfile(Map<String, double[]> numeric, Map<String, String[]> categorical) {

    public FeatureProfile {
        numeric = Map.copyOf(numeric == null ? Map.of() : numeric);
        categorical = Map.copyOf(categorical == null ? Map.of() : categorical);
        Map<String, Integer> sizes = new HashMap<>();
        numeric.forEach((k, v) -> {
            if (v.length == 0) {
                throw new IllegalArgumentException("expected reference values for feature '" + k + "' but got none");
            }
            for (double d : v) {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("expected finite reference values for feature '" + k
                            + "' but got " + d);
                }
            }
            sizes.put(k, v.length);
        });
        categorical.forEach((k, v) -> {
            if (sizes.containsKey(k)) {
                throw new IllegalArgumentException("feature '" + k + "' is both numeric and categorical");
            }
            if (v.length == 0) {
                throw new IllegalArgumentException("expected reference values for feature '" + k + "' but got none");
            }
        });
    }

    Optional<double[]> numeric(String feature) {
        return Optional.ofNullable(numeric.get(feature));
    }

    Optional<String[]> categorical(String feature) {
        return Optional.ofNullable(categorical.get(feature));
    }
}
