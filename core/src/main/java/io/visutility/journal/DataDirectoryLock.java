package io.visutility.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive OS file lock on {@code <data>/.lock}, so one process at a time owns a data directory.
 * The lock is released by the OS when the process dies, even by {@code kill -9}; the file holds the
 * owner's pid for the error message a second process prints.
 *
 * <p>Within one JVM the directories held are also kept in {@link #HELD}, and a second acquire is
 * refused from there without touching the lock file: OS file locks belong to the process, and on
 * Linux closing <em>any</em> descriptor of the file drops them, so a refused attempt that opened and
 * closed the lock file would silently unlock the directory for every other process.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** Real paths of the data directories this JVM holds; added before the file is opened. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with a message naming the directory and the owning process. */
    public static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path key = dataDir.toRealPath();
        if (!HELD.add(key)) {
            throw new DataDirectoryLockedException("data directory " + dataDir.toAbsolutePath()
                    + " is already open in this process (pid " + ProcessHandle.current().pid()
                    + "); close it first or use another --data directory");
        }
        try {
            return lock(dataDir, key);
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static DataDirectoryLock lock(Path dataDir, Path key) throws IOException {
        Path file = dataDir.resolve(".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String owner = "";
            try {
                owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            } catch (IOException ignored) {
                // the message below is still right without the pid
            }
            ch.close();
            throw new DataDirectoryLockedException("data directory " + dataDir.toAbsolutePath()
                    + " is in use by another process" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                    + "; stop it or use another --data directory");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException | RuntimeException e) {
            ch.close(); // releases the lock too
            throw e;
        }
        return new DataDirectoryLock(key, ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }

    /** Another process (or another open in this one) owns the data directory. */
    public static final class DataDirectoryLockedException extends RuntimeException {
        public DataDirectoryLockedException(String message) {
            super(message);
        }
    }
}
