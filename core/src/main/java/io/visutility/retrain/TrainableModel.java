package io.visutility.retrain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A model trained inside the orchestrator's JVM (for example with Tribuo): fit with hyper-parameters,
 * optionally starting from the parent artifact, then evaluated on validation data and saved.
 */
public interface TrainableModel {

    /** One fitted model: its validation metrics and how to write it as an artifact. */
    interface Fitted {
        Map<String, Double> validationMetrics();

        void save(Path file) throws IOException;
    }

    /**
     * Fits a model. Long fits should check {@link Thread#interrupted()} and stop.
     *
     * @throws Exception anything else fails the attempt, with the exception's message as the reason
     */
    Fitted fit(Map<String, Object> params, Optional<Path> parentArtifact) throws Exception;
}
