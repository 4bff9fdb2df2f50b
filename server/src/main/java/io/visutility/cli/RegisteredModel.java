package io.visutility.cli;

import io.visutility.registry.Registry;

/**
 * Refuses a model name that is not registered. Some registry reads answer "nothing" for an unknown
 * model (no jobs, no decisions, no configuration); a person who misspelt the name should hear so.
 */
final class RegisteredModel {
    private RegisteredModel() {}

    /**
     * @throws io.visutility.registry.RegistryException {@code not_found} for an unknown model,
     *     {@code invalid_input} for a malformed name
     */
    static String require(Registry registry, String model) {
        registry.versions(model);
        return model;
    }
}
