package io.visutility.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.AliasMoved;
import io.visutility.event.JournaledEvent;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.event.VersionDeprecated;
import io.visutility.journal.FsyncPolicy;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventBusTest {
    @TempDir
    Path tmp;
    OrchestratorConfig config;
    Orchestrator o;
    Registry r;
    String sha;

    @BeforeEach
    void open() throws IOException {
        config = OrchestratorConfig.of(tmp.resolve("data")).withFsync(FsyncPolicy.NONE);
        o = Orchestrator.open(config);
        r = o.registry();
        sha = r.artifacts().put(new ByteArrayInputStream(new byte[] {1, 2, 3})).sha256();
    }

    @AfterEach
    void close() throws IOException {
        o.close();
    }

    private void register(int n) {
        for (int i = 0; i < n; i++) {
            r.register(NewVersion.of("m", "1.0." + (r.versionCount()), sha));
        }
    }

    private static List<Long> positions(List<JournaledEvent> events) {
        return events.stream().map(JournaledEvent::position).toList();
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void deliversEveryLifecycleEventInJournalOrder() {
        List<JournaledEvent> seen = new CopyOnWriteArrayList<>();
        o.bus().subscribe("retraining-daemon", seen::add, SubscriptionOptions.live());
        register(2);
        r.promote("m", "1.0.1", null);
        r.deprecate("m", "1.0.1", "drifted");
        await().until(() -> seen.size() == 4);
        assertThat(positions(seen)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seen.get(0).event()).isInstanceOf(ModelVersionRegistered.class);
        assertThat(seen.get(2).event()).isInstanceOf(AliasMoved.class);
        VersionDeprecated d = (VersionDeprecated) seen.get(3).event();
        assertThat(d.model()).isEqualTo("m");
        assertThat(d.reason()).isEqualTo("drifted");
        assertThat(d.removedAliases()).containsExactly("production");
    }

    @Test
    void aSlowSubscriberBlocksNeitherTheWriterNorOthersAndCatchesUpFromTheJournal() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<JournaledEvent> slow = new CopyOnWriteArrayList<>();
        List<JournaledEvent> fast = new CopyOnWriteArrayList<>();
        Subscription s = o.bus().subscribe("slow", e -> {
            release.await();
            slow.add(e);
        }, SubscriptionOptions.live().withQueueCapacity(4));
        o.bus().subscribe("fast", fast::add, SubscriptionOptions.live().withQueueCapacity(4096));
        register(200); // returns although the slow subscriber holds its first event
        await().until(() -> fast.size() == 200);
        assertThat(slow).isEmpty();
        release.countDown();
        await().until(() -> slow.size() == 200);
        assertThat(positions(slow)).isEqualTo(range(1, 200));
        assertThat(s.catchUps()).isPositive();
        assertThat(s.missed()).isZero();
        assertThat(s.lastPosition()).isEqualTo(200);
    }

    @Test
    void withoutCatchUpALaggingSubscriberIsToldHowManyItMissed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<JournaledEvent> seen = new CopyOnWriteArrayList<>();
        AtomicInteger toldMissed = new AtomicInteger();
        Subscription s = o.bus().subscribe("lossy", new EventHandler() {
            @Override
            public void onEvent(JournaledEvent event) throws Exception {
                release.await();
                seen.add(event);
            }

            @Override
            public void onMissed(long count, long lastSeen) {
                toldMissed.addAndGet((int) count);
            }
        }, SubscriptionOptions.live().withQueueCapacity(4).withCatchUp(false));
        register(50);
        release.countDown();
        register(1); // a later event makes the gap visible even if nothing else arrives
        await().until(() -> seen.size() + toldMissed.get() == 51);
        assertThat(s.missed()).isEqualTo(toldMissed.get()).isPositive();
        assertThat(positions(seen)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aThrowingSubscriberIsIsolatedPerItsFailurePolicy() {
        List<JournaledEvent> healthy = new CopyOnWriteArrayList<>();
        List<Long> skipped = new CopyOnWriteArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        o.bus().subscribe("healthy", healthy::add, SubscriptionOptions.live());
        o.bus().subscribe("skipper", e -> {
            skipped.add(e.position());
            if (e.position() == 2) {
                throw new IllegalStateException("boom at 2");
            }
        }, SubscriptionOptions.live());
        Subscription stopper = o.bus().subscribe("stopper", e -> {
            throw new IllegalStateException("always");
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.stop()));
        o.bus().subscribe("retrier", e -> {
            if (e.position() == 1) {
                retries.incrementAndGet();
                throw new IllegalStateException("retry me");
            }
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.retryThenSkip(3)));
        register(5);
        await().until(() -> healthy.size() == 5 && skipped.size() == 5);
        assertThat(skipped).containsExactly(1L, 2L, 3L, 4L, 5L);
        await().until(() -> stopper.state() == Subscription.State.FAILED);
        assertThat(stopper.failure()).get().extracting(Throwable::getMessage).isEqualTo("always");
        assertThat(o.bus().subscriptions()).extracting(Subscription::name).doesNotContain("stopper");
        await().until(() -> retries.get() == 3);
        assertThat(positions(healthy)).isEqualTo(range(1, 5));
    }

    @Test
    void subscriptionNamesAreUniqueWhileActive() {
        Subscription s = o.bus().subscribe("x", e -> { }, SubscriptionOptions.live());
        assertThatThrownBy(() -> o.bus().subscribe("x", e -> { }, SubscriptionOptions.live()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' already exists");
        s.close();
        o.bus().subscribe("x", e -> { }, SubscriptionOptions.live()).close();
    }

    @Test
    void aDurableConsumerResumesAfterARestartWithoutLosingEvents() throws IOException {
        List<JournaledEvent> first = new CopyOnWriteArrayList<>();
        Subscription s = o.bus().subscribe("durable", first::add, SubscriptionOptions.after(0));
        register(10);
        await().until(() -> first.size() == 10);
        long resumeAfter = s.lastPosition();
        s.close();
        register(5); // happens while the consumer is away
        o.close();
        o = Orchestrator.open(config);
        r = o.registry();
        List<JournaledEvent> second = new CopyOnWriteArrayList<>();
        o.bus().subscribe("durable", second::add, SubscriptionOptions.after(resumeAfter));
        register(3);
        await().until(() -> second.size() == 8);
        assertThat(positions(second)).isEqualTo(range(11, 18));
    }

    @Test
    void aPullStreamSeesEventsInOrder() throws Exception {
        register(3);
        try (EventStream stream = o.bus().stream("pull", SubscriptionOptions.after(0))) {
            register(2);
            for (long p = 1; p <= 5; p++) {
                assertThat(stream.take().position()).isEqualTo(p);
            }
            assertThat(stream.poll(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void eventsCompactedAwayAreReportedAsMissed() throws IOException {
        o.close();
        config = OrchestratorConfig.of(tmp.resolve("compacted")).withFsync(FsyncPolicy.NONE)
                .withStore(io.visutility.store.StoreOptions.defaults().withJournal(
                        io.visutility.journal.JournalOptions.defaults().withFsync(FsyncPolicy.NONE).withSegmentBytes(4096)));
        o = Orchestrator.open(config);
        r = o.registry();
        sha = r.artifacts().put(new ByteArrayInputStream(new byte[] {1})).sha256();
        register(100);
        r.store().compact();
        long first = r.store().firstRetainedPosition();
        assertThat(first).isGreaterThan(1);
        List<JournaledEvent> seen = new CopyOnWriteArrayList<>();
        AtomicInteger missed = new AtomicInteger();
        o.bus().subscribe("late", new EventHandler() {
            @Override
            public void onEvent(JournaledEvent event) {
                seen.add(event);
            }

            @Override
            public void onMissed(long count, long lastSeen) {
                missed.addAndGet((int) count);
            }
        }, SubscriptionOptions.after(0));
        await().until(() -> seen.size() + missed.get() == 100);
        assertThat(missed.get()).isEqualTo(first - 1);
        assertThat(positions(seen)).isEqualTo(range(first, 100));
    }
}
