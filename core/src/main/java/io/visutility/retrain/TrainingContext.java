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
 */
public record TrainingContext(String model, String jobId, int attempt, SequencedMap<String, Object> params,
        Optional<String> parentVersion, Optional<Path> parentArtifact, Path outputDir, Path log, long logLimit,
        Duration timeout) {

    public TrainingContext {
        params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
    }
}
