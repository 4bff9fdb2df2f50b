package io.visutility.retrain;

import java.time.Duration;

/**
 * When a model is retrained and how its jobs are run. Defaults ({@link #defaults()}) work: a
 * {@code drift} detection (not a warning) or the deprecation of a version asks for a retrain; a model
 * is not retrained again within an hour of its last job; a failed or interrupted job is tried three times in all, one, then two minutes apart; an attempt is stopped
 * after two hours; the new version bumps the patch number.
 *
 * @param cooldown after a model's job ends, detections and deprecations are declined for this long
 *     (manual requests are not)
 * @param detectionsRequired how many detections within {@code detectionWindow} it takes (the one
 *     that arrives included); 1 retrains on the first
 * @param detectionWindow the window for {@code detectionsRequired}
 * @param onWarnings whether {@code warning} detections count, or only {@code drift} ones
 * @param onDeprecation whether deprecating a version asks for a retrain
 * @param maxAttempts attempts per job, the first included
 * @param backoff the wait before the second attempt; doubled for each further one
 * @param maxBackoff the longest wait between attempts
 * @param timeout an attempt running longer is stopped (its whole process tree) and fails
 * @param bump which part of the version number a new version increments
 * @param trialsPerJob how many tuning trials one attempt trains (each a run of the trainer, each asked of
 *     the study and told its score); the best one is registered. 1 unless the model has a search space.
 */
public record RetrainPolicy(Duration cooldown, int detectionsRequired, Duration detectionWindow, boolean onWarnings,
        boolean onDeprecation, int maxAttempts, Duration backoff, Duration maxBackoff,
        Duration timeout, VersionBump bump, int trialsPerJob) {

    /** The most trials one attempt may train. */
    public static final int MAX_TRIALS_PER_JOB = 1000;

    public RetrainPolicy {
        requireNonNegative("cooldown", cooldown);
        requireNonNegative("detection window", detectionWindow);
        requireNonNegative("backoff", backoff);
        requireNonNegative("maximum backoff", maxBackoff);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("expected a positive job timeout but got " + timeout);
        }
        if (detectionsRequired < 1) {
            throw new IllegalArgumentException("expected at least 1 detection to trigger a retrain but got "
                    + detectionsRequired);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("expected at least 1 attempt per job but got " + maxAttempts);
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("expected the maximum backoff (" + maxBackoff
                    + ") to be at least the backoff (" + backoff + ")");
        }
        if (bump == null) {
            throw new IllegalArgumentException("expected a version bump (patch, minor or major) but got none");
        }
        if (trialsPerJob < 1 || trialsPerJob > MAX_TRIALS_PER_JOB) {
            throw new IllegalArgumentException("expected 1 to " + MAX_TRIALS_PER_JOB + " trials per job but got "
                    + trialsPerJob);
        }
    }

    /** One trial per job. */
    public RetrainPolicy(Duration cooldown, int detectionsRequired, Duration detectionWindow, boolean onWarnings,
            boolean onDeprecation, int maxAttempts, Duration backoff, Duration maxBackoff, Duration timeout,
            VersionBump bump) {
        this(cooldown, detectionsRequired, detectionWindow, onWarnings, onDeprecation, maxAttempts, backoff, maxBackoff,
                timeout, bump, 1);
    }

    private static void requireNonNegative(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("expected a " + what + " of zero or more but got " + d);
        }
    }

    public static RetrainPolicy defaults() {
        return new RetrainPolicy(Duration.ofHours(1), 1, Duration.ofHours(1), false, true, 3, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofHours(2), VersionBump.PATCH);
    }

    /** The wait before attempt {@code next} (2, 3, …): backoff × 2^(next − 2), at most maxBackoff. */
    public Duration delayBefore(int next) {
        int doublings = Math.max(0, next - 2);
        Duration d = backoff;
        for (int i = 0; i < doublings && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    public RetrainPolicy withCooldown(Duration d) {
        return new RetrainPolicy(d, detectionsRequired, detectionWindow, onWarnings, onDeprecation,
                maxAttempts, backoff, maxBackoff, timeout, bump, trialsPerJob);
    }

    public RetrainPolicy withDetectionsRequired(int n, Duration window) {
        return new RetrainPolicy(cooldown, n, window, onWarnings, onDeprecation, maxAttempts,
                backoff, maxBackoff, timeout, bump, trialsPerJob);
    }

    public RetrainPolicy withOnWarnings(boolean b) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, b, onDeprecation,
                maxAttempts, backoff, maxBackoff, timeout, bump, trialsPerJob);
    }

    public RetrainPolicy withOnDeprecation(boolean b) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, onWarnings, b,
                maxAttempts, backoff, maxBackoff, timeout, bump, trialsPerJob);
    }

    public RetrainPolicy withRetries(int attempts, Duration first, Duration max) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, onWarnings, onDeprecation,
                attempts, first, max, timeout, bump, trialsPerJob);
    }

    public RetrainPolicy withTimeout(Duration d) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, onWarnings, onDeprecation,
                maxAttempts, backoff, maxBackoff, d, bump, trialsPerJob);
    }

    public RetrainPolicy withBump(VersionBump b) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, onWarnings, onDeprecation,
                maxAttempts, backoff, maxBackoff, timeout, b, trialsPerJob);
    }

    public RetrainPolicy withTrialsPerJob(int n) {
        return new RetrainPolicy(cooldown, detectionsRequired, detectionWindow, onWarnings, onDeprecation,
                maxAttempts, backoff, maxBackoff, timeout, bump, n);
    }
}
