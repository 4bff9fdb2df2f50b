package io.visutility.retrain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs a user's program as a subprocess: an argument list (never a shell string), extra environment
 * variables, a working directory, a timeout after which the program's whole process tree is killed,
 * and its stdout and stderr written to one size-bounded log file. The tail of stdout is kept so
 * callers can read a result the program printed last. Used by the tuner and the command trainer.
 */
public final class CommandRunner {
    /** How much of stdout's end is kept in memory for {@link Result#stdoutTail}. */
    static final int TAIL_BYTES = 64 * 1024;
    /** How long output is still read after the program exited. */
    static final Duration PUMP_WAIT = Duration.ofSeconds(2);

    private final ThreadFactory pumps;

    public CommandRunner(ThreadFactory pumps) {
        this.pumps = pumps;
    }

    public CommandRunner() {
        this(Thread.ofVirtual().name("command-output-", 0).factory());
    }

    /**
     * What a run came to.
     *
     * @param exitCode the program's exit code (meaningless when timed out)
     * @param timedOut the timeout passed and the process tree was killed
     * @param elapsed wall time
     * @param stdoutTail the last {@value #TAIL_BYTES} bytes of stdout, as UTF-8
     * @param logTruncated the log reached its limit and later output was dropped
     */
    public record Result(int exitCode, boolean timedOut, Duration elapsed, String stdoutTail, boolean logTruncated) {
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @param command the program and its arguments
     * @param environment variables added to this process's environment
     * @param directory the working directory (must exist)
     * @param log where stdout and stderr go (created or replaced), at most {@code logLimit} bytes
     * @throws IOException when the program cannot be started (the message names it)
     * @throws InterruptedException when interrupted while waiting; the process tree is killed first
     */
    public Result run(List<String> command, Map<String, String> environment, Path directory, Path log, long logLimit,
            Duration timeout) throws IOException, InterruptedException {
        return run(command, environment, directory, log, logLimit, timeout, started -> { });
    }

    /**
     * As {@link #run(List, Map, Path, Path, long, Duration)}, telling {@code started} about the process
     * as soon as it runs (to record its pid, so a later process can find it if this one dies).
     */
    public Result run(List<String> command, Map<String, String> environment, Path directory, Path log, long logLimit,
            Duration timeout, Consumer<ProcessHandle> started) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("expected a program to run but got an empty command");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start '" + command.get(0) + "': " + e.getMessage(), e);
        }
        started.accept(process.toHandle());
        process.getOutputStream().close();
        try (BoundedLog out = new BoundedLog(Files.newOutputStream(log), logLimit)) {
            Tail tail = new Tail();
            Thread stdout = pumps.newThread(() -> pump(process.getInputStream(), out, tail));
            Thread stderr = pumps.newThread(() -> pump(process.getErrorStream(), out, null));
            stdout.start();
            stderr.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
            if (!finished) {
                killTree(process);
                process.waitFor();
            }
            // A process the program started in the background may hold its stdout open after it exited;
            // waiting for that would hang the attempt until the orphan ends, so the wait is bounded.
            // (Java drains a pipe itself when the process exits, unless a pump is blocked reading it then.)
            long deadline = System.nanoTime() + PUMP_WAIT.toNanos();
            boolean drained = joinBy(stdout, deadline) && joinBy(stderr, deadline);
            if (!drained) {
                out.note("\n[output after the program exited is not captured: a process it started still holds "
                        + "its stdout or stderr]\n");
            }
            return new Result(finished ? process.exitValue() : -1, !finished,
                    Duration.ofNanos(System.nanoTime() - start), tail.text(), out.truncated());
        }
    }

    private static boolean joinBy(Thread pump, long deadline) throws InterruptedException {
        return pump.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /** Kills the process and everything it started, children first. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void pump(InputStream in, BoundedLog log, Tail tail) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                log.write(buf, 0, n);
                if (tail != null) {
                    tail.add(buf, n);
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is in the log
        }
    }

    /** The last {@link #TAIL_BYTES} bytes seen. */
    private static final class Tail {
        private final byte[] ring = new byte[TAIL_BYTES];
        private long total;

        synchronized void add(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                ring[(int) (total++ % ring.length)] = b[i];
            }
        }

        synchronized String text() {
            int size = (int) Math.min(total, ring.length);
            byte[] out = new byte[size];
            long first = total - size;
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((first + i) % ring.length)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** An output stream that keeps the first {@code limit} bytes and then notes the truncation once. */
    private static final class BoundedLog implements AutoCloseable {
        private final OutputStream out;
        private final long limit;
        private long written;
        private boolean truncated;
        private boolean stopped;

        BoundedLog(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        synchronized void write(byte[] b, int off, int n) throws IOException {
            if (stopped) {
                return;
            }
            long room = limit - written;
            if (room > 0) {
                int k = (int) Math.min(room, n);
                out.write(b, off, k);
                written += k;
            }
            if (n > room && !truncated) {
                truncated = true;
                out.write(("\n[log truncated at " + limit + " bytes]\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Appends a remark of ours (even past the limit) and stops recording the program's output. */
        synchronized void note(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            stopped = true;
        }

        synchronized boolean truncated() {
            return truncated;
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }
}
