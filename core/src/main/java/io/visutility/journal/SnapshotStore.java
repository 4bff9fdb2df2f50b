package io.visutility.journal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshots of state at a journal position, one file each:
 * {@code snapshot-<position>.snap} = magic "VISS" (4) | format version (2) | flags (2) | position (8) |
 * payload | payload length (8) | CRC32C of the payload (4).
 *
 * <p>A snapshot is written to a temporary file, fsynced, atomically renamed into place, and the
 * directory is fsynced, so a crash leaves either the old set of snapshots or the new one, never a
 * half-written file under a snapshot name.
 */
public final class SnapshotStore {
    private static final int MAGIC = 0x56495353; // "VISS"
    private static final short FORMAT_VERSION = 1;
    private static final int HEADER = 16;
    private static final int TRAILER = 12;

    /** Writes a state's payload. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Reads a state's payload. */
    @FunctionalInterface
    public interface PayloadReader {
        void read(InputStream in) throws IOException;
    }

    /** A snapshot file and the journal position it covers (all records up to and including it). */
    public record Snapshot(Path file, long position) {}

    private final Path dir;

    public SnapshotStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path directory() {
        return dir;
    }

    /** The newest snapshot, if any. */
    public Optional<Snapshot> latest() throws IOException {
        List<Snapshot> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** All snapshots, oldest first. */
    public List<Snapshot> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> new Snapshot(p, positionOf(p)))
                    .filter(snap -> snap.position() >= 0)
                    .sorted((a, b) -> Long.compare(a.position(), b.position()))
                    .toList();
        }
    }

    private static long positionOf(Path p) {
        String n = p.getFileName().toString();
        if (!n.startsWith("snapshot-") || !n.endsWith(".snap") || n.length() != "snapshot-".length() + 20 + 5) {
            return -1;
        }
        String digits = n.substring(9, 29);
        return digits.chars().allMatch(Character::isDigit) ? Long.parseLong(digits) : -1;
    }

    /** Writes a snapshot covering {@code position} durably, then deletes older ones. */
    public Snapshot write(long position, PayloadWriter payload) throws IOException {
        Path tmp = dir.resolve("snapshot-" + String.format("%020d", position) + ".tmp");
        Path target = dir.resolve("snapshot-" + String.format("%020d", position) + ".snap");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    java.nio.channels.Channels.newOutputStream(ch), 1 << 16));
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeShort(0);
            out.writeLong(position);
            CRC32C crc = new CRC32C();
            long[] count = {0};
            OutputStream body = new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    count[0]++;
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    count[0] += len;
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the payload writer must not close the file
                }
            };
            payload.write(body);
            out.writeLong(count[0]);
            out.writeInt((int) crc.getValue());
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Journal.fsyncDirectory(dir);
        for (Snapshot old : list()) {
            if (old.position() < position) {
                Files.deleteIfExists(old.file());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return new Snapshot(target, position);
    }

    /**
     * Streams a snapshot's payload to {@code reader} and then checks its length and checksum.
     *
     * @throws JournalCorruptedException when the file is damaged
     */
    public static void read(Snapshot snapshot, PayloadReader reader) throws IOException {
        Path file = snapshot.file();
        long size = Files.size(file);
        if (size < HEADER + TRAILER) {
            throw new JournalCorruptedException(file, 0, 0, "snapshot file is too short (" + size + " bytes)");
        }
        long payloadLength = size - HEADER - TRAILER;
        long storedLength;
        int storedCrc;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(TRAILER);
            ch.read(t, size - TRAILER);
            t.flip();
            storedLength = t.getLong();
            storedCrc = t.getInt();
        }
        if (storedLength != payloadLength) {
            throw new JournalCorruptedException(file, size - TRAILER, 0, "snapshot length field says "
                    + storedLength + " bytes but the file holds " + payloadLength);
        }
        CRC32C crc = new CRC32C();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readShort() != FORMAT_VERSION) {
                throw new JournalCorruptedException(file, 0, 0, "not a snapshot file of a known format");
            }
            short flags = in.readShort();
            if (flags != 0) {
                throw new JournalCorruptedException(file, 6, 0, "unknown snapshot flags " + flags);
            }
            long position = in.readLong();
            if (position != snapshot.position()) {
                throw new JournalCorruptedException(file, 8, 0, "file name says position " + snapshot.position()
                        + " but the header says " + position);
            }
            BoundedCheckedStream body = new BoundedCheckedStream(in, payloadLength, crc);
            try {
                reader.read(body);
            } catch (IOException | RuntimeException e) {
                // A damaged payload usually fails to parse before its checksum can be compared; the
                // damage, not the parse error, is what to report.
                body.drain();
                if ((int) crc.getValue() != storedCrc) {
                    JournalCorruptedException damaged = checksumMismatch(file);
                    damaged.initCause(e);
                    throw damaged;
                }
                throw e;
            }
            body.drain();
        }
        if ((int) crc.getValue() != storedCrc) {
            throw checksumMismatch(file);
        }
    }

    private static JournalCorruptedException checksumMismatch(Path file) {
        return new JournalCorruptedException(file, HEADER, 0, "snapshot checksum mismatch");
    }

    /** The payload part of a snapshot file, checksummed as it is read. */
    private static final class BoundedCheckedStream extends FilterInputStream {
        private long remaining;
        private final CRC32C crc;

        BoundedCheckedStream(InputStream in, long length, CRC32C crc) {
            super(in);
            this.remaining = length;
            this.crc = crc;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
                crc.update(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                crc.update(b, off, n);
            }
            return n;
        }

        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) > 0) {
                // checksum the rest
            }
        }

        @Override
        public void close() {
            // the caller closes the file
        }
    }
}
