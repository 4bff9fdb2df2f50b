package io.visutility.retrain;

/** A training attempt ended without a usable artifact; the message says why, for the job's record. */
public class TrainingFailedException extends Exception {
    public TrainingFailedException(String reason) {
        super(reason);
    }

    public TrainingFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
