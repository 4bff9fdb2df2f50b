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

    /** Whether {@link #resolve} finds the key; catalogs on a hot path answer without allocating. */
    default boolean knows(String model, String version) {
        return resolve(new ModelKey(model, version)).isPresent();
    }

    /** Takes every key as it is (offline replay, tests). */
    static ModelCatalog any() {
        return new ModelCatalog() {
            @Override
            public Optional<ModelKey> resolve(ModelKey key) {
                return Optional.of(key);
            }

            @Override
            public boolean knows(String model, String version) {
                return true;
            }
        };
    }
}
