package io.visutility.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryBusTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TelemetryBus bus = new TelemetryBus(new TelemetryValidator(
            key -> key.model().startsWith("unknown") ? Optional.empty() : Optional.of(key)),
            Thread.ofPlatform().daemon().factory(), 64);

    @AfterEach
    void close() {
        bus.close();
    }

    private static Telemetry latency(String model, double ms) {
        return new Telemetry.Latency(model, "1.0.0", T0, ms);
    }

    @Test
    void deliversAcceptedTelemetryToEveryObserverInOrder() {
        List<Telemetry> a = new ArrayList<>();
        List<Telemetry> b = new ArrayList<>();
        bus.register("a", a::add);
        bus.register("b", b::add);
        List<Telemetry> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Telemetry t = latency("m", i);
            sent.add(t);
            assertThat(bus.publish(t)).isEqualTo(Publication.ACCEPTED);
        }
        bus.close();
        assertThat(a).containsExactlyElementsOf(sent);
        assertThat(b).containsExactlyElementsOf(sent);
        assertThat(bus.accepted()).isEqualTo(50);
    }

    @Test
    void refusesInvalidTelemetryWithAReasonAndCountsIt() {
        List<Telemetry> seen = new ArrayList<>();
        bus.register("a", seen::add);
        assertThat(bus.publish(latency("m", -1))).isEqualTo(Publication.REJECTED);
        assertThat(bus.publish(latency("m", Double.NaN))).isEqualTo(Publication.REJECTED);
        assertThat(bus.publish(new Telemetry.AccuracySample("m", null, T0, 1.2, 10))).isEqualTo(Publication.REJECTED);
        assertThat(bus.publish(latency("unknown-model", 3))).isEqualTo(Publication.REJECTED);
        assertThat(bus.check(new Telemetry.Outcome("m", null, T0, null, "cat", null)).message())
                .contains("expected 'correct', or both 'predicted' and 'actual'");
        bus.close();
        assertThat(seen).isEmpty();
        assertThat(bus.rejected()).containsEntry(Rejection.Code.NEGATIVE_LATENCY, 1L)
                .containsEntry(Rejection.Code.NON_FINITE, 1L).containsEntry(Rejection.Code.OUT_OF_RANGE, 1L)
                .containsEntry(Rejection.Code.UNKNOWN_MODEL, 1L).containsEntry(Rejection.Code.MISSING_FIELD, 1L);
    }

    @Test
    void aFullQueueDropsTheNewestForThatObserverOnlyAndCountsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicInteger slowSeen = new AtomicInteger();
        AtomicInteger fastSeen = new AtomicInteger();
        bus.register("slow", t -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowSeen.incrementAndGet();
        });
        bus.register("fast", t -> fastSeen.incrementAndGet());
        try {
            fillBehindASlowObserver(blocked, slowSeen, fastSeen, release);
        } finally {
            release.countDown(); // never leave the observer blocked, whatever failed
        }
    }

    private void fillBehindASlowObserver(CountDownLatch blocked, AtomicInteger slowSeen, AtomicInteger fastSeen,
            CountDownLatch release) throws Exception {
        bus.publish(latency("m", 0));
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue(); // slow holds the first event
        int dropped = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= 200; i++) {
            if (bus.publish(latency("m", i)) == Publication.DROPPED) {
                dropped++;
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("publish never waits for the slow observer").isLessThan(5_000);
        assertThat(dropped).as("publications that some observer dropped").isGreaterThanOrEqualTo(200 - 64);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bus.observers().get(1).queued() == 0);
        ObserverStats slow = bus.observers().get(0);
        ObserverStats fast = bus.observers().get(1);
        assertThat(slow.dropped()).isEqualTo(200 - 64);
        release.countDown();
        bus.close();
        assertThat(slowSeen.get()).isEqualTo(1 + 64);
        assertThat(fastSeen.get() + fast.dropped()).as("the fast observer saw or counted every event").isEqualTo(201);
    }

    @Test
    void aThrowingObserverIsIsolated() {
        List<Telemetry> good = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        bus.register("bad", t -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        bus.register("good", good::add);
        for (int i = 0; i < 10; i++) {
            bus.publish(latency("m", i));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> bus.observers().get(0).failed() == 10);
        assertThat(calls.get()).isEqualTo(10);
        bus.close();
        assertThat(good).hasSize(10);
    }

    @Test
    void observerNamesAreUnique() {
        bus.register("a", t -> { });
        assertThatThrownBy(() -> bus.register("a", t -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        assertThatThrownBy(() -> bus.unregister("nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no observer named 'nobody'").hasMessageContaining("[a]");
        bus.unregister("a");
        assertThat(bus.names()).isEmpty();
        bus.register("a", t -> { });
    }

    @Test
    void manyPublishersLoseNothingAndKeepEachPublishersOrder() throws Exception {
        TelemetryBus big = new TelemetryBus(new TelemetryValidator(ModelCatalog.any()),
                Thread.ofPlatform().daemon().factory(), 1 << 20);
        ConcurrentHashMap<String, List<Double>> byModel = new ConcurrentHashMap<>();
        big.register("orders", t -> byModel.computeIfAbsent(t.model(), k -> new ArrayList<>())
                .add(((Telemetry.Latency) t).millis()));
        int threads = 4;
        int each = 20_000;
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            String model = "m" + p;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    assertThat(big.publish(latency(model, i))).isEqualTo(Publication.ACCEPTED);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        big.close();
        assertThat(byModel).hasSize(threads);
        byModel.values().forEach(list -> {
            assertThat(list).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(list.get(i)).isEqualTo(i);
            }
        });
    }

    @Test
    void aPartitionedObserverGetsEachModelOnOnePartitionInOrder() {
        List<List<Telemetry>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        TelemetryBus bus = new TelemetryBus(new TelemetryValidator(ModelCatalog.any()),
                Thread.ofPlatform().daemon().factory(), 1024);
        bus.registerPartitioned("parts", 3, i -> seen.get(i)::add);
        assertThat(bus.names()).containsExactly("parts");
        assertThat(bus.observers()).extracting(ObserverStats::name).containsExactly("parts#0", "parts#1", "parts#2");
        for (int i = 0; i < 300; i++) {
            bus.publish(latency("m" + (i % 10), i));
        }
        bus.close();
        assertThat(seen.stream().mapToInt(List::size).sum()).isEqualTo(300);
        for (List<Telemetry> part : seen) {
            for (int m = 0; m < 10; m++) {
                String model = "m" + m;
                List<Double> values = part.stream().filter(t -> t.model().equals(model))
                        .map(t -> ((Telemetry.Latency) t).millis()).toList();
                assertThat(values).isSortedAccordingTo(Double::compare);
                assertThat(values.size()).isIn(0, 30); // all of a model's telemetry, or none
            }
        }
        assertThatThrownBy(() -> new TelemetryBus(new TelemetryValidator(ModelCatalog.any()))
                .registerPartitioned("x", 0, i -> t -> { })).hasMessageContaining("1 to 64 partitions");
    }
}
