package io.visutility.monitor;

import java.util.Optional;

/**
 * Which models telemetry may be about: the registry in a running orchestrator, or "any" when a
 * recorded file is replayed offline.
 */
@FunctionalInterface
public interface ModelCatalog {

    /**
     * The registered model version the key names, or empty when there is none. A key whose model is
     * {@code project/pipeline} names the model registered with those two tags.
     */
    Optional<ModelKey> resolve(ModelKey key);

    /** Takes every key as it is (offline replay, tests). */
    static ModelCatalog any() {
        return Optional::of;
    }
}
