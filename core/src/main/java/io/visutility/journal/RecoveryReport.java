package io.visutility.journal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a journal found: the range of records it holds and, when the last write before a
 * crash was torn, what was cut off.
 */
public record RecoveryReport(long firstPosition, long lastPosition, int segments, Optional<TornTail> tornTail) {

    /** A torn last batch that was truncated: it was never acknowledged to any writer. */
    public record TornTail(Path file, long offset, long bytesRemoved, String reason) {
        @Override
        public String toString() {
            return "truncated a torn tail of " + bytesRemoved + " bytes at byte offset " + offset + " of "
                    + file + " (" + reason + ")";
        }
    }
}
