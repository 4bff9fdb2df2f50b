package io.visutility.drift.online;

/**
 * The checks every detector runs on a value before it touches its state, so that a rejected value
 * leaves the detector exactly as it was.
 */
final class Inputs {
    private Inputs() {}

    static void requireFinite(String detector, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("detector '" + detector + "' expected a finite value, but got " + value);
        }
    }

    /** Error-rate detectors (DDM, HDDM) take a loss in [0, 1]; 1 means the prediction was wrong. */
    static void requireUnitInterval(String detector, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("detector '" + detector
                    + "' expected an error indicator in [0, 1] (1 = wrong prediction), but got " + value);
        }
    }

    /** EDDM measures distances between errors, so each value must say wrong (1) or right (0). */
    static void requireErrorIndicator(String detector, double value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("detector '" + detector
                    + "' expected 0 (correct prediction) or 1 (wrong prediction), but got " + value);
        }
    }
}
