package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline verify, plan and repair. The journal: 100 records with 100-byte payloads in 4 KiB segments,
 * so segments start at positions 1, 33, 65 and 97, and a segment's k-th record (from 0) starts at
 * byte 20 + 124 k.
 */
class JournalCheckTest {
    private static final JournalOptions SMALL = JournalOptions.defaults().withFsync(FsyncPolicy.NONE)
            .withSegmentBytes(4096);
    private static final int FRAME = SegmentFormat.frameSize(100);

    @TempDir
    Path dir;
    List<Path> segments;

    @BeforeEach
    void writeJournal() throws IOException {
        try (Journal j = Journal.open(dir, SMALL, 1, 1, r -> { })) {
            for (int i = 1; i <= 100; i++) {
                byte[] payload = new byte[100];
                payload[0] = (byte) i;
                j.append(3, 1, payload);
                if (i % 4 == 0 || i == 100) {
                    j.commit();
                }
            }
        }
        segments = LogCorrupter.segments(dir);
        assertThat(segments).extracting(SegmentFormat::firstPositionOf).containsExactly(1L, 33L, 65L, 97L);
    }

    private static long offsetOfRecord(int k) {
        return SegmentFormat.SEGMENT_HEADER_SIZE + (long) k * FRAME;
    }

    private List<JournalRecord> openAndCollect() throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        try (Journal j = Journal.open(dir, SMALL, 1, 1, out::add)) {
            assertThat(j.recoveryReport().tornTail()).isEmpty();
        }
        return out;
    }

    @Test
    void verifyOfAnIntactJournalCountsEveryRecord() throws IOException {
        JournalCheck.Report report = JournalCheck.verify(dir);

        assertThat(report).isEqualTo(new JournalCheck.Report(4, 100, 1, 100, Optional.empty()));
        assertThat(report.clean()).isTrue();
        assertThat(JournalCheck.plan(dir)).isEmpty();
    }

    @Test
    void verifyNamesTheFirstDamagedRecordAndTheLastGoodPosition() throws IOException {
        Path second = segments.get(1);
        LogCorrupter.flip(second, offsetOfRecord(5) + 60, 0x04); // position 38
        LogCorrupter.flip(segments.get(2), offsetOfRecord(1) + 60, 0x04); // a later damage is not the first

        JournalCheck.Report report = JournalCheck.verify(dir);

        assertThat(report.clean()).isFalse();
        assertThat(report.damage()).hasValue(new JournalCheck.Damage(second, offsetOfRecord(5),
                "record checksum mismatch", false, 37));
        assertThat(report.records()).isEqualTo(37);
        assertThat(report.lastPosition()).isEqualTo(37);
    }

    @Test
    void verifyCallsDamageInTheLastBatchATornTail() throws IOException {
        Path last = segments.get(3);
        LogCorrupter.flip(last, offsetOfRecord(3) + 30, 0x01); // position 100, the last batch (97..100)

        JournalCheck.Damage damage = JournalCheck.verify(dir).damage().orElseThrow();

        assertThat(damage).isEqualTo(new JournalCheck.Damage(last, offsetOfRecord(3), "record checksum mismatch",
                true, 99));
    }

    @Test
    void planChangesNothingAndRepairLeavesExactlyThePrefixBeforeTheDamage() throws IOException {
        Path second = segments.get(1);
        LogCorrupter.flip(second, offsetOfRecord(5) + 60, 0x04); // position 38
        List<String> before = LogCorrupter.fingerprint(dir);

        JournalCheck.RepairPlan plan = JournalCheck.plan(dir).orElseThrow();

        assertThat(LogCorrupter.fingerprint(dir)).as("planning changes nothing").isEqualTo(before);
        assertThat(plan.damage().offset()).isEqualTo(offsetOfRecord(5));
        assertThat(plan.bytesCut()).isEqualTo(Files.size(second) - offsetOfRecord(5));
        assertThat(plan.filesDeleted()).containsExactly(segments.get(2), segments.get(3));
        assertThat(plan.recordsInDeletedFiles()).isEqualTo(36); // 65..100

        JournalCheck.repair(dir, plan);

        assertThat(JournalCheck.verify(dir)).isEqualTo(new JournalCheck.Report(2, 37, 1, 37, Optional.empty()));
        List<JournalRecord> records = openAndCollect();
        assertThat(records).extracting(JournalRecord::position).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 37).boxed().toList());
        assertThat(records).allSatisfy(r -> assertThat(r.payload()[0]).isEqualTo((byte) r.position()));
        try (Journal j = Journal.open(dir, SMALL, 1, Long.MAX_VALUE, r -> { })) {
            assertThat(j.append(3, 1, new byte[100])).isEqualTo(38);
            j.commit();
        }
    }

    @Test
    void repairOfAJournalWithAMissingSegmentDropsEverythingAfterTheGap() throws IOException {
        Files.delete(segments.get(1));

        JournalCheck.RepairPlan plan = JournalCheck.plan(dir).orElseThrow();

        assertThat(plan.damage().file()).isEqualTo(segments.get(2));
        assertThat(plan.damage().offset()).isZero();
        assertThat(plan.damage().reason()).contains("records are missing");
        assertThat(plan.damage().lastGoodPosition()).isEqualTo(32);
        assertThat(plan.bytesCut()).isZero();
        assertThat(plan.filesDeleted()).containsExactly(segments.get(2), segments.get(3));
        JournalCheck.repair(dir, plan);
        assertThat(openAndCollect()).hasSize(32);
        assertThat(JournalCheck.verify(dir).clean()).isTrue();
    }

    @Test
    void scanPassesIntactRecordsFromTheRequestedPosition() throws IOException {
        List<Long> seen = new ArrayList<>();

        JournalCheck.scan(dir, 95, r -> seen.add(r.position()));

        assertThat(seen).containsExactly(95L, 96L, 97L, 98L, 99L, 100L);
    }
}
