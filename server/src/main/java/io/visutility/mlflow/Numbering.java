package io.visutility.mlflow;

import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * MLflow numbers a model's versions 1, 2, 3… in the order they were registered; we name them by
 * semantic version. Version N is the N-th of the model's versions ordered by registration time, ties
 * (the same instant) broken by semantic-version precedence. Both are journaled, so the numbering is
 * the same after a restart, a replay or a compaction; as the registry's clock only moves forward, a
 * new version is numbered after every existing one and existing numbers never change.
 */
final class Numbering {
    private static final Comparator<ModelVersion> REGISTRATION_ORDER = Comparator.comparing(ModelVersion::createdAt);

    private Numbering() {}

    /** The model's versions, numbered, lowest number first; empty for a model with none. */
    static List<NumberedVersion> of(Registry registry, String model) {
        List<ModelVersion> versions = new ArrayList<>(registry.versions(model)); // semantic-version order
        versions.sort(REGISTRATION_ORDER); // stable: equal instants keep semantic-version order
        List<NumberedVersion> out = new ArrayList<>(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            out.add(new NumberedVersion(i + 1, versions.get(i)));
        }
        return out;
    }

    /** The version numbered {@code number} (as text, as MLflow sends it). */
    static NumberedVersion find(Registry registry, String model, String number) {
        int n = parse(number);
        List<NumberedVersion> all = of(registry, model);
        if (n > all.size()) {
            throw MlflowException.notFound("Model Version (name=" + model + ", version=" + n + ") not found; model '"
                    + model + "' has " + all.size() + " version" + (all.size() == 1 ? "" : "s"));
        }
        return all.get(n - 1);
    }

    /** The number of {@code version} among the model's versions. */
    static Optional<NumberedVersion> numbered(Registry registry, ModelVersion version) {
        return of(registry, version.model()).stream().filter(n -> n.version().id().equals(version.id())).findFirst();
    }

    static int parse(String number) {
        if (number == null || number.isBlank()) {
            throw MlflowException.invalid("expected parameter 'version', an MLflow version number like 1, but it is missing");
        }
        try {
            int n = Integer.parseInt(number.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with what was expected
        }
        throw MlflowException.invalid("expected an MLflow version number (an integer from 1) but got '"
                + Texts.cut(number) + "'");
    }
}
