package io.visutility.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads one segment file front to back, checking every frame, and decides what a bad frame means.
 *
 * <p>Implementation notes. The writer appends a commit batch with one write and fsyncs it before it
 * writes the next batch (segments are fsynced before a roll). So a bad frame at offset X can only be
 * a crash artefact if it lies in the last batch of the last segment: that batch was never
 * acknowledged, and it may have reached the disk partly or out of order. Every frame carries its
 * distance from the first record of its batch; if any intact frame after X belongs to a later batch
 * (its batch starts past the bad frame's position) then X's batch was durable before that one was
 * written, and the damage is corruption. Otherwise X starts a torn tail and is truncated.
 */
final class SegmentScanner {
    private SegmentScanner() {}

    /** What a scan found. {@code problem} is null when every byte of the file was a valid frame. */
    record Result(Path file, long firstPosition, long lastPosition, long validBytes, long fileSize,
            Problem problem) {
        boolean intact() {
            return problem == null;
        }
    }

    /** A bad frame (or header) at {@code offset}; {@code torn} when it is a recoverable torn tail. */
    record Problem(long offset, String reason, boolean torn) {}

    /**
     * Scans {@code file}. {@code expectedFirst} is the position the segment must start at (-1 when any
     * is acceptable); records at or after {@code deliverFrom} are passed to {@code sink}.
     */
    static Result scan(Path file, long expectedFirst, boolean lastSegment, long deliverFrom,
            Consumer<JournalRecord> sink) throws IOException {
        ByteBuffer buf;
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            if (size > Integer.MAX_VALUE) {
                return new Result(file, -1, -1, 0, size,
                        new Problem(0, "segment larger than 2 GiB (" + size + " bytes)", false));
            }
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.BIG_ENDIAN);
        }
        SegmentFormat.HeaderCheck header = SegmentFormat.checkHeader(buf);
        if (header.problem() != null) {
            // A header is written and fsynced before any record; a bad one in the last segment with
            // nothing after it is a roll interrupted by a crash.
            boolean torn = lastSegment && size <= SegmentFormat.SEGMENT_HEADER_SIZE;
            return new Result(file, expectedFirst, expectedFirst - 1, 0, size,
                    new Problem(0, header.problem(), torn));
        }
        long first = header.firstPosition();
        if (expectedFirst >= 0 && first != expectedFirst) {
            // the last intact record is the one before the gap, not the one before this segment's start
            return new Result(file, first, expectedFirst - 1, 0, size, new Problem(0,
                    "expected the segment to start at position " + expectedFirst + " but it starts at "
                            + first + (first > expectedFirst ? " (records are missing)" : ""), false));
        }
        long expected = first;
        int offset = SegmentFormat.SEGMENT_HEADER_SIZE;
        int limit = buf.limit();
        SegmentFormat.Checker checker = new SegmentFormat.Checker(buf);
        while (offset < limit) {
            int probe = SegmentFormat.probe(buf, offset, checker);
            String reason = null;
            if (probe < 0) {
                reason = SegmentFormat.describe(probe);
            } else if (SegmentFormat.position(buf, offset) != expected) {
                reason = "expected position " + expected + " but found " + SegmentFormat.position(buf, offset);
            } else if (SegmentFormat.batchDelta(buf, offset) < 0
                    || SegmentFormat.batchDelta(buf, offset) > expected - 1) {
                reason = "invalid batch delta " + SegmentFormat.batchDelta(buf, offset);
            }
            if (reason != null) {
                boolean torn = lastSegment && !laterBatchFollows(buf, offset, expected);
                return new Result(file, first, expected - 1, offset, size, new Problem(offset, reason, torn));
            }
            if (expected >= deliverFrom) {
                sink.accept(SegmentFormat.read(buf, offset));
            }
            expected++;
            offset += probe;
        }
        return new Result(file, first, expected - 1, offset, size, null);
    }

    /** True when an intact frame after {@code badOffset} belongs to a batch later than the bad frame's. */
    private static boolean laterBatchFollows(ByteBuffer buf, int badOffset, long badPosition) {
        int limit = buf.limit();
        long maxPosition = badPosition + 1 + (limit - badOffset) / SegmentFormat.FRAME_HEADER_SIZE;
        for (int y = badOffset + 1; y + SegmentFormat.FRAME_HEADER_SIZE <= limit; y++) {
            long position = SegmentFormat.position(buf, y);
            if (position <= badPosition || position > maxPosition) {
                continue;
            }
            if (SegmentFormat.probe(buf, y) < 0) {
                continue;
            }
            long batchStart = position - SegmentFormat.batchDelta(buf, y);
            if (batchStart > badPosition) {
                return true;
            }
        }
        return false;
    }
}
