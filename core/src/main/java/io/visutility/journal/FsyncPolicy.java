package io.visutility.journal;

/** When the journal forces written records to stable storage. */
public enum FsyncPolicy {
    /** Every commit is fsynced before it is acknowledged: an acknowledged write survives power loss. */
    ALWAYS,
    /**
     * Records are written to the operating system but never forced. Survives a process crash, not a
     * power loss. For tests and throw-away data only.
     */
    NONE
}
