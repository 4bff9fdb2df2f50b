package io.visutility.tuning;

/**
 * Where a trial is in its life. A trial starts {@link #RUNNING} when asked and ends in exactly one
 * of the other states, after which it never changes.
 */
public enum TrialState {
    /** Asked and not yet told; samplers that use constant liar treat it as a bad result. */
    RUNNING,
    /** Told an objective value; the only state that can be the study's best. */
    COMPLETE,
    /** Stopped early by the caller, possibly with its last intermediate value; ranked after every complete trial. */
    PRUNED,
    /** Produced no value (a crash, an infeasible configuration); kept as data, ignored by TPE. */
    FAILED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
