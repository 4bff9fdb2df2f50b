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

/**
 * An exclusive OS file lock on {@code <data>/.lock}, so one process at a time owns a data directory.
 * The lock is released by the OS when the process dies, even by {@code kill -9}; the file holds the
 * owner's pid for the error message a second process prints.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with a message naming the directory and the owning process. */
    public static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
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
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirectoryLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another process (or another open in this one) owns the data directory. */
    public static final class DataDirectoryLockedException extends RuntimeException {
        public DataDirectoryLockedException(String message) {
            super(message);
        }
    }
}
