package io.visutility.retrain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal position up to which a durable consumer (the retrainer, a webhook endpoint) has
 * handled the event bus, kept in a small file so that after a crash it resumes there: a detection
 * journaled just before the crash still becomes a request. The file is replaced atomically, without
 * fsync; after a crash it may lag a little, and the events after it are handled again — harmless
 * for the retrainer (a second request for the same model merges into its active job or is declined
 * by the cooldown) and for webhooks (at least once).
 */
public final class BusCursor {
    private static final System.Logger LOG = System.getLogger(BusCursor.class.getName());

    private final Path file;
    private final AtomicLong handled = new AtomicLong(-1);
    private long written = -1;

    public BusCursor(Path file) {
        this.file = file;
    }

    /** The position saved by an earlier process, if any (and readable). */
    public OptionalLong saved() {
        try {
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            long p = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            return p >= 0 ? OptionalLong.of(p) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable cursor " + file + ": " + e);
            return OptionalLong.empty();
        }
    }

    /** Records that the event at {@code position} was handled. */
    public void handled(long position) {
        handled.accumulateAndGet(position, Math::max);
    }

    /** Writes the position if it moved since the last write. Called from one thread at a time. */
    public synchronized void save() {
        long p = handled.get();
        if (p < 0 || p == written) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, p + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written = p;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the cursor to " + file + ": " + e);
        }
    }
}
