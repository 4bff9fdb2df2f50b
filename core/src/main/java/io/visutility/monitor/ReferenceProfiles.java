package io.visutility.monitor;

import java.util.Optional;

/** Where the feature-drift detector finds a model version's registered reference profile. */
@FunctionalInterface
public interface ReferenceProfiles {

    Optional<FeatureProfile> profile(ModelKey key);

    /** No profiles: references are always the first production samples. */
    static ReferenceProfiles none() {
        return key -> Optional.empty();
    }
}
