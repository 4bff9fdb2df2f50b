package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;

/** Lookups that refuse with a {@code not_found} error naming what is missing. */
final class Lookups {
    private Lookups() {}

    static ModelEntry existingModel(RegistryState state, String model) {
        ModelEntry m = state.modelOrNull(model);
        if (m == null) {
            throw RegistryException.notFound("no model named '" + model + "' is registered");
        }
        return m;
    }

    static VersionEntry existing(RegistryState state, String model, Version version) {
        VersionEntry v = existingModel(state, model).versions.get(VersionKey.of(version));
        if (v == null) {
            throw RegistryException.notFound("model '" + model + "' has no version " + version);
        }
        return v;
    }
}
