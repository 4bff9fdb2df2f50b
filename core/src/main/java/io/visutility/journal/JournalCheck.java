package io.visutility.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Offline inspection of a journal directory: verify every record, dump records, and repair a damaged
 * journal by truncating at the first bad record — only when asked, after saying what will be lost.
 * The caller must hold the data directory's lock.
 */
public final class JournalCheck {
    private JournalCheck() {}

    /** The first bad record of a journal. {@code torn} damage would be repaired on open by itself. */
    public record Damage(Path file, long offset, String reason, boolean torn, long lastGoodPosition) {}

    /** What verify found: the records that are intact, and the first damage if any. */
    public record Report(int segments, long records, long firstPosition, long lastPosition,
            Optional<Damage> damage) {
        public boolean clean() {
            return damage.isEmpty();
        }
    }

    /** What repair removes (or removed): the tail of one file and whole later segments. */
    public record RepairPlan(Damage damage, long bytesCut, List<Path> filesDeleted, long recordsInDeletedFiles) {}

    /** Checks every record; passes intact records at or after {@code from} to {@code sink}. */
    public static Report scan(Path journalDir, long from, Consumer<JournalRecord> sink) throws IOException {
        List<Path> files = Journal.segmentFiles(journalDir);
        long expected = -1;
        long records = 0;
        long first = 0;
        long last = 0;
        for (int i = 0; i < files.size(); i++) {
            SegmentScanner.Result r = SegmentScanner.scan(files.get(i), expected, i == files.size() - 1, from, sink);
            if (i == 0) {
                first = r.firstPosition();
            }
            if (r.lastPosition() >= r.firstPosition() && r.firstPosition() > 0) {
                records += r.lastPosition() - r.firstPosition() + 1;
                last = r.lastPosition();
            }
            if (!r.intact()) {
                SegmentScanner.Problem p = r.problem();
                return new Report(files.size(), records, first, last, Optional.of(
                        new Damage(files.get(i), p.offset(), p.reason(), p.torn(), Math.max(0, r.lastPosition()))));
            }
            expected = r.lastPosition() + 1;
        }
        return new Report(files.size(), records, first, last, Optional.empty());
    }

    public static Report verify(Path journalDir) throws IOException {
        return scan(journalDir, Long.MAX_VALUE, r -> { });
    }

    /** What {@link #repair} would do, without changing anything; empty when the journal is clean. */
    public static Optional<RepairPlan> plan(Path journalDir) throws IOException {
        Report report = verify(journalDir);
        if (report.damage().isEmpty()) {
            return Optional.empty();
        }
        Damage d = report.damage().get();
        List<Path> files = Journal.segmentFiles(journalDir);
        List<Path> later = new ArrayList<>();
        long laterRecords = 0;
        boolean after = false;
        for (Path f : files) {
            if (after) {
                later.add(f);
                SegmentScanner.Result r = SegmentScanner.scan(f, -1, false, Long.MAX_VALUE, x -> { });
                if (r.firstPosition() > 0) {
                    laterRecords += Math.max(0, r.lastPosition() - r.firstPosition() + 1);
                }
            }
            after |= f.equals(d.file());
        }
        if (d.offset() == 0) {
            later.add(0, d.file());
        }
        long cut = d.offset() == 0 ? 0 : Files.size(d.file()) - d.offset();
        return Optional.of(new RepairPlan(d, cut, later, laterRecords));
    }

    /** Carries out a plan: truncates the damaged file at the damage and deletes the later files. */
    public static void repair(Path journalDir, RepairPlan plan) throws IOException {
        Damage d = plan.damage();
        if (d.offset() > 0) {
            try (FileChannel ch = FileChannel.open(d.file(), StandardOpenOption.WRITE)) {
                ch.truncate(d.offset());
                ch.force(true);
            }
        }
        for (Path f : plan.filesDeleted()) {
            Files.deleteIfExists(f);
        }
        Journal.fsyncDirectory(journalDir);
    }
}
