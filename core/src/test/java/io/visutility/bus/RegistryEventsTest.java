package io.visutility.bus;

import static io.visutility.bus.Recorder.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.AliasMoved;
import io.visutility.event.JournaledEvent;
import io.visutility.event.Lineage;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.event.VersionDeprecated;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.TestConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus wired to the registry by {@link Orchestrator}: what subscribers see of real changes. */
class RegistryEventsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private OrchestratorConfig config;
    private Orchestrator orchestrator;
    private Registry registry;
    private String sha;

    @BeforeEach
    void open() throws IOException {
        config = TestConfig.fast(dir);
        orchestrator = Orchestrator.open(config);
        registry = orchestrator.registry();
        sha = TestConfig.storeArtifact(registry, "weights");
    }

    @AfterEach
    void close() throws IOException {
        orchestrator.close();
    }

    private void register(int count) {
        for (int i = 0; i < count; i++) {
            registry.register(NewVersion.of("detector", "1.0." + registry.versionCount(), sha));
        }
    }

    @Test
    void registrationsAliasMovesAndDeprecationsReachSubscribersAsTypedEventsInJournalOrder() {
        Recorder r = Recorder.immediate();
        orchestrator.bus().subscribe("audit", r, SubscriptionOptions.live());

        registry.register(NewVersion.of("detector", "1.0.0", sha).withTags(Map.of("project", "traffic")));
        registry.promote("detector", "1.0.0", null);
        registry.deprecate("detector", "1.0.0", "drift at night");

        await().until(() -> r.events.size() == 3);
        assertThat(r.events).containsExactly(
                new JournaledEvent(1, new ModelVersionRegistered("detector", "1.0.0", new UUID(0x5EEDL, 1), sha, 7,
                        Map.of(), Map.of("project", "traffic"), Map.of(), Lineage.NONE, T0)),
                new JournaledEvent(2, new AliasMoved("detector", "production", "1.0.0", null, T0.plusMillis(1))),
                new JournaledEvent(3, new VersionDeprecated("detector", "1.0.0", "drift at night",
                        List.of("production"), T0.plusMillis(2))));
    }

    @Test
    void aDeprecationReachesTheRetrainingDaemonAfterTheRegistryShowsIt() {
        List<String> seenByDaemon = new CopyOnWriteArrayList<>();
        orchestrator.bus().subscribe("retraining-daemon", e -> {
            if (e.event() instanceof VersionDeprecated d) {
                boolean visible = registry.get(d.model(), d.version()).orElseThrow().deprecated();
                seenByDaemon.add(d.model() + "@" + d.version() + " " + d.reason() + " visible=" + visible);
            }
        }, SubscriptionOptions.live());
        register(2);
        registry.promote("detector", "1.0.1", null);

        registry.deprecate("detector", "1.0.1", "accuracy decayed");

        await().until(() -> seenByDaemon.size() == 1);
        assertThat(seenByDaemon).containsExactly("detector@1.0.1 accuracy decayed visible=true");
    }

    @Test
    void aSlowSubscriberHoldsUpNeitherRegistrationsNorOtherSubscribersAndThenCatchesUp() throws Exception {
        Recorder slow = Recorder.heldOnFirstEvent();
        Recorder fast = Recorder.immediate();
        Subscription slowSub = orchestrator.bus().subscribe("slow", slow,
                SubscriptionOptions.live().withQueueCapacity(4));
        orchestrator.bus().subscribe("fast", fast, SubscriptionOptions.live().withQueueCapacity(4));
        register(1);
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture.runAsync(() -> register(59)).get(30, TimeUnit.SECONDS);

        await().until(() -> fast.events.size() == 60);
        assertThat(fast.positions()).isEqualTo(range(1, 60));
        assertThat(slow.events).isEmpty();
        slow.release.countDown();
        await().until(() -> slow.events.size() == 60);
        assertThat(slow.positions()).isEqualTo(range(1, 60));
        assertThat(slowSub.catchUps()).isPositive();
        assertThat(slowSub.missed()).isZero();
    }

    @Test
    void aSubscriberCatchingUpFromTheJournalFindsEveryVersionItHearsAboutInTheRegistry() throws Exception {
        List<Long> notYetVisible = new CopyOnWriteArrayList<>();
        Recorder seen = Recorder.immediate();
        Subscription s = orchestrator.bus().subscribe("reader", e -> {
            if (e.event() instanceof ModelVersionRegistered m && registry.get(m.model(), m.version()).isEmpty()) {
                notYetVisible.add(e.position());
            }
            seen.onEvent(e);
        }, SubscriptionOptions.live().withQueueCapacity(1)); // overflows constantly: catch-up all the time
        CompletableFuture<?>[] writers = new CompletableFuture<?>[8];
        for (int t = 0; t < writers.length; t++) {
            String model = "model-" + t;
            writers[t] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    registry.register(NewVersion.of(model, "1.0." + i, sha));
                }
            });
        }

        CompletableFuture.allOf(writers).get(60, TimeUnit.SECONDS);

        await().until(() -> seen.events.size() == 800);
        assertThat(s.catchUps()).isPositive();
        assertThat(notYetVisible).as("events delivered before the registry showed them").isEmpty();
        assertThat(seen.positions()).isEqualTo(range(1, 800));
    }

    @Test
    void aDurableConsumerResumesAfterARestartWithoutLosingOrRepeatingEvents() throws IOException {
        Recorder before = Recorder.immediate();
        Subscription s = orchestrator.bus().subscribe("durable", before, SubscriptionOptions.after(0));
        register(10);
        await().until(() -> s.lastPosition() == 10);
        long resumeAfter = s.lastPosition(); // what a durable consumer would persist
        s.close();
        register(5); // while the consumer is away
        orchestrator.close();

        orchestrator = Orchestrator.open(config);
        registry = orchestrator.registry();
        Recorder after = Recorder.immediate();
        orchestrator.bus().subscribe("durable", after, SubscriptionOptions.after(resumeAfter));
        register(3);

        await().until(() -> after.events.size() == 8);
        assertThat(before.positions()).isEqualTo(range(1, 10));
        assertThat(after.positions()).isEqualTo(range(11, 18));
        assertThat(after.events).extracting(e -> ((ModelVersionRegistered) e.event()).version())
                .containsExactly("1.0.10", "1.0.11", "1.0.12", "1.0.13", "1.0.14", "1.0.15", "1.0.16", "1.0.17");
    }

    @Test
    void aPullStreamOverTheRegistryTakesEventsInOrder() throws Exception {
        register(2);
        try (EventStream stream = orchestrator.bus().stream("pull", SubscriptionOptions.after(0))) {
            registry.promote("detector", "1.0.1", "champion");

            assertThat(stream.take().event()).isInstanceOf(ModelVersionRegistered.class);
            assertThat(stream.take().position()).isEqualTo(2);
            JournaledEvent moved = stream.take();
            assertThat(moved.position()).isEqualTo(3);
            assertThat(moved.event()).isInstanceOfSatisfying(AliasMoved.class,
                    e -> assertThat(e.alias()).isEqualTo("champion"));
        }
    }

    @Test
    void closingTheOrchestratorStopsItsSubscriptions() throws IOException {
        Subscription s = orchestrator.bus().subscribe("s", e -> { }, SubscriptionOptions.live());

        orchestrator.close();

        assertThat(s.state()).isEqualTo(Subscription.State.STOPPED);
        orchestrator = Orchestrator.open(config);
    }
}
