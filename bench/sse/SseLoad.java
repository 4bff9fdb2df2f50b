// Load test of GET /api/v1/events: N Server-Sent-Events subscribers of alias_moved events while
// something else (bench/sse/run.sh: wrk with put-alias.lua) moves the production aliases of the
// models sse-t<thread>-m<n> (threads 0..3, n 0..63) that this program seeds.
// Single-file program, JDK 21+, no dependencies:
//   java bench/sse/SseLoad.java --url http://127.0.0.1:8080 [--subscribers 100] [--warmup 20] [--seconds 20]
// Seeds two versions of each model, connects the subscribers, prints READY, lets --warmup seconds of
// writes pass (not measured), waits until they are delivered, prints MEASURE, listens for --seconds, waits until
// every subscriber has every alias_moved event the journal holds (from /metrics), then reports the
// events per second, whether every subscriber received every event, and the delivery latency
// (receipt time minus the event's moved_at, same machine clock), measured on 10 of the subscribers
// so that the load generator's own parsing stays small.
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SseLoad {
    static final Pattern MOVED_AT = Pattern.compile("\"moved_at\":\"([^\"]+)\"");
    static final int BUCKETS = 60_000; // latency histogram in 0.1 ms buckets up to 6 s

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8080");
        int subscribers = Integer.parseInt(arg(args, "--subscribers", "100"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "20"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        // two versions of each model to move its alias between
        for (int t = 0; t < 4; t++) {
            for (int m = 0; m < 64; m++) {
                for (String v : List.of("1.0.0", "1.0.1")) {
                    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/artifacts"))
                            .PUT(HttpRequest.BodyPublishers.ofString("weights " + v)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String sha = up.body().replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
                    HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/models/sse-t"
                                    + t + "-m" + m + "/versions")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"" + v
                                    + "\",\"artifact_sha256\":\"" + sha + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (reg.statusCode() / 100 != 2) {
                        throw new IllegalStateException("seeding failed: " + reg.statusCode() + " " + reg.body());
                    }
                }
            }
        }

        AtomicLongArray received = new AtomicLongArray(subscribers);
        AtomicLongArray latency = new AtomicLongArray(BUCKETS + 1);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch connected = new CountDownLatch(subscribers);
        List<InputStream> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            int me = s;
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/events?types=alias_moved")).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("subscriber " + s + " got HTTP " + r.statusCode());
            }
            streams.add(r.body());
            readers.add(Thread.ofVirtual().start(() -> {
                connected.countDown();
                try {
                    if (me < 10) {
                        readMeasuring(r.body(), me, received, latency);
                    } else {
                        readCounting(r.body(), me, received);
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        System.err.println("subscriber " + me + " failed: " + e);
                    }
                }
            }));
        }
        connected.await();

        System.out.println("READY");
        System.out.flush();
        // warm-up writes (JIT, connection pools) are not measured
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long base = settle(http, url, received);
        long[] baseReceived = new long[subscribers];
        for (int i = 0; i < subscribers; i++) {
            baseReceived[i] = received.get(i);
        }
        for (int i = 0; i <= BUCKETS; i++) {
            latency.set(i, 0);
        }
        System.out.println("MEASURE");
        System.out.flush();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long total = settle(http, url, received) - base;
        for (int i = 0; i < subscribers; i++) {
            received.addAndGet(i, -baseReceived[i]);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (InputStream s : streams) {
            s.close();
        }
        long n = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            n += latency.get(i);
        }
        System.out.printf("subscribers=%d listened=%ds (+%.1f s until settled)%n", subscribers, seconds, elapsed - seconds);
        System.out.printf("alias_moved events journaled: %d = %.0f/s over the %d s; deliveries %d = %.0f/s%n", total,
                total / (double) seconds, seconds, sum(received), sum(received) / (double) seconds);
        System.out.printf("received per subscriber: min %d, max %d (expected %d)%n", min(received), max(received), total);
        System.out.printf("delivery latency (%d samples): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                n, pct(latency, n, 0.50), pct(latency, n, 0.99), pct(latency, n, 0.999), pct(latency, n, 1.0));
        System.out.println(min(received) == total && max(received) == total
                ? "RESULT: every subscriber received every event" : "RESULT: subscribers missed events");
        System.exit(0);
    }

    /** Once the writer has stopped: waits until the journal's count is stable and every subscriber has it. */
    static long settle(HttpClient http, String url, AtomicLongArray received) throws Exception {
        long total = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long now = aliasMoves(http, url);
            if (now == total && min(received) >= total) {
                break;
            }
            total = now;
            Thread.sleep(200);
        }
        return total;
    }

    /** alias_moved events journaled so far, from the server's /metrics. */
    static long aliasMoves(HttpClient http, String url) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^visutility_journal_events_total\\{type=\"alias_moved\"\\} ([0-9.eE+]+)$")
                .matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static long sum(AtomicLongArray a) {
        long t = 0;
        for (int i = 0; i < a.length(); i++) {
            t += a.get(i);
        }
        return t;
    }

    /** Counts events and measures each one's delivery latency from its moved_at. */
    static void readMeasuring(InputStream body, int me, AtomicLongArray received, AtomicLongArray latency)
            throws java.io.IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    Instant at = Instant.now();
                    received.incrementAndGet(me);
                    Matcher m = MOVED_AT.matcher(line);
                    if (m.find()) {
                        Instant t = Instant.parse(m.group(1));
                        long micros = (at.getEpochSecond() - t.getEpochSecond()) * 1_000_000
                                + (at.getNano() - t.getNano()) / 1000;
                        latency.incrementAndGet((int) Math.max(0, Math.min(BUCKETS, micros / 100)));
                    }
                }
            }
        }
    }

    /** Counts events (lines starting "data: ") on the raw bytes, cheaply. */
    static void readCounting(InputStream body, int me, AtomicLongArray received) throws java.io.IOException {
        byte[] pattern = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[1 << 16];
        int matched = 0;
        for (int n = body.read(buf); n >= 0; n = body.read(buf)) {
            long found = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == pattern[matched]) {
                    if (++matched == pattern.length) {
                        found++;
                        matched = 0;
                    }
                } else {
                    matched = b == pattern[0] ? 1 : 0;
                }
            }
            if (found > 0) {
                received.addAndGet(me, found);
            }
        }
    }

    static double pct(AtomicLongArray h, long n, double q) {
        long target = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += h.get(i);
            if (seen >= target && seen > 0) {
                return i / 10.0;
            }
        }
        return BUCKETS / 10.0;
    }

    static long min(AtomicLongArray a) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < a.length(); i++) {
            m = Math.min(m, a.get(i));
        }
        return m;
    }

    static long max(AtomicLongArray a) {
        long m = 0;
        for (int i = 0; i < a.length(); i++) {
            m = Math.max(m, a.get(i));
        }
        return m;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
