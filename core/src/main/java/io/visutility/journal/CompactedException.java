package io.visutility.journal;

/** A read asked for records that compaction has already folded into a snapshot and deleted. */
public final class CompactedException extends RuntimeException {
    private final long requested;
    private final long firstAvailable;

    public CompactedException(long requested, long firstAvailable) {
        super("journal records from position " + requested + " were compacted into a snapshot; the first"
                + " record still held is at position " + firstAvailable);
        this.requested = requested;
        this.firstAvailable = firstAvailable;
    }

    public long requested() {
        return requested;
    }

    public long firstAvailable() {
        return firstAvailable;
    }
}
