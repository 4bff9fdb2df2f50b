package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.Orchestrator;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages journals at the byte level — cut short at every offset of the last records, bits flipped
 * anywhere, segments deleted — and checks that opening one yields exactly a committed prefix, or a
 * {@link JournalCorruptedException} that names the file and the offset of the damaged record. Never
 * a wrong record, never a silent skip. Which record a damaged byte belongs to is worked out from the
 * undamaged files ({@link LogCorrupter#recordOffsets}), not from the code under test.
 */
class JournalCrashConsistencyTest {
    private static final JournalOptions NO_FSYNC = JournalOptions.defaults().withFsync(FsyncPolicy.NONE);
    private static final int SMALL_SEGMENTS = JournalOptions.MIN_SEGMENT_BYTES;

    @TempDir
    Path tmp;

    /** Where a record of an undamaged journal lies: segment, byte range, and its commit batch. */
    record Located(int index, int batch, int segment, long start, long end) {
        long position() {
            return index + 1L;
        }
    }

    /** An undamaged journal and what was committed to it. */
    record Pristine(Path dir, List<JournalRecord> committed, List<Located> layout, List<Path> segments) {
        int lastBatch() {
            return layout.get(layout.size() - 1).batch();
        }

        Located locate(int segment, long offset) {
            for (Located l : layout) {
                if (l.segment() == segment && offset >= l.start() && offset < l.end()) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no record at byte " + offset + " of segment " + segment);
        }

        long firstPositionOf(int segment) {
            return layout.stream().filter(l -> l.segment() == segment).findFirst().orElseThrow().position();
        }
    }

    /** What opening a journal delivered. */
    record Recovered(List<JournalRecord> records, RecoveryReport report, long committedPosition) {}

    /**
     * Writes {@code count} records of random types and payloads in random commit batches, ending with
     * batches of 3, 1 and 2 records so that the last records span several batches.
     */
    private Pristine write(Path dir, int segmentBytes, int count, long seed) throws IOException {
        Random random = new Random(seed);
        List<JournalRecord> committed = new ArrayList<>();
        List<Integer> batchOf = new ArrayList<>();
        List<Integer> batchSizes = new ArrayList<>();
        int planned = 0;
        while (planned < count - 6) {
            int size = Math.min(1 + random.nextInt(8), count - 6 - planned);
            batchSizes.add(size);
            planned += size;
        }
        batchSizes.addAll(List.of(3, 1, 2));
        try (Journal j = Journal.open(dir, NO_FSYNC.withSegmentBytes(segmentBytes), 1, 1, r -> {
            throw new AssertionError("a new journal delivered " + r);
        })) {
            for (int batch = 0; batch < batchSizes.size(); batch++) {
                int size = batchSizes.get(batch);
                for (int i = 0; i < size; i++) {
                    byte[] payload = new byte[random.nextInt(121)];
                    random.nextBytes(payload);
                    int type = 1 + random.nextInt(5);
                    int schema = 1 + random.nextInt(3);
                    long position = j.append(type, schema, payload);
                    assertThat(position).isEqualTo(committed.size() + 1L);
                    committed.add(new JournalRecord(position, type, schema, payload));
                    batchOf.add(batch);
                }
                j.commit();
            }
        }
        List<Path> segments = LogCorrupter.segments(dir);
        List<Located> layout = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            long[] offsets = LogCorrupter.recordOffsets(segments.get(s));
            for (int k = 0; k + 1 < offsets.length; k++) {
                int index = layout.size();
                layout.add(new Located(index, batchOf.get(index), s, offsets[k], offsets[k + 1]));
            }
        }
        assertThat(layout).hasSize(count);
        return new Pristine(dir, List.copyOf(committed), List.copyOf(layout), segments);
    }

    private static Recovered recover(Path dir) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        try (Journal j = Journal.open(dir, NO_FSYNC, 1, 1, out::add)) {
            return new Recovered(out, j.recoveryReport(), j.committedPosition());
        }
    }

    private static String describe(JournalRecord r) {
        return r.position() + " type=" + r.typeId() + " schema=" + r.schemaVersion() + " payload="
                + HexFormat.of().formatHex(r.payload());
    }

    /** The recovered records are exactly the first {@code size} committed ones. */
    private static void assertExactPrefix(Recovered recovered, List<JournalRecord> committed, int size) {
        List<JournalRecord> records = recovered.records();
        for (int i = 0; i < Math.min(size, records.size()); i++) {
            JournalRecord got = records.get(i);
            JournalRecord want = committed.get(i);
            if (got.position() != want.position() || got.typeId() != want.typeId()
                    || got.schemaVersion() != want.schemaVersion() || !Arrays.equals(got.payload(), want.payload())) {
                throw new AssertionError("recovered record " + (i + 1) + " is not the one committed there:\n  got      "
                        + describe(got) + "\n  expected " + describe(want));
            }
        }
        assertThat(records).as("number of records recovered").hasSize(size);
        assertThat(recovered.committedPosition()).isEqualTo(size);
    }

    @Test
    void truncationAtAnyOffsetWithinTheLastRecordsRecoversACommittedPrefix() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), JournalOptions.defaults().segmentBytes(), 300, 7);
        assertThat(p.segments()).hasSize(1);
        byte[] bytes = Files.readAllBytes(p.segments().get(0));
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        Path segment = work.resolve(p.segments().get(0).getFileName());
        List<Located> layout = p.layout();
        long from = layout.get(layout.size() - 5).start();
        assertThat(layout.get(layout.size() - 5).batch()).as("the cut range spans several batches")
                .isLessThan(p.lastBatch() - 1);
        int cuts = 0;
        for (int c = (int) from; c <= bytes.length; c++) {
            int cut = c;
            LogCorrupter.restorePrefix(bytes, segment, cut);
            int whole = 0;
            long boundary = SegmentFormat.SEGMENT_HEADER_SIZE;
            while (whole < layout.size() && layout.get(whole).end() <= cut) {
                boundary = layout.get(whole).end();
                whole++;
            }

            Recovered recovered = recover(work);

            assertExactPrefix(recovered, p.committed(), whole);
            if (cut == boundary) {
                assertThat(recovered.report().tornTail()).as("cut at record boundary %d", cut).isEmpty();
            } else {
                RecoveryReport.TornTail torn = recovered.report().tornTail().orElseThrow(
                        () -> new AssertionError("no torn tail reported for a cut at byte " + cut));
                assertThat(torn.file()).isEqualTo(segment);
                assertThat(torn.offset()).as("cut at %d", cut).isEqualTo(boundary);
                assertThat(torn.bytesRemoved()).as("cut at %d", cut).isEqualTo(cut - boundary);
                assertThat(torn.reason()).isEqualTo(cut - boundary < SegmentFormat.FRAME_HEADER_SIZE
                        ? "incomplete record header" : "record extends past the end of the file");
            }
            assertThat(Files.size(segment)).as("torn bytes removed for a cut at %d", cut).isEqualTo(boundary);
            Recovered again = recover(work);
            assertThat(again.report().tornTail()).isEmpty();
            assertExactPrefix(again, p.committed(), whole);
            cuts++;
        }
        assertThat(cuts).isGreaterThan(5 * SegmentFormat.FRAME_HEADER_SIZE);
    }

    @Test
    void writesAfterATornTailContinueRightAfterTheLastIntactRecord() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), JournalOptions.defaults().segmentBytes(), 20, 11);
        Path segment = p.segments().get(0);
        Located last = p.layout().get(19);
        LogCorrupter.truncate(segment, last.start() + 30);

        try (Journal j = Journal.open(p.dir(), NO_FSYNC, 1, 1, r -> { })) {
            assertThat(j.committedPosition()).isEqualTo(19);
            assertThat(j.append(9, 1, new byte[] {1, 2, 3})).isEqualTo(20);
            j.commit();
        }
        Recovered recovered = recover(p.dir());
        assertThat(recovered.report().tornTail()).isEmpty();
        assertThat(recovered.records()).hasSize(20);
        assertThat(describe(recovered.records().get(19))).isEqualTo("20 type=9 schema=1 payload=010203");
        assertThat(recovered.records().subList(0, 19).stream().map(JournalCrashConsistencyTest::describe).toList())
                .containsExactlyElementsOf(p.committed().subList(0, 19).stream()
                        .map(JournalCrashConsistencyTest::describe).toList());
    }

    @Test
    void truncatingARegistryJournalAtAnyOffsetRestoresTheRegistryOfACommittedPrefix() throws IOException {
        Path data = tmp.resolve("data");
        Map<Long, List<String>> contentsAt = new HashMap<>();
        try (Orchestrator o = Orchestrator.open(TestOrchestrators.config(data, TestOrchestrators.noFsync(),
                new TestOrchestrators.ManualExecutor()))) {
            Registry r = o.registry();
            contentsAt.put(0L, RegistryContents.of(r));
            String sha = r.artifacts().put(new ByteArrayInputStream("weights".getBytes(StandardCharsets.UTF_8)))
                    .sha256();
            for (int i = 0; i < 30; i++) {
                String model = i % 3 == 0 ? "segmenter" : "detector";
                String version = "1." + i + ".0";
                r.register(NewVersion.of(model, version, sha).withMetrics(Map.of("f1", DoubleNode.valueOf(0.5 + i / 100.0)))
                        .withTags(Map.of("run", "r" + i)));
                remember(o, contentsAt);
                if (i % 4 == 1) {
                    r.promote(model, version, null);
                    remember(o, contentsAt);
                }
                if (i % 5 == 3) {
                    r.deprecate(model, version, "worse on night images");
                    remember(o, contentsAt);
                }
            }
            r.promote("segmenter", "1.27.0", "champion");
            remember(o, contentsAt);
        }
        Path journal = data.resolve("journal");
        Path segment = LogCorrupter.segments(journal).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        long[] offsets = LogCorrupter.recordOffsets(segment);
        int records = offsets.length - 1;
        assertThat(contentsAt).hasSize(records + 1);
        // In the last five records: every byte of the frame header and the first payload bytes, then
        // every 7th byte (a cut anywhere in a payload means the same), and the record's last byte.
        // Every byte of every offset is covered on a bare journal above.
        List<Integer> cuts = new ArrayList<>();
        for (int k = records - 5; k < records; k++) {
            for (long cut = offsets[k]; cut < offsets[k + 1]; cut++) {
                if (cut < offsets[k] + SegmentFormat.FRAME_HEADER_SIZE + 2 || cut % 7 == 0 || cut == offsets[k + 1] - 1) {
                    cuts.add((int) cut);
                }
            }
        }
        cuts.add(bytes.length);
        for (int cut : cuts) {
            LogCorrupter.restorePrefix(bytes, segment, cut);
            long whole = 0;
            while (whole < records && offsets[(int) whole + 1] <= cut) {
                whole++;
            }
            try (Orchestrator o = Orchestrator.open(TestOrchestrators.config(data, TestOrchestrators.noFsync(),
                    new TestOrchestrators.ManualExecutor()))) {
                assertThat(o.registry().store().committedPosition()).as("cut at %d", cut).isEqualTo(whole);
                assertThat(RegistryContents.of(o.registry())).as("registry after a cut at byte %d", cut)
                        .containsExactlyElementsOf(contentsAt.get(whole));
                assertThat(o.recoveryReport().tornTail().isPresent()).as("torn tail reported for a cut at %d", cut)
                        .isEqualTo(cut != offsets[(int) whole]);
            }
        }
    }

    private static void remember(Orchestrator o, Map<Long, List<String>> contentsAt) {
        long position = o.registry().store().committedPosition();
        assertThat(contentsAt).as("every command here writes exactly one event").doesNotContainKey(position)
                .containsKey(position - 1);
        contentsAt.put(position, RegistryContents.of(o.registry()));
    }

    @Test
    void flippedBytesGiveACommittedPrefixOrACorruptionErrorAtTheDamagedRecord() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), SMALL_SEGMENTS, 300, 42);
        assertThat(p.segments()).as("several segments").hasSizeGreaterThanOrEqualTo(5);
        int lastSegment = p.segments().size() - 1;
        List<Long> sizes = new ArrayList<>();
        long total = 0;
        for (Path s : p.segments()) {
            sizes.add(Files.size(s));
            total += Files.size(s);
        }
        List<Located> lastBatch = p.layout().stream()
                .filter(l -> l.batch() == p.lastBatch() && l.segment() == lastSegment).toList();
        assertThat(lastBatch).isNotEmpty();
        Random random = new Random(4242);
        int prefixes = 0;
        int errors = 0;
        for (int trial = 0; trial < 360; trial++) {
            int segment;
            long offset;
            if (trial < 300) { // anywhere in any segment
                long at = random.nextLong(total);
                segment = 0;
                while (at >= sizes.get(segment)) {
                    at -= sizes.get(segment++);
                }
                offset = at;
            } else { // within the last batch, which was never followed by another and may be torn
                segment = lastSegment;
                offset = random.nextLong(lastBatch.get(0).start(), lastBatch.get(lastBatch.size() - 1).end());
            }
            if (flipAndCheck(p, segment, offset, 1 << random.nextInt(8))) {
                prefixes++;
            } else {
                errors++;
            }
        }
        assertThat(prefixes).as("flips in the last batch, repaired as a torn tail").isGreaterThanOrEqualTo(60);
        assertThat(errors).as("flips in durable records, refused as corruption").isGreaterThan(250);
    }

    /**
     * Flips one byte of a copy of {@code p} and opens it. Returns true when the open repaired a torn
     * tail, false when it refused with a corruption error; fails the test on anything else.
     */
    private boolean flipAndCheck(Pristine p, int segment, long offset, int mask) throws IOException {
        Path work = tmp.resolve("flip");
        LogCorrupter.deleteDir(work);
        LogCorrupter.copyDir(p.dir(), work);
        Path file = work.resolve(p.segments().get(segment).getFileName());
        LogCorrupter.flip(file, offset, mask);
        List<String> damaged = LogCorrupter.fingerprint(work);
        boolean header = offset < SegmentFormat.SEGMENT_HEADER_SIZE;
        Located hit = header ? null : p.locate(segment, offset);
        long damagedPosition = header ? p.firstPositionOf(segment) : hit.position();
        long recordStart = header ? 0 : hit.start();
        boolean mayBeTorn = !header && segment == p.segments().size() - 1 && hit.batch() == p.lastBatch();
        String where = "flip of byte " + offset + " of " + file.getFileName() + " (record at position "
                + damagedPosition + ")";

        Recovered recovered;
        try {
            recovered = recover(work);
        } catch (JournalCorruptedException e) {
            assertThat(mayBeTorn).as("%s is in the never-followed last batch, so it is a torn tail: %s", where,
                    e.getMessage()).isFalse();
            assertThat(e.file()).as(where).isEqualTo(file);
            assertThat(e.offset()).as(where).isEqualTo(recordStart);
            assertThat(e.lastGoodPosition()).as(where).isEqualTo(damagedPosition - 1);
            assertThat(e.getMessage()).contains(file.toString()).contains("at byte offset " + recordStart + ":");
            assertThat(LogCorrupter.fingerprint(work)).as("a refused open changes no file").isEqualTo(damaged);
            return false;
        }
        assertThat(mayBeTorn).as("%s was accepted as a torn tail, but a later batch proves it was durable", where)
                .isTrue();
        assertExactPrefix(recovered, p.committed(), (int) damagedPosition - 1);
        RecoveryReport.TornTail torn = recovered.report().tornTail().orElseThrow();
        assertThat(torn.file()).isEqualTo(file);
        assertThat(torn.offset()).as(where).isEqualTo(recordStart);
        return true;
    }

    @Test
    void damageAnywhereInAClosedSegmentIsCorruptionEvenInItsLastRecord() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), SMALL_SEGMENTS, 200, 5);
        int closed = p.segments().size() - 1;
        assertThat(closed).isGreaterThanOrEqualTo(2);
        for (int s = 0; s < closed; s++) {
            int segment = s;
            Located last = p.layout().stream().filter(l -> l.segment() == segment).reduce((a, b) -> b).orElseThrow();
            // the last byte of the segment's last record, and the first byte of its header
            assertThat(flipAndCheck(p, s, last.end() - 1, 0x01)).isFalse();
            assertThat(flipAndCheck(p, s, 0, 0x80)).isFalse();
        }
    }

    @Test
    void aClosedSegmentCutShortIsCorruptionNotATornTail() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), SMALL_SEGMENTS, 200, 5);
        Path first = p.segments().get(0);
        Located last = p.layout().stream().filter(l -> l.segment() == 0).reduce((a, b) -> b).orElseThrow();

        LogCorrupter.truncate(first, last.end() - 1);
        JournalCorruptedException midRecord = catchThrowableOfType(JournalCorruptedException.class,
                () -> recover(p.dir()));
        assertThat(midRecord.file()).isEqualTo(first);
        assertThat(midRecord.offset()).isEqualTo(last.start());
        assertThat(midRecord).hasMessageContaining("record extends past the end of the file");

        // cut exactly at a record boundary: the segment looks whole, the next one proves it is not
        LogCorrupter.truncate(first, last.start());
        JournalCorruptedException atBoundary = catchThrowableOfType(JournalCorruptedException.class,
                () -> recover(p.dir()));
        assertThat(atBoundary.file()).isEqualTo(p.segments().get(1));
        assertThat(atBoundary.offset()).isZero();
        assertThat(atBoundary).hasMessageContaining("expected the segment to start at position " + last.position()
                + " but it starts at " + (last.position() + 1) + " (records are missing)");
    }

    @Test
    void aDeletedMiddleSegmentIsReportedAsMissingRecords() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), SMALL_SEGMENTS, 200, 5);
        assertThat(p.segments()).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(p.segments().get(1));
        long expected = p.firstPositionOf(1);
        long found = p.firstPositionOf(2);

        assertThatThrownBy(() -> recover(p.dir())).isInstanceOfSatisfying(JournalCorruptedException.class, e -> {
            assertThat(e.file()).isEqualTo(p.segments().get(2));
            assertThat(e.offset()).isZero();
            assertThat(e.lastGoodPosition()).isEqualTo(expected - 1);
        }).hasMessageContaining("expected the segment to start at position " + expected + " but it starts at "
                + found + " (records are missing)");
    }

    @Test
    void aRollCutShortBeforeItsHeaderWasWrittenIsDiscarded() throws IOException {
        Pristine p = write(tmp.resolve("pristine"), SMALL_SEGMENTS, 200, 5);
        Path last = p.segments().get(p.segments().size() - 1);
        long lastFirst = p.firstPositionOf(p.segments().size() - 1);
        LogCorrupter.truncate(last, 7);

        Recovered recovered = recover(p.dir());

        assertExactPrefix(recovered, p.committed(), (int) lastFirst - 1);
        assertThat(recovered.report().tornTail()).hasValueSatisfying(t -> {
            assertThat(t.file()).isEqualTo(last);
            assertThat(t.offset()).isZero();
            assertThat(t.bytesRemoved()).isEqualTo(7);
        });
        assertThat(last).doesNotExist();
        try (Journal j = Journal.open(p.dir(), NO_FSYNC.withSegmentBytes(SMALL_SEGMENTS), 1, 1, r -> { })) {
            assertThat(j.append(1, 1, new byte[10])).isEqualTo(lastFirst);
            j.commit();
        }
        assertThat(recover(p.dir()).records()).hasSize((int) lastFirst);
    }
}
