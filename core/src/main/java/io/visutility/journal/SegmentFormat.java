package io.visutility.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The byte layout of a journal segment file. All integers are big-endian.
 *
 * <pre>
 * segment header (20 bytes): magic "VISJ" (4) | format version (2) | flags (2) | first position (8) | CRC32C of the first 16 bytes (4)
 * record frame  (24 + n)   : payload length n (4) | CRC32C (4) | position (8) | batch delta (4) | type id (2) | schema version (2) | payload (n)
 * </pre>
 *
 * The record CRC covers everything after it (position to the end of the payload). The batch delta is
 * the record's distance from the first record of the commit batch it was written in; recovery uses it
 * to tell a torn last batch (never acknowledged, safe to drop) from damage to a batch that a later
 * batch proves was already durable (see {@link SegmentScanner}).
 */
final class SegmentFormat {
    static final int MAGIC = 0x5649534A; // "VISJ"
    static final short FORMAT_VERSION = 1;
    static final int SEGMENT_HEADER_SIZE = 20;
    static final int FRAME_HEADER_SIZE = 24;
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private SegmentFormat() {}

    static String fileName(long firstPosition) {
        return PREFIX + String.format("%020d", firstPosition) + SUFFIX;
    }

    /** The first position encoded in a segment file name, or -1 when the name is not a segment's. */
    static long firstPositionOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    static ByteBuffer header(long firstPosition) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putShort(FORMAT_VERSION).putShort((short) 0).putLong(firstPosition);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** Reads the first position from a header, or explains why the header is bad. */
    static HeaderCheck checkHeader(ByteBuffer file) {
        if (file.limit() < SEGMENT_HEADER_SIZE) {
            return new HeaderCheck(-1, "segment header is incomplete (" + file.limit() + " of "
                    + SEGMENT_HEADER_SIZE + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(file.slice(0, 16));
        if ((int) crc.getValue() != file.getInt(16)) {
            return new HeaderCheck(-1, "segment header checksum mismatch");
        }
        if (file.getInt(0) != MAGIC) {
            return new HeaderCheck(-1, "not a journal segment (bad magic)");
        }
        if (file.getShort(4) != FORMAT_VERSION) {
            return new HeaderCheck(-1, "unsupported segment format version " + file.getShort(4));
        }
        return new HeaderCheck(file.getLong(8), null);
    }

    record HeaderCheck(long firstPosition, String problem) {}

    static int frameSize(int payloadLength) {
        return FRAME_HEADER_SIZE + payloadLength;
    }

    static void writeFrame(ByteBuffer out, long position, int batchDelta, int typeId, int schemaVersion,
            byte[] payload) {
        int start = out.position();
        out.putInt(payload.length);
        out.putInt(0); // CRC, filled below
        out.putLong(position);
        out.putInt(batchDelta);
        out.putShort((short) typeId);
        out.putShort((short) schemaVersion);
        out.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.slice(start + 8, out.position() - start - 8));
        out.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Checks the frame at {@code offset}: the length fits, the checksum matches. Returns the frame's
     * size, or a negative value whose meaning is given by {@link #describe(int)}.
     */
    static int probe(ByteBuffer file, int offset) {
        return probe(file, offset, new Checker(file));
    }

    /**
     * A CRC32C and a view of one file, reused frame after frame by a scan: checking a frame then
     * allocates nothing (a journal replay checks millions).
     */
    static final class Checker {
        final CRC32C crc = new CRC32C();
        final ByteBuffer view;

        Checker(ByteBuffer file) {
            this.view = file.duplicate();
        }
    }

    /** As {@link #probe(ByteBuffer, int)}, with a reusable checker of the same file. */
    static int probe(ByteBuffer file, int offset, Checker checker) {
        int remaining = file.limit() - offset;
        if (remaining < FRAME_HEADER_SIZE) {
            return INCOMPLETE_HEADER;
        }
        int length = file.getInt(offset);
        if (length < 0 || length > MAX_PAYLOAD) {
            return BAD_LENGTH;
        }
        if (length + FRAME_HEADER_SIZE > remaining) {
            return PAST_END;
        }
        CRC32C crc = checker.crc;
        crc.reset();
        ByteBuffer view = checker.view;
        view.limit(offset + FRAME_HEADER_SIZE + length).position(offset + 8);
        crc.update(view);
        if ((int) crc.getValue() != file.getInt(offset + 4)) {
            return BAD_CHECKSUM;
        }
        return FRAME_HEADER_SIZE + length;
    }

    static final int INCOMPLETE_HEADER = -1;
    static final int BAD_LENGTH = -2;
    static final int PAST_END = -3;
    static final int BAD_CHECKSUM = -4;

    static String describe(int probe) {
        return switch (probe) {
            case INCOMPLETE_HEADER -> "incomplete record header";
            case BAD_LENGTH -> "invalid record length";
            case PAST_END -> "record extends past the end of the file";
            case BAD_CHECKSUM -> "record checksum mismatch";
            default -> "record is intact";
        };
    }

    static long position(ByteBuffer file, int offset) {
        return file.getLong(offset + 8);
    }

    static int batchDelta(ByteBuffer file, int offset) {
        return file.getInt(offset + 16);
    }

    static JournalRecord read(ByteBuffer file, int offset) {
        int length = file.getInt(offset);
        byte[] payload = new byte[length];
        file.get(offset + FRAME_HEADER_SIZE, payload);
        return new JournalRecord(file.getLong(offset + 8), Short.toUnsignedInt(file.getShort(offset + 20)),
                Short.toUnsignedInt(file.getShort(offset + 22)), payload);
    }
}
