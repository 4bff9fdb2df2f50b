package io.visutility.monitor;

import java.util.Objects;

/**
 * Which registered model version a piece of telemetry is about. {@code version} may be null when the
 * sender does not know it; the telemetry then counts for the model as a whole. Serving stacks that
 * name models by project and pipeline register the model with the tags {@code project} and
 * {@code pipeline}, and send {@code project/pipeline} keys that a {@link ModelCatalog} resolves.
 */
public record ModelKey(String model, String version) {

    public ModelKey {
        Objects.requireNonNull(model, "model");
    }

    public static ModelKey of(String model, String version) {
        return new ModelKey(model, version);
    }

    @Override
    public String toString() {
        return version == null ? model : model + "@" + version;
    }
}
