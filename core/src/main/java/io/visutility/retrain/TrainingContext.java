package io.visutility.retrain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Everything one training attempt is given.
 *
 * @param params the hyper-parameters the tuner chose, in the search space's order (empty without a space)
 * @param parentVersion the version being retrained, if any
 * @param parentArtifact that version's artifact file in the artifact store, if any
 * @param outputDir a fresh, empty directory for this attempt's artifact and {@code metrics.json}
 * @param log this attempt's log file (size-bounded)
 * @param timeout how long the attempt may run
 * @param detection the detection that asked for this job, as {@code detector/severity@detected_at} (the
 *     time is the telemetry's), if a detection did: a trainer can take the data that came after it
 */
public record TrainingContext(String model, String jobId, int attempt, SequencedMap<String, Object> params,
        Optional<String> parentVersion, Optional<Path> parentArtifact, Path outputDir, Path log, long logLimit,
        Duration timeout, Optional<String> detection) {

    public TrainingContext {
        params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
        detection = detection == null ? Optional.empty() : detection;
    }

    /** A context for a job no detection asked for. */
    public TrainingContext(String model, String jobId, int attempt, SequencedMap<String, Object> params,
            Optional<String> parentVersion, Optional<Path> parentArtifact, Path outputDir, Path log, long logLimit,
            Duration timeout) {
        this(model, jobId, attempt, params, parentVersion, parentArtifact, outputDir, log, logLimit, timeout,
                Optional.empty());
    }

    /** When the triggering detection happened (telemetry time), if a detection asked for this job. */
    public Optional<java.time.Instant> detectedAt() {
        return detection.flatMap(d -> {
            int at = d.lastIndexOf('@');
            try {
                return at < 0 ? Optional.empty() : Optional.of(java.time.Instant.parse(d.substring(at + 1)));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
