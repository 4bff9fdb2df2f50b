package io.visutility.journal;

import java.nio.file.Path;

/**
 * The journal holds a bad record that is not a torn tail: something other than a crash mid-write
 * damaged it. Never recovered from automatically; {@code visutility journal repair} can truncate at
 * {@link #offset()} when a person asks for it.
 */
public final class JournalCorruptedException extends RuntimeException {
    private final Path file;
    private final long offset;
    private final long lastGoodPosition;

    public JournalCorruptedException(Path file, long offset, long lastGoodPosition, String reason) {
        super("journal corrupted in " + file + " at byte offset " + offset + ": " + reason
                + " (last intact record: position " + lastGoodPosition + ")");
        this.file = file;
        this.offset = offset;
        this.lastGoodPosition = lastGoodPosition;
    }

    /** The segment or snapshot file that holds the damage. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the first bad record starts. */
    public long offset() {
        return offset;
    }

    /** Position of the last record before the damage, 0 when there is none. */
    public long lastGoodPosition() {
        return lastGoodPosition;
    }
}
