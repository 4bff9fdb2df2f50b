package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a journal at the byte level and checks that recovery yields exactly a committed prefix
 * or a corruption error naming the damage — never a wrong record and never a silent skip.
 */
class JournalCrashConsistencyTest {
    private static final JournalOptions OPTIONS = JournalOptions.defaults().withFsync(FsyncPolicy.NONE);

    @TempDir
    Path tmp;
    Path pristine;
    List<JournalRecord> committed;
    /** Position of the first record of each commit batch, in order. */
    List<Long> batchStarts;

    @BeforeEach
    void writeJournal() throws IOException {
        pristine = tmp.resolve("pristine");
        committed = new ArrayList<>();
        batchStarts = new ArrayList<>();
        Random random = new Random(7);
        try (Journal j = Journal.open(pristine, OPTIONS, 1, Long.MAX_VALUE, r -> { })) {
            for (int batch = 0; batch < 60; batch++) {
                int size = 1 + random.nextInt(5);
                batchStarts.add(j.committedPosition() + 1);
                for (int i = 0; i < size; i++) {
                    byte[] payload = ("{\"batch\":" + batch + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(40))
                            + "\"}").getBytes(StandardCharsets.UTF_8);
                    long pos = j.append(1 + random.nextInt(3), 1, payload);
                    committed.add(new JournalRecord(pos, 0, 0, payload));
                }
                j.commit();
            }
        }
    }

    private List<JournalRecord> recover(Path dir) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        try (Journal j = Journal.open(dir, OPTIONS, 1, 1, out::add)) {
            assertThat(j.committedPosition()).isEqualTo(out.size());
        }
        return out;
    }

    private void assertCommittedPrefix(List<JournalRecord> recovered) {
        assertThat(recovered.size()).isLessThanOrEqualTo(committed.size());
        for (int i = 0; i < recovered.size(); i++) {
            JournalRecord r = recovered.get(i);
            assertThat(r.position()).isEqualTo(i + 1);
            assertThat(r.payload()).isEqualTo(committed.get(i).payload());
        }
    }

    private Path copy(String name) throws IOException {
        Path d = tmp.resolve(name);
        LogCorrupter.deleteDir(d);
        LogCorrupter.copyDir(pristine, d);
        return d;
    }

    @Test
    void truncationAtEveryOffsetOfTheLastRecordsRecoversACommittedPrefix() throws IOException {
        Path segment = LogCorrupter.segments(pristine).get(0);
        long size = Files.size(segment);
        long tailStart = size - 6 * 200; // the last several records, every byte
        for (long cut = Math.max(SegmentFormat.SEGMENT_HEADER_SIZE, tailStart); cut <= size; cut++) {
            Path d = copy("cut");
            LogCorrupter.truncate(LogCorrupter.segments(d).get(0), cut);
            List<JournalRecord> recovered = recover(d);
            assertCommittedPrefix(recovered);
            long expectedBytes = SegmentFormat.SEGMENT_HEADER_SIZE;
            int whole = 0;
            while (whole < committed.size()
                    && expectedBytes + SegmentFormat.frameSize(committed.get(whole).payload().length) <= cut) {
                expectedBytes += SegmentFormat.frameSize(committed.get(whole).payload().length);
                whole++;
            }
            assertThat(recovered).as("records recovered after a cut at byte %d", cut).hasSize(whole);
            // the torn bytes were removed, so a second open finds a clean journal
            assertThat(Files.size(LogCorrupter.segments(d).get(0))).isEqualTo(expectedBytes);
            assertThat(JournalCheck.verify(d).clean()).isTrue();
        }
    }

    @Test
    void tornTailIsReportedWithWhatWasCut() throws IOException {
        Path d = copy("torn");
        Path segment = LogCorrupter.segments(d).get(0);
        long size = Files.size(segment);
        LogCorrupter.truncate(segment, size - 3);
        try (Journal j = Journal.open(d, OPTIONS, 1, 1, r -> { })) {
            RecoveryReport.TornTail torn = j.recoveryReport().tornTail().orElseThrow();
            assertThat(torn.file()).isEqualTo(segment);
            assertThat(torn.reason()).isEqualTo("record extends past the end of the file");
            assertThat(j.committedPosition()).isEqualTo(committed.size() - 1);
        }
    }

    @Test
    void randomByteFlipsGiveACommittedPrefixOrACorruptionErrorAtTheDamage() throws IOException {
        Random random = new Random(42);
        long lastBatchStartOffset = offsetOf(batchStarts.get(batchStarts.size() - 1));
        int prefixes = 0;
        int errors = 0;
        for (int trial = 0; trial < 300; trial++) {
            Path d = copy("flip");
            Path segment = LogCorrupter.segments(d).get(0);
            long offset = random.nextLong(Files.size(segment));
            LogCorrupter.flip(segment, offset, 1 << random.nextInt(8));
            try {
                List<JournalRecord> recovered = recover(d);
                assertCommittedPrefix(recovered);
                // Only damage within the last, never-acknowledged batch may be dropped as torn.
                assertThat(offset).as("flip at %d accepted as torn", offset).isGreaterThanOrEqualTo(lastBatchStartOffset);
                assertThat(recovered.size()).isGreaterThanOrEqualTo((int) (batchStarts.get(batchStarts.size() - 1) - 1));
                prefixes++;
            } catch (JournalCorruptedException e) {
                assertThat(e.file()).isEqualTo(segment);
                long recordStart = recordStartContaining(offset);
                assertThat(e.offset()).as("flip at %d", offset).isEqualTo(offset < SegmentFormat.SEGMENT_HEADER_SIZE ? 0 : recordStart);
                assertThat(e.getMessage()).contains(segment.toString()).contains("byte offset " + e.offset());
                errors++;
            }
        }
        assertThat(errors).isGreaterThan(200);
        assertThat(prefixes + errors).isEqualTo(300);
    }

    @Test
    void damageInAClosedSegmentIsAlwaysCorruption() throws IOException {
        Path multi = tmp.resolve("multi");
        try (Journal j = Journal.open(multi, OPTIONS.withSegmentBytes(4096), 1, Long.MAX_VALUE, r -> { })) {
            for (JournalRecord r : committed) {
                j.append(1, 1, r.payload());
                j.commit();
            }
        }
        List<Path> segments = LogCorrupter.segments(multi);
        assertThat(segments).hasSizeGreaterThan(2);
        Path first = segments.get(0);
        long lastByte = Files.size(first) - 1; // the last record of a closed segment
        LogCorrupter.flip(first, lastByte, 0x01);
        assertThatThrownBy(() -> recover(multi)).isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("record checksum mismatch");
        LogCorrupter.flip(first, lastByte, 0x01);
        assertThat(recover(multi)).hasSize(committed.size());

        Files.delete(segments.get(1));
        assertThatThrownBy(() -> recover(multi)).isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(segments.get(2).toString()).hasMessageContaining("records are missing");
    }

    @Test
    void repairTruncatesAtTheDamageAndKeepsTheIntactPrefix() throws IOException {
        Path d = copy("repair");
        Path segment = LogCorrupter.segments(d).get(0);
        long damaged = offsetOf(10) + 30;
        LogCorrupter.flip(segment, damaged, 0x10);
        JournalCheck.Report report = JournalCheck.verify(d);
        assertThat(report.damage()).isPresent();
        assertThat(report.damage().get().offset()).isEqualTo(offsetOf(10));
        assertThat(report.damage().get().torn()).isFalse();
        assertThat(report.damage().get().lastGoodPosition()).isEqualTo(9);
        JournalCheck.RepairPlan plan = JournalCheck.plan(d).orElseThrow();
        assertThat(plan.bytesCut()).isEqualTo(Files.size(segment) - offsetOf(10));
        long sizeBefore = Files.size(segment);
        assertThat(Files.size(segment)).as("planning changes nothing").isEqualTo(sizeBefore);
        JournalCheck.repair(d, plan);
        List<JournalRecord> recovered = recover(d);
        assertThat(recovered).hasSize(9);
        assertCommittedPrefix(recovered);
    }

    /** Byte offset of the record at {@code position} in the single pristine segment. */
    private long offsetOf(long position) {
        long offset = SegmentFormat.SEGMENT_HEADER_SIZE;
        for (int i = 0; i < position - 1; i++) {
            offset += SegmentFormat.frameSize(committed.get(i).payload().length);
        }
        return offset;
    }

    private long recordStartContaining(long offset) {
        long start = SegmentFormat.SEGMENT_HEADER_SIZE;
        for (JournalRecord r : committed) {
            long end = start + SegmentFormat.frameSize(r.payload().length);
            if (offset < end) {
                return start;
            }
            start = end;
        }
        return fail("offset %d past the end", offset);
    }

    @Test
    void oversizedRecordsAreRefusedWithTheLimit() throws IOException {
        try (Journal j = Journal.open(tmp.resolve("big"), OPTIONS, 1, 1, r -> { })) {
            byte[] big = new byte[SegmentFormat.MAX_PAYLOAD + 1];
            Arrays.fill(big, (byte) 'x');
            assertThatThrownBy(() -> j.append(1, 1, big)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most " + SegmentFormat.MAX_PAYLOAD);
            assertThat(j.committedPosition()).isZero();
        }
    }
}
