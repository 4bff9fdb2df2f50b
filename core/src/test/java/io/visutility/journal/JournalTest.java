package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final JournalOptions OPTIONS = JournalOptions.defaults().withFsync(FsyncPolicy.NONE);
    /** 4 KiB segments: 32 records with 100-byte payloads (124-byte frames) fit after the 20-byte header. */
    private static final JournalOptions SMALL = OPTIONS.withSegmentBytes(4096);
    private static final int PER_SMALL_SEGMENT = 32;

    @TempDir
    Path dir;

    /** A payload that says which position it was written at. */
    private static byte[] payload(long position, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (position * 31 + i);
        }
        return b;
    }

    private static Journal open(Path dir, JournalOptions options) throws IOException {
        return Journal.open(dir, options, 1, Long.MAX_VALUE, r -> { });
    }

    private static void appendCommitted(Journal j, int count, int length) throws IOException {
        for (int i = 0; i < count; i++) {
            j.append(1, 1, payload(j.committedPosition() + 1, length));
            j.commit();
        }
    }

    private static List<JournalRecord> read(Journal j, long from, long to) {
        List<JournalRecord> out = new ArrayList<>();
        j.read(from, to, out::add);
        return out;
    }

    private static List<Long> positions(List<JournalRecord> records) {
        return records.stream().map(JournalRecord::position).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            out.add(p);
        }
        return out;
    }

    @Test
    void positionsAreDenseFromOneAcrossCommitBatches() throws IOException {
        try (Journal j = open(dir, OPTIONS)) {
            assertThat(j.committedPosition()).isZero();
            long expected = 1;
            for (int batch : new int[] {1, 3, 5, 2}) {
                for (int i = 0; i < batch; i++) {
                    assertThat(j.append(7, 2, payload(expected, 10 + i))).isEqualTo(expected);
                    expected++;
                }
                j.commit();
                assertThat(j.committedPosition()).isEqualTo(expected - 1);
            }
            List<JournalRecord> all = read(j, 1, Long.MAX_VALUE);
            assertThat(positions(all)).isEqualTo(range(1, 11));
            assertThat(all).allSatisfy(r -> {
                assertThat(r.typeId()).isEqualTo(7);
                assertThat(r.schemaVersion()).isEqualTo(2);
                assertThat(Arrays.copyOf(r.payload(), 10)).isEqualTo(payload(r.position(), 10));
            });
        }
    }

    @Test
    void anEmptyJournalStartsAtTheGivenPosition() throws IOException {
        try (Journal j = Journal.open(dir, OPTIONS, 501, 501, r -> { })) {
            assertThat(j.firstPosition()).isEqualTo(501);
            assertThat(j.committedPosition()).isEqualTo(500);
            assertThat(j.append(1, 1, payload(501, 5))).isEqualTo(501);
            j.commit();
        }
        assertThat(LogCorrupter.segments(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("segment-00000000000000000501.log");
    }

    @Test
    void aNewSegmentStartsAtTheFirstBatchThatWouldPassTheSegmentSize() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 60, 100);
            // a batch of 40 that starts in a segment with room stays whole in that segment
            for (int i = 0; i < 40; i++) {
                j.append(1, 1, payload(61 + i, 100));
            }
            j.commit();
            appendCommitted(j, 1, 100);
            assertThat(j.committedPosition()).isEqualTo(101);
            assertThat(positions(read(j, 1, 101))).isEqualTo(range(1, 101));
        }
        List<Path> segments = LogCorrupter.segments(dir);
        assertThat(segments).extracting(p -> SegmentFormat.firstPositionOf(p)).containsExactly(1L, 33L, 101L);
        assertThat(Files.size(segments.get(0))).isEqualTo(SegmentFormat.SEGMENT_HEADER_SIZE
                + PER_SMALL_SEGMENT * SegmentFormat.frameSize(100));
        assertThat(Files.size(segments.get(1))).as("grown past the size by one batch")
                .isEqualTo(SegmentFormat.SEGMENT_HEADER_SIZE + 68 * SegmentFormat.frameSize(100));
        try (Journal j = open(dir, SMALL)) {
            assertThat(j.recoveryReport()).isEqualTo(new RecoveryReport(1, 101, 3, Optional.empty()));
        }
    }

    @Test
    void aBatchIsNeverSplitAcrossSegments() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 1, 10);
            j.append(1, 1, payload(2, 10_000));
            j.append(1, 1, payload(3, 10));
            j.commit();
            List<JournalRecord> all = read(j, 1, 3);
            assertThat(all.get(1).payload()).isEqualTo(payload(2, 10_000));
        }
        List<Path> segments = LogCorrupter.segments(dir);
        assertThat(segments).extracting(p -> SegmentFormat.firstPositionOf(p)).containsExactly(1L, 2L);
        assertThat(Files.size(segments.get(1))).isEqualTo(SegmentFormat.SEGMENT_HEADER_SIZE
                + SegmentFormat.frameSize(10_000) + SegmentFormat.frameSize(10));
    }

    @Test
    void reopeningContinuesAfterTheLastRecordAndDeliversFromTheRequestedPosition() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 10, 1000);
        }
        List<JournalRecord> delivered = new ArrayList<>();
        try (Journal j = Journal.open(dir, SMALL, 1, 6, delivered::add)) {
            // three 1024-byte frames per 4 KiB segment
            assertThat(j.recoveryReport()).isEqualTo(new RecoveryReport(1, 10, 4, Optional.empty()));
            assertThat(j.committedPosition()).isEqualTo(10);
            assertThat(j.append(1, 1, payload(11, 1000))).isEqualTo(11);
            j.commit();
        }
        assertThat(positions(delivered)).isEqualTo(range(6, 10));
        assertThat(delivered.get(0).payload()).isEqualTo(payload(6, 1000));
        try (Journal j = Journal.open(dir, SMALL, 1, 1, delivered::add)) {
            assertThat(j.committedPosition()).isEqualTo(11);
        }
    }

    @Test
    void readReturnsOnlyCommittedRecords() throws IOException {
        try (Journal j = open(dir, OPTIONS)) {
            appendCommitted(j, 3, 20);
            j.append(1, 1, payload(4, 20));
            j.append(1, 1, payload(5, 20));
            assertThat(j.committedPosition()).isEqualTo(3);
            assertThat(positions(read(j, 1, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L);
            assertThat(read(j, 4, 5)).isEmpty();
            j.commit();
            assertThat(positions(read(j, 4, 5))).containsExactly(4L, 5L);
        }
    }

    @Test
    void readReturnsExactlyTheRequestedRangeAcrossSegments() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 100, 100);
            assertThat(positions(read(j, 30, 70))).isEqualTo(range(30, 70));
            assertThat(positions(read(j, 33, 33))).containsExactly(33L);
            assertThat(positions(read(j, 99, 500))).containsExactly(99L, 100L);
            assertThat(read(j, 101, 200)).isEmpty();
        }
    }

    @Test
    void readingBelowTheFirstRetainedRecordAfterCompactionIsRefused() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 100, 100);
            assertThat(j.deleteSegmentsUpTo(40)).as("only the segment of 1..32 lies wholly at or before 40")
                    .isEqualTo(1);
            assertThat(j.firstPosition()).isEqualTo(33);
            assertThatThrownBy(() -> read(j, 1, 50)).isInstanceOfSatisfying(CompactedException.class, e -> {
                assertThat(e.requested()).isEqualTo(1);
                assertThat(e.firstAvailable()).isEqualTo(33);
            }).hasMessage("journal records from position 1 were compacted into a snapshot; the first record still"
                    + " held is at position 33");
            assertThat(positions(read(j, 33, 40))).isEqualTo(range(33, 40));

            assertThat(j.deleteSegmentsUpTo(Long.MAX_VALUE)).as("the active segment is never deleted").isEqualTo(2);
            assertThat(j.firstPosition()).isEqualTo(97);
            assertThat(j.lastClosedPosition()).isZero();
        }
        assertThat(LogCorrupter.segments(dir)).extracting(p -> SegmentFormat.firstPositionOf(p)).containsExactly(97L);
        List<JournalRecord> delivered = new ArrayList<>();
        try (Journal j = Journal.open(dir, SMALL, 1, 1, delivered::add)) {
            assertThat(j.firstPosition()).isEqualTo(97);
            assertThat(positions(delivered)).containsExactly(97L, 98L, 99L, 100L);
        }
    }

    @Test
    void lastClosedPositionNeverRunsAheadOfTheCommittedPosition() throws IOException {
        try (Journal j = open(dir, SMALL)) {
            appendCommitted(j, 30, 100);
            // this batch passes the segment size but, being one batch, does not roll
            for (int i = 0; i < 10; i++) {
                j.append(1, 1, payload(31 + i, 100));
            }
            assertThat(LogCorrupter.segments(dir)).hasSize(1);
            assertThat(j.lastClosedPosition()).as("a snapshot may only cover durable records").isZero();
            j.commit();
            appendCommitted(j, 1, 100);
            assertThat(LogCorrupter.segments(dir)).hasSize(2);
            assertThat(j.lastClosedPosition()).isEqualTo(40).isLessThanOrEqualTo(j.committedPosition());
        }
    }

    @Test
    void anOversizedPayloadIsRefusedWithTheLimitAndChangesNothing() throws IOException {
        try (Journal j = open(dir, OPTIONS)) {
            byte[] big = new byte[SegmentFormat.MAX_PAYLOAD + 1];
            assertThatThrownBy(() -> j.append(1, 1, big)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a record of at most 16777216 bytes but got 16777217");
            j.commit();
            assertThat(j.committedPosition()).isZero();
            assertThat(j.append(1, 1, payload(1, 3))).isEqualTo(1);
            j.commit();
        }
        assertThat(Files.size(LogCorrupter.segments(dir).get(0)))
                .isEqualTo(SegmentFormat.SEGMENT_HEADER_SIZE + SegmentFormat.frameSize(3));
    }

    @Test
    void typeIdsAndSchemaVersionsMustFitInSixteenBits() throws IOException {
        try (Journal j = open(dir, OPTIONS)) {
            assertThatThrownBy(() -> j.append(65_536, 1, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("type id and schema version must fit in 16 bits, got 65536 and 1");
            assertThatThrownBy(() -> j.append(1, -1, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("type id and schema version must fit in 16 bits, got 1 and -1");
            assertThat(j.append(65_535, 65_535, new byte[1])).isEqualTo(1);
            j.commit();
            assertThat(read(j, 1, 1)).singleElement().satisfies(r -> {
                assertThat(r.typeId()).isEqualTo(65_535);
                assertThat(r.schemaVersion()).isEqualTo(65_535);
            });
        }
    }

    @Test
    void aClosedJournalRefusesWrites() throws IOException {
        Journal j = open(dir, OPTIONS);
        j.close();
        assertThatThrownBy(() -> j.append(1, 1, new byte[1])).isInstanceOf(IllegalStateException.class)
                .hasMessage("journal in " + dir + " is closed");
        assertThatThrownBy(j::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readersOnOtherThreadsSeeADensePrefixOfCommittedRecords() throws Exception {
        int total = 400;
        try (Journal j = open(dir, SMALL)) {
            AtomicBoolean writerDone = new AtomicBoolean();
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                while (true) {
                    boolean done = writerDone.get();
                    long committedBefore = j.committedPosition();
                    List<JournalRecord> seen = read(j, 1, Long.MAX_VALUE);
                    assertThat(seen.size()).isGreaterThanOrEqualTo((int) committedBefore);
                    for (int i = 0; i < seen.size(); i++) {
                        JournalRecord r = seen.get(i);
                        assertThat(r.position()).isEqualTo(i + 1L);
                        assertThat(r.payload()).isEqualTo(payload(r.position(), 100));
                    }
                    if (done || seen.size() == total) {
                        return seen.size();
                    }
                }
            });
            long next = 1;
            for (int batch = 0; next <= total; batch++) {
                for (int i = 0; i <= batch % 7 && next <= total; i++) {
                    j.append(1, 1, payload(next++, 100));
                }
                j.commit();
            }
            writerDone.set(true);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(total);
        }
    }
}
