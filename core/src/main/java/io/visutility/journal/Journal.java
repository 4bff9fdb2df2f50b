package io.visutility.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An append-only, segmented, checksummed log of records with dense positions starting at 1.
 *
 * <p>Implementation notes. One thread — the owner's writer — calls {@link #append} and
 * {@link #commit}; appends are buffered and {@code commit} writes the whole batch with one write and,
 * under {@link FsyncPolicy#ALWAYS}, one fsync. {@link #committedPosition()} only moves after that, and
 * {@link #read} never returns records past it, so readers on other threads see only durable records.
 * A new segment starts, at the first record of a batch, when the active one would grow past the
 * configured size; the old one is fsynced first, the new one's header is fsynced and so is the
 * directory. The segment list is a
 * copy-on-write list: readers iterate a stable view while the writer rolls and compaction deletes.
 * Frame layout and torn-tail rules: {@link SegmentFormat}, {@link SegmentScanner}.
 */
public final class Journal implements AutoCloseable {

    /** The largest payload one record may carry. */
    public static final int MAX_PAYLOAD_BYTES = SegmentFormat.MAX_PAYLOAD;

    /** A segment file and the position of its first record. */
    private record Segment(Path file, long firstPosition) {}

    private final Path dir;
    private final JournalOptions options;
    private final RecoveryReport recovery;
    private final CopyOnWriteArrayList<Segment> segments;

    // Writer state: touched only by the writer thread.
    private FileChannel active;
    private long activeSize;
    private ByteBuffer pending;
    private long nextPosition;
    private long batchStart;
    private boolean closed;

    private volatile long committedPosition;

    private Journal(Path dir, JournalOptions options, List<Segment> segments, long lastPosition,
            RecoveryReport recovery) throws IOException {
        this.dir = dir;
        this.options = options;
        this.segments = new CopyOnWriteArrayList<>(segments);
        this.recovery = recovery;
        this.nextPosition = lastPosition + 1;
        this.batchStart = nextPosition;
        this.committedPosition = lastPosition;
        this.pending = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.BIG_ENDIAN);
        Segment last = segments.get(segments.size() - 1);
        this.active = FileChannel.open(last.file(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.activeSize = active.size();
        active.position(activeSize);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}: checks every record, truncates a torn
     * tail, and passes each record at or after {@code deliverFrom} to {@code sink} in order.
     * {@code startPosition} is the position the first record gets when the journal is empty (the one
     * after a snapshot's).
     *
     * @throws JournalCorruptedException when a record other than a torn tail is bad
     */
    public static Journal open(Path dir, JournalOptions options, long startPosition, long deliverFrom,
            Consumer<JournalRecord> sink) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = segmentFiles(dir);
        List<Segment> segments = new ArrayList<>();
        long expected = -1;
        long last = startPosition - 1;
        RecoveryReport.TornTail torn = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean isLast = i == files.size() - 1;
            SegmentScanner.Result r = SegmentScanner.scan(file, expected, isLast, deliverFrom, sink);
            if (!r.intact()) {
                SegmentScanner.Problem p = r.problem();
                if (!p.torn()) {
                    throw new JournalCorruptedException(file, p.offset(), Math.max(0, r.lastPosition()),
                            p.reason());
                }
                torn = new RecoveryReport.TornTail(file, p.offset(), r.fileSize() - p.offset(), p.reason());
                if (p.offset() == 0) {
                    Files.delete(file);
                    fsyncDirectory(dir);
                    long first = SegmentFormat.firstPositionOf(file);
                    last = expected >= 0 ? expected - 1 : (first > 0 ? first - 1 : last);
                    continue;
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(p.offset());
                    ch.force(true);
                }
            }
            if (SegmentFormat.firstPositionOf(file) != r.firstPosition()) {
                throw new JournalCorruptedException(file, 0, Math.max(0, r.lastPosition()),
                        "file name says the segment starts at position " + SegmentFormat.firstPositionOf(file)
                                + " but its header says " + r.firstPosition());
            }
            segments.add(new Segment(file, r.firstPosition()));
            last = r.lastPosition();
            expected = last + 1;
        }
        if (segments.isEmpty()) {
            segments.add(createSegment(dir, last + 1));
        }
        RecoveryReport report = new RecoveryReport(segments.get(0).firstPosition(), last, segments.size(),
                Optional.ofNullable(torn));
        return new Journal(dir, options, segments, last, report);
    }

    public RecoveryReport recoveryReport() {
        return recovery;
    }

    public Path directory() {
        return dir;
    }

    /** Position of the last durable record (0 when the journal has never held one). */
    public long committedPosition() {
        return committedPosition;
    }

    /** Position of the first record still held (records before it were compacted away). */
    public long firstPosition() {
        return segments.get(0).firstPosition();
    }

    /**
     * Buffers one record and returns its position. Writer thread only. The record is durable only
     * after the next {@link #commit()}.
     */
    public long append(int typeId, int schemaVersion, byte[] payload) throws IOException {
        ensureOpen();
        if (payload.length > SegmentFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("expected a record of at most " + SegmentFormat.MAX_PAYLOAD
                    + " bytes but got " + payload.length);
        }
        if (typeId < 0 || typeId > 0xFFFF || schemaVersion < 0 || schemaVersion > 0xFFFF) {
            throw new IllegalArgumentException("type id and schema version must fit in 16 bits, got "
                    + typeId + " and " + schemaVersion);
        }
        int frame = SegmentFormat.frameSize(payload.length);
        // Segments roll only between commit batches, so a batch is never split across files: a
        // closed segment holds only durable records, and a crash cannot leave half a batch behind.
        // A segment may therefore grow past the configured size by up to one batch.
        if (nextPosition == batchStart && activeSize + frame > options.segmentBytes()
                && activeSize > SegmentFormat.SEGMENT_HEADER_SIZE) {
            roll();
        }
        if (pending.remaining() < frame) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(pending.capacity() * 2, pending.position() + frame))
                    .order(ByteOrder.BIG_ENDIAN);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        long position = nextPosition++;
        SegmentFormat.writeFrame(pending, position, (int) (position - batchStart), typeId, schemaVersion, payload);
        return position;
    }

    /** Writes the buffered records and, per policy, fsyncs them. Writer thread only. */
    public void commit() throws IOException {
        ensureOpen();
        if (nextPosition == batchStart) {
            return;
        }
        writePending();
        if (options.fsync() == FsyncPolicy.ALWAYS) {
            active.force(false);
        }
        committedPosition = nextPosition - 1;
        batchStart = nextPosition;
    }

    private void writePending() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            activeSize += active.write(pending);
        }
        pending.clear();
    }

    private void roll() throws IOException {
        active.force(true);
        active.close();
        Segment next = createSegment(dir, nextPosition);
        segments.add(next);
        active = FileChannel.open(next.file(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        activeSize = active.size();
        active.position(activeSize);
    }

    private static Segment createSegment(Path dir, long firstPosition) throws IOException {
        Path file = dir.resolve(SegmentFormat.fileName(firstPosition));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = SegmentFormat.header(firstPosition);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
        }
        fsyncDirectory(dir);
        return new Segment(file, firstPosition);
    }

    /**
     * Passes the durable records with positions in [{@code from}, {@code to}] to {@code sink}, in
     * order. Safe from any thread.
     *
     * @throws CompactedException when records from {@code from} on were already compacted away
     */
    public void read(long from, long to, Consumer<JournalRecord> sink) {
        long limit = Math.min(to, committedPosition);
        if (from > limit) {
            return;
        }
        List<Segment> view = List.copyOf(segments);
        if (from < view.get(0).firstPosition()) {
            throw new CompactedException(from, view.get(0).firstPosition());
        }
        for (int i = 0; i < view.size(); i++) {
            Segment s = view.get(i);
            long segmentLast = i + 1 < view.size() ? view.get(i + 1).firstPosition() - 1 : Long.MAX_VALUE;
            if (segmentLast < from || s.firstPosition() > limit) {
                continue;
            }
            try {
                readSegment(s, from, limit, sink);
            } catch (NoSuchFileException e) {
                throw new CompactedException(from, firstPosition());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read journal segment " + s.file(), e);
            }
        }
    }

    private static void readSegment(Segment s, long from, long to, Consumer<JournalRecord> sink) throws IOException {
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ)) {
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.BIG_ENDIAN);
        }
        int offset = SegmentFormat.SEGMENT_HEADER_SIZE;
        long position = s.firstPosition();
        while (position <= to && offset < buf.limit()) {
            int size = SegmentFormat.probe(buf, offset);
            if (size < 0 || SegmentFormat.position(buf, offset) != position) {
                throw new JournalCorruptedException(s.file(), offset, position - 1, size < 0
                        ? SegmentFormat.describe(size)
                        : "expected position " + position + " but found " + SegmentFormat.position(buf, offset));
            }
            if (position >= from) {
                sink.accept(SegmentFormat.read(buf, offset));
            }
            offset += size;
            position++;
        }
    }

    /**
     * Deletes closed segments all of whose records are at or before {@code position} (covered by a
     * snapshot). The active segment is never deleted. Returns how many files were removed.
     */
    public int deleteSegmentsUpTo(long position) throws IOException {
        int removed = 0;
        while (segments.size() > 1 && segments.get(1).firstPosition() - 1 <= position) {
            Segment s = segments.remove(0);
            Files.deleteIfExists(s.file());
            removed++;
        }
        if (removed > 0) {
            fsyncDirectory(dir);
        }
        return removed;
    }

    /**
     * Position of the last committed record in a closed (no longer written) segment; 0 when none is
     * closed. A batch may roll to a new segment before it is committed, so the closed segments can
     * hold records that are not durable yet: the result is capped at {@link #committedPosition()},
     * because a snapshot must never claim records that a crash could still take back.
     */
    public long lastClosedPosition() {
        List<Segment> view = List.copyOf(segments);
        return view.size() < 2 ? 0 : Math.min(committedPosition, view.get(view.size() - 1).firstPosition() - 1);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal in " + dir + " is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (options.fsync() == FsyncPolicy.ALWAYS) {
                active.force(true);
            }
        } finally {
            active.close();
        }
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> SegmentFormat.firstPositionOf(p) >= 0)
                    .sorted((a, b) -> Long.compare(SegmentFormat.firstPositionOf(a), SegmentFormat.firstPositionOf(b)))
                    .toList();
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
