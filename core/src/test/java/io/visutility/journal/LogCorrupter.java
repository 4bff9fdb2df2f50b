package io.visutility.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Damages journal and snapshot files byte by byte, the way crashes and bad disks do: cut a file
 * short, flip bits, delete a file. Also finds where each record of an undamaged segment starts, so a
 * test can say which record a damaged byte belongs to without trusting the code under test.
 */
final class LogCorrupter {
    private LogCorrupter() {}

    /** The segment files of a journal directory, oldest first. */
    static List<Path> segments(Path journalDir) throws IOException {
        try (Stream<Path> s = Files.list(journalDir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
        }
    }

    /** Cuts {@code file} to {@code size} bytes. */
    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** XORs the byte at {@code offset} with {@code mask} (non-zero, so the byte always changes). */
    static void flip(Path file, long offset, int mask) throws IOException {
        if ((mask & 0xFF) == 0) {
            throw new IllegalArgumentException("a flip mask must change at least one bit, got " + mask);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ mask);
        }
    }

    /** Replaces {@code target} with the first {@code length} bytes of {@code pristine}. */
    static void restorePrefix(byte[] pristine, Path target, int length) throws IOException {
        Files.write(target, Arrays.copyOf(pristine, length));
    }

    /**
     * Byte offsets at which the records of an undamaged segment start, followed by the file's end.
     * Element {@code i} is the start of the segment's {@code i}-th record.
     */
    static long[] recordOffsets(Path segment) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> starts = new ArrayList<>();
        int offset = SegmentFormat.SEGMENT_HEADER_SIZE;
        while (offset < buf.limit()) {
            starts.add((long) offset);
            offset += SegmentFormat.frameSize(buf.getInt(offset));
        }
        if (offset != buf.limit()) {
            throw new IllegalStateException(segment + " is not a whole number of records");
        }
        starts.add((long) offset);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Copies a directory tree. */
    static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes a directory tree if it exists. */
    static void deleteDir(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Every file under {@code dir} with its bytes, to show that something was left untouched. */
    static List<String> fingerprint(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.add(dir.relativize(p) + " " + Arrays.hashCode(Files.readAllBytes(p)) + " " + Files.size(p));
            }
        }
        return out;
    }
}
