package io.visutility.journal;

/**
 * Settings of a journal. {@link #defaults()} is right for production; tests usually lower the
 * segment size and may turn fsync off.
 *
 * @param fsync when commits are forced to disk
 * @param segmentBytes size at which the writer starts a new segment file (1 MiB … 1 GiB)
 */
public record JournalOptions(FsyncPolicy fsync, int segmentBytes) {
    public static final int MIN_SEGMENT_BYTES = 4 * 1024;
    public static final int MAX_SEGMENT_BYTES = 1 << 30;

    public JournalOptions {
        if (fsync == null) {
            throw new IllegalArgumentException("expected an fsync policy (always or none) but got none");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("expected a segment size between " + MIN_SEGMENT_BYTES
                    + " and " + MAX_SEGMENT_BYTES + " bytes but got " + segmentBytes);
        }
    }

    public static JournalOptions defaults() {
        return new JournalOptions(FsyncPolicy.ALWAYS, 64 * 1024 * 1024);
    }

    public JournalOptions withFsync(FsyncPolicy policy) {
        return new JournalOptions(policy, segmentBytes);
    }

    public JournalOptions withSegmentBytes(int bytes) {
        return new JournalOptions(fsync, bytes);
    }
}
