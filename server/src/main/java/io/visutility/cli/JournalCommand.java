package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.JournalCheck;
import io.visutility.journal.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Offline journal tools. They take the data directory's lock but do not replay state, so they work
 * on a journal too damaged to open.
 */
@Command(name = "journal", description = "Inspect and repair the write-ahead journal.",
        subcommands = {JournalCommand.Verify.class, JournalCommand.Dump.class, JournalCommand.Repair.class})
final class JournalCommand implements Runnable {
    @picocli.CommandLine.Mixin
    Context ctx;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "expected a journal command: verify, dump or repair");
    }

    Path journalDir() {
        return ctx.data().resolve("journal");
    }

    /** Takes the data directory's lock without replaying anything, so damaged journals can be inspected. */
    DataDirectoryLock lock() throws IOException {
        if (!Files.isDirectory(ctx.data())) {
            throw new VisutilityCommand.UserError("expected a data directory at " + ctx.data().toAbsolutePath()
                    + " but there is none (use --data DIR)");
        }
        return DataDirectoryLock.acquire(ctx.data());
    }

    @Command(name = "verify", description = "Check every record and the snapshot; exit 1 if anything is damaged.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        JournalCommand journal;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        @SuppressWarnings("try") // the lock is held for the duration, not used
        public Integer call() throws IOException {
            try (DataDirectoryLock lock = journal.lock()) {
                java.io.PrintWriter out = spec.commandLine().getOut();
                SnapshotStore snapshots = new SnapshotStore(journal.ctx.data().resolve("snapshots"));
                Optional<SnapshotStore.Snapshot> snap = snapshots.latest();
                if (snap.isPresent()) {
                    SnapshotStore.read(snap.get(), in -> in.transferTo(java.io.OutputStream.nullOutputStream()));
                    out.println("snapshot " + snap.get().file().getFileName() + ": intact, covers positions 1-"
                            + snap.get().position());
                }
                JournalCheck.Report r = JournalCheck.verify(journal.journalDir());
                out.println("journal: " + r.segments() + " segment(s), " + r.records() + " intact record(s)"
                        + (r.records() > 0 ? ", positions " + r.firstPosition() + "-" + r.lastPosition() : ""));
                if (r.clean()) {
                    out.println("ok");
                    return 0;
                }
                JournalCheck.Damage d = r.damage().get();
                throw new VisutilityCommand.UserError((d.torn() ? "torn tail (a crash mid-write; opening the data"
                        + " directory truncates it automatically)" : "corruption") + " in " + d.file() + " at byte offset "
                        + d.offset() + ": " + d.reason() + " (last intact record: position " + d.lastGoodPosition() + ")");
            }
        }
    }

    @Command(name = "dump", description = "Print records as JSON lines: position, type, schema version, event.")
    static final class Dump implements Callable<Integer> {
        @ParentCommand
        JournalCommand journal;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "POSITION", defaultValue = "1", description = "First position (default 1).")
        long from;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "At most N records.")
        long limit;

        @Override
        @SuppressWarnings("try") // the lock is held for the duration, not used
        public Integer call() throws IOException {
            try (DataDirectoryLock lock = journal.lock()) {
                long[] printed = {0};
                com.fasterxml.jackson.databind.ObjectMapper compact = EventCodec.mapper();
                JournalCheck.Report r = JournalCheck.scan(journal.journalDir(), from, record -> {
                    if (limit >= 0 && printed[0] >= limit) {
                        return;
                    }
                    ObjectNode line = compact.createObjectNode();
                    line.put("position", record.position());
                    EventType type = EventType.byId(record.typeId());
                    line.put("type", type == null ? "unknown(" + record.typeId() + ")" : type.type().getSimpleName());
                    line.put("schema", record.schemaVersion());
                    try {
                        line.set("event", compact.readTree(record.payload()));
                    } catch (IOException e) {
                        line.put("unparsable_payload_bytes", record.payload().length);
                    }
                    spec.commandLine().getOut().println(line);
                    printed[0]++;
                });
                if (!r.clean()) {
                    JournalCheck.Damage d = r.damage().get();
                    throw new VisutilityCommand.UserError("stopped at damage in " + d.file() + " at byte offset "
                            + d.offset() + ": " + d.reason());
                }
            }
            return 0;
        }
    }

    @Command(name = "repair", description = "Truncate the journal at its first damaged record (asks for --yes).")
    static final class Repair implements Callable<Integer> {
        @ParentCommand
        JournalCommand journal;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--yes", description = "Carry out the truncation described.")
        boolean yes;

        @Override
        @SuppressWarnings("try") // the lock is held for the duration, not used
        public Integer call() throws IOException {
            try (DataDirectoryLock lock = journal.lock()) {
                Optional<JournalCheck.RepairPlan> plan = JournalCheck.plan(journal.journalDir());
                if (plan.isEmpty()) {
                    spec.commandLine().getOut().println("journal is intact; nothing to repair");
                    return 0;
                }
                JournalCheck.RepairPlan p = plan.get();
                JournalCheck.Damage d = p.damage();
                spec.commandLine().getOut().println("damage in " + d.file() + " at byte offset " + d.offset() + ": " + d.reason());
                spec.commandLine().getOut().println("records up to position " + d.lastGoodPosition() + " are intact and kept");
                spec.commandLine().getOut().println("repair will remove " + (d.offset() == 0 ? "that whole file" : p.bytesCut()
                        + " bytes from that file (every record after position " + d.lastGoodPosition() + " in it)")
                        + (p.filesDeleted().isEmpty() || (d.offset() == 0 && p.filesDeleted().size() == 1) ? ""
                                : " and delete " + (p.filesDeleted().size() - (d.offset() == 0 ? 1 : 0))
                                        + " later segment file(s) holding " + p.recordsInDeletedFiles() + " record(s)"));
                if (!yes) {
                    throw new VisutilityCommand.UserError("nothing changed; re-run with --yes to truncate (consider a"
                            + " backup of " + journal.journalDir() + " first)");
                }
                JournalCheck.repair(journal.journalDir(), p);
                spec.commandLine().getOut().println("repaired: the journal now ends at position " + d.lastGoodPosition());
            }
            return 0;
        }
    }
}
