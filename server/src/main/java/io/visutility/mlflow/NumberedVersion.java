package io.visutility.mlflow;

import io.visutility.registry.ModelVersion;

/**
 * One of our versions as MLflow sees it: {@code number} is its MLflow version ("1", "2", …), its
 * place in the model's registration order (see {@link Numbering}).
 */
record NumberedVersion(int number, ModelVersion version) {

    String model() {
        return version.model();
    }

    Stage stage() {
        return Stage.of(version);
    }

    long createdMillis() {
        return version.createdAt().toEpochMilli();
    }

    /** The last change MLflow can see: registration, or deprecation (which archives it). */
    long updatedMillis() {
        return version.deprecatedAt().map(java.time.Instant::toEpochMilli).orElse(createdMillis());
    }

    /** The MLflow run that produced it: our lineage's training job. */
    String runId() {
        return version.lineage().trainingJobId();
    }

    /** Its MLflow description: our lineage's reason, why this version exists. */
    String description() {
        return version.lineage().reason();
    }
}
