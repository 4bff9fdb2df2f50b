package io.visutility.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.visutility.client.TelemetrySender;
import io.visutility.client.TelemetryStats;
import io.visutility.client.VisutilityClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the Java client's non-blocking telemetry call ({@link TelemetrySender#latency}) on one
 * thread, with the client's background sender posting NDJSON batches to a stub
 * {@code /api/v1/telemetry} (a JDK {@code HttpServer} in this JVM that counts the lines and answers 202
 * at once). The aux counters split the calls into {@code queued} (taken by the queue) and
 * {@code dropped} (refused because the queue was full: the sender could not keep up); the trial's
 * totals, sent included, are printed at tear-down. {@link #latencyWithRoom} measures the enqueue path
 * alone: each invocation makes 10,000 calls into a drained queue. Target: ≥ 1,000,000 calls/s taken by the call.
 * Run: {@code java -jar bench/target/benchmarks.jar TelemetryClientBenchmark -f 1 -wi 2 -i 3 -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class TelemetryClientBenchmark {
    static final int ROOM_CALLS = 10_000;

    /** The stub server and the client, shared for the trial. */
    @State(Scope.Benchmark)
    public static class Endpoint {
        HttpServer server;
        ExecutorService executor;
        VisutilityClient client;
        TelemetrySender telemetry;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/api/v1/telemetry", Endpoint::accept);
            server.start();
            client = VisutilityClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .telemetryCloseTimeout(Duration.ofSeconds(10))
                    .build();
            telemetry = client.telemetry();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
            TelemetryStats s = telemetry.stats();
            System.out.printf("%ntelemetry totals: enqueued %,d, dropped %,d (%.1f %% of calls), sent %,d, accepted %,d,"
                            + " failed batches %d, retries %d, abandoned %,d%n", s.enqueued(), s.dropped(),
                    100.0 * s.dropped() / Math.max(1, s.enqueued() + s.dropped()), s.sent(), s.accepted(),
                    s.failedBatches(), s.retries(), s.abandoned());
            server.stop(0);
            executor.close();
        }

        private static void accept(HttpExchange exchange) throws IOException {
            long lines = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            byte[] body = ("{\"accepted\":" + lines + ",\"rejected\":0,\"dropped\":0,\"rejections\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Per-iteration split of the calls; JMH reports each as a rate next to the total. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Calls {
        public long queued;
        public long dropped;

        @Setup(Level.Iteration)
        public void reset() {
            queued = 0;
            dropped = 0;
        }
    }

    /**
     * Before each invocation of {@link #latencyWithRoom}, waits until the sender has sent everything,
     * so that the 10,000 calls of the invocation find room in the queue (100,000): the enqueue path
     * alone, while the sender works on the other CPU. Not timed.
     */
    @State(Scope.Thread)
    public static class Drained {
        @Setup(Level.Invocation)
        public void drain(Endpoint endpoint) {
            if (!endpoint.telemetry.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("expected the queue to drain within 30 s but it did not");
            }
        }
    }

    private double millis;

    /** 10,000 calls into a queue with room for them all; the score is calls/s. */
    @Benchmark
    @OperationsPerInvocation(ROOM_CALLS)
    public int latencyWithRoom(Endpoint endpoint, Drained drained) {
        int taken = 0;
        for (int i = 0; i < ROOM_CALLS; i++) {
            taken += endpoint.telemetry.latency("detector", "1.1.0", i * 0.25) ? 1 : 0;
        }
        if (taken != ROOM_CALLS) {
            throw new IllegalStateException("expected " + ROOM_CALLS + " calls to be queued but " + taken + " were");
        }
        return taken;
    }

    @Benchmark
    public boolean latency(Endpoint endpoint, Calls calls) {
        millis += 0.25;
        if (millis > 100) {
            millis = 0;
        }
        boolean taken = endpoint.telemetry.latency("detector", "1.1.0", millis);
        if (taken) {
            calls.queued++;
        } else {
            calls.dropped++;
        }
        return taken;
    }
}
