// Load test of GET /api/v1/events: N Server-Sent-Events subscribers while writers move aliases at a
// fixed rate (each PUT journals one alias_moved event). Single-file program, JDK 21+, no dependencies:
//   java bench/sse/SseLoad.java --url http://127.0.0.1:8080 [--subscribers 100] [--rate 10000] [--seconds 20]
// Reports the events written per second, whether every subscriber received every event, and the
// delivery latency (receipt time minus the event's moved_at, same machine clock) percentiles.
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
        int rate = Integer.parseInt(arg(args, "--rate", "10000"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
        int writers = Integer.parseInt(arg(args, "--writers", "64"));
        String model = arg(args, "--model", "sse-bench");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        // two versions to move aliases between
        for (String v : List.of("1.0.0", "1.0.1")) {
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/artifacts"))
                    .PUT(HttpRequest.BodyPublishers.ofString(model + v)).build(), HttpResponse.BodyHandlers.ofString());
            String sha = up.body().replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
            http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/models/" + model + "/versions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"version\":\"" + v + "\",\"artifact_sha256\":\"" + sha + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        AtomicLongArray received = new AtomicLongArray(subscribers);
        AtomicLongArray latency = new AtomicLongArray(BUCKETS + 1);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch connected = new CountDownLatch(subscribers);
        List<InputStream> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            int me = s;
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/events?model="
                    + model + "&types=alias_moved")).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("subscriber " + s + " got HTTP " + r.statusCode());
            }
            streams.add(r.body());
            readers.add(Thread.ofVirtual().start(() -> {
                connected.countDown();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8),
                        1 << 16)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("data: ")) {
                            Instant at = Instant.now();
                            long now = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                            received.incrementAndGet(me);
                            Matcher m = MOVED_AT.matcher(line);
                            if (m.find()) {
                                Instant t = Instant.parse(m.group(1));
                                long micros = now - (t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
                                latency.incrementAndGet((int) Math.max(0, Math.min(BUCKETS, micros / 100)));
                            }
                        }
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        System.err.println("subscriber " + me + " failed: " + e);
                    }
                }
            }));
        }
        connected.await();

        AtomicLong written = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        double perWriterInterval = 1e9 * writers / rate;
        List<Thread> writerThreads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int me = w;
            writerThreads.add(Thread.ofVirtual().start(() -> {
                long k = 0;
                boolean second = false;
                while (true) {
                    long due = start + (long) (perWriterInterval * (k + (double) me / writers));
                    if (due >= end) {
                        return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    k++;
                    second = !second;
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/models/"
                                        + model + "/aliases/w" + me)).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"" + (second ? "1.0.1" : "1.0.0")
                                        + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            written.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : writerThreads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = written.get();
        // let the subscribers drain, then judge
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && min(received) < total) {
            Thread.sleep(50);
        }
        double drained = (System.nanoTime() - start) / 1e9 - elapsed;
        stop.set(true);
        for (InputStream s : streams) {
            s.close();
        }
        long n = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            n += latency.get(i);
        }
        System.out.printf("subscribers=%d target_rate=%d/s seconds=%d writers=%d%n", subscribers, rate, seconds, writers);
        System.out.printf("events written: %d in %.1f s = %.0f/s (failed requests: %d)%n", total, elapsed,
                total / elapsed, failed.get());
        System.out.printf("received per subscriber: min %d, max %d (expected %d); all caught up %.2f s after the last write%n",
                min(received), max(received), total, drained);
        System.out.printf("deliveries: %d (= %.0f/s over the run); latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                n, n / elapsed, pct(latency, n, 0.50), pct(latency, n, 0.99), pct(latency, n, 0.999), pct(latency, n, 1.0));
        System.out.println(min(received) == total ? "RESULT: every subscriber received every event" :
                "RESULT: subscribers fell behind");
        System.exit(0);
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
