package io.visutility.bus;

import static io.visutility.bus.Recorder.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.visutility.event.JournaledEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus on its own, over an in-memory source: ordering, cursors, lag (catch-up or missed counts),
 * failure policies, names, pull streams. Slowness is a handler held on a latch; nothing sleeps.
 */
class EventBusTest {
    private final InMemoryEventSource source = new InMemoryEventSource();
    private final EventBus bus = EventBus.withVirtualThreads(source);

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void aLiveSubscriptionReceivesEventsAfterItsStartInJournalOrder() {
        source.appendAndPublish(bus, 3); // before the subscription: not delivered
        Recorder r = Recorder.immediate();
        Subscription s = bus.subscribe("live", r, SubscriptionOptions.live());

        source.appendAndPublish(bus, 5);

        await().until(() -> r.events.size() == 5);
        assertThat(r.positions()).isEqualTo(range(4, 8));
        assertThat(r.events).extracting(JournaledEvent::event)
                .isEqualTo(range(4, 8).stream().map(InMemoryEventSource::registered).toList());
        await().until(() -> s.lastPosition() == 8);
        assertThat(s.state()).isEqualTo(Subscription.State.RUNNING);
    }

    @Test
    void aSubscriptionAfterAPositionReplaysTheRestThenContinuesLive() {
        source.appendAndPublish(bus, 6);
        Recorder r = Recorder.immediate();
        bus.subscribe("resume", r, SubscriptionOptions.after(2));

        source.appendAndPublish(bus, 3);

        await().until(() -> r.events.size() == 7);
        assertThat(r.positions()).isEqualTo(range(3, 9));
    }

    @Test
    void aSlowSubscriberDelaysNeitherThePublisherNorOthersAndCatchesUpExactlyOnceInOrder() throws Exception {
        Recorder slow = Recorder.heldOnFirstEvent();
        Recorder fast = Recorder.immediate();
        Subscription slowSub = bus.subscribe("slow", slow, SubscriptionOptions.live().withQueueCapacity(4));
        bus.subscribe("fast", fast, SubscriptionOptions.live().withQueueCapacity(4));
        source.appendAndPublish(bus, 1);
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

        source.appendAndPublish(bus, 99); // returns although "slow" holds event 1 and its queue overflows

        await().until(() -> fast.events.size() == 100);
        assertThat(fast.positions()).isEqualTo(range(1, 100));
        assertThat(slow.events).isEmpty();
        slow.release.countDown();
        await().until(() -> slow.events.size() == 100);
        assertThat(slow.positions()).isEqualTo(range(1, 100));
        assertThat(slowSub.catchUps()).isPositive();
        assertThat(slowSub.missed()).isZero();
        assertThat(slow.missedCalls).isEmpty();
        source.appendAndPublish(bus, 1);
        await().until(() -> slow.events.size() == 101);
        assertThat(slow.positions()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void withoutCatchUpTheEventsDroppedFromAFullQueueAreReportedAsMissedAfterTheQueuedOnes() throws Exception {
        Recorder lossy = Recorder.heldOnFirstEvent();
        Subscription s = bus.subscribe("lossy", lossy,
                SubscriptionOptions.live().withQueueCapacity(4).withCatchUp(false));
        source.appendAndPublish(bus, 1);
        assertThat(lossy.entered.await(10, TimeUnit.SECONDS)).isTrue();
        source.appendAndPublish(bus, 19); // 2..5 fit in the queue, 6..20 are dropped

        lossy.release.countDown();

        await().until(() -> s.missed() == 15);
        await().until(() -> lossy.events.size() == 5);
        assertThat(lossy.positions()).isEqualTo(range(1, 5));
        assertThat(lossy.missedCalls).as("onMissed(count, lastSeen)").containsExactly(List.of(15L, 5L));
        assertThat(s.catchUps()).isZero();
        source.appendAndPublish(bus, 1);
        await().until(() -> lossy.events.size() == 6);
        assertThat(lossy.events.get(5).position()).isEqualTo(21);
        assertThat(s.missed()).isEqualTo(15);
    }

    @Test
    void withoutCatchUpAGapBeforeTheNextEventIsReportedBeforeThatEvent() throws Exception {
        Recorder lossy = Recorder.heldOnFirstEvent();
        Subscription s = bus.subscribe("lossy", lossy,
                SubscriptionOptions.live().withQueueCapacity(2).withCatchUp(false));
        source.appendAndPublish(bus, 1);
        assertThat(lossy.entered.await(10, TimeUnit.SECONDS)).isTrue();
        source.appendAndPublish(bus, 9); // 2..3 queued, 4..10 dropped

        lossy.release.countDown();
        await().until(() -> s.missed() == 7);
        source.appendAndPublish(bus, 2);

        await().until(() -> lossy.events.size() == 5);
        assertThat(lossy.positions()).containsExactly(1L, 2L, 3L, 11L, 12L);
        assertThat(lossy.totalMissed()).isEqualTo(7);
        assertThat(s.lastPosition()).isEqualTo(12);
    }

    @Test
    void eventsCompactedAwayBeforeASubscriberReadThemAreReportedAsMissed() {
        source.appendAndPublish(bus, 20);
        source.compactUpTo(12);
        Recorder late = Recorder.immediate();
        Subscription s = bus.subscribe("late", late, SubscriptionOptions.after(0));

        await().until(() -> late.events.size() == 8);

        assertThat(late.positions()).isEqualTo(range(13, 20));
        assertThat(late.missedCalls).containsExactly(List.of(12L, 0L));
        assertThat(s.missed()).isEqualTo(12);
    }

    @Test
    void aThrowingHandlerUnderLogAndSkipKeepsReceivingLaterEvents() {
        Recorder healthy = Recorder.immediate();
        List<Long> attempted = new CopyOnWriteArrayList<>();
        bus.subscribe("healthy", healthy, SubscriptionOptions.live());
        Subscription skipper = bus.subscribe("skipper", e -> {
            attempted.add(e.position());
            if (e.position() == 2) {
                throw new IllegalStateException("cannot handle 2");
            }
        }, SubscriptionOptions.live());

        source.appendAndPublish(bus, 5);

        await().until(() -> attempted.size() == 5);
        assertThat(attempted).isEqualTo(range(1, 5));
        await().until(() -> skipper.lastPosition() == 5);
        assertThat(skipper.state()).isEqualTo(Subscription.State.RUNNING);
        assertThat(skipper.failure()).isEmpty();
        await().until(() -> healthy.events.size() == 5);
    }

    @Test
    void aThrowingHandlerUnderStopEndsFailedWithItsErrorWhileOthersContinue() {
        Recorder healthy = Recorder.immediate();
        bus.subscribe("healthy", healthy, SubscriptionOptions.live());
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom at 3");
        Subscription stopper = bus.subscribe("stopper", e -> {
            calls.incrementAndGet();
            if (e.position() == 3) {
                throw boom;
            }
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.stop()));

        source.appendAndPublish(bus, 6);

        await().until(() -> stopper.state() == Subscription.State.FAILED);
        assertThat(stopper.failure()).containsSame(boom);
        assertThat(stopper.lastPosition()).isEqualTo(2);
        assertThat(bus.subscriptions()).extracting(Subscription::name).containsExactly("healthy");
        await().until(() -> healthy.events.size() == 6);
        source.appendAndPublish(bus, 1);
        await().until(() -> healthy.events.size() == 7);
        assertThat(calls.get()).as("no event handed to a failed subscription").isEqualTo(3);
    }

    @Test
    void retryThenSkipCallsTheHandlerThreeTimesInAllThenMovesOn() {
        AtomicInteger attemptsOnTwo = new AtomicInteger();
        List<Long> handled = new CopyOnWriteArrayList<>();
        bus.subscribe("retrier", e -> {
            if (e.position() == 2) {
                attemptsOnTwo.incrementAndGet();
                throw new IllegalStateException("transient?");
            }
            handled.add(e.position());
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.retryThenSkip(3)));

        source.appendAndPublish(bus, 4);

        await().until(() -> handled.size() == 3);
        assertThat(handled).containsExactly(1L, 3L, 4L);
        assertThat(attemptsOnTwo.get()).isEqualTo(3);
    }

    @Test
    void aRetriedEventThatSucceedsIsHandledOnce() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        List<Long> handled = new CopyOnWriteArrayList<>();
        bus.subscribe("flaky", e -> {
            if (e.position() == 1 && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("flaky");
            }
            handled.add(e.position());
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.retryThenSkip(3)));

        source.appendAndPublish(bus, 2);

        await().until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(1L, 2L);
    }

    @Test
    void aFailurePolicyNeedsAtLeastOneAttempt() {
        assertThatThrownBy(() -> FailurePolicy.retryThenSkip(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected at least 1 attempt but got 0");
    }

    @Test
    void aNameIsTakenWhileItsSubscriptionIsActiveAndFreeAfterClose() {
        Subscription first = bus.subscribe("retrainer", e -> { }, SubscriptionOptions.live());

        assertThatThrownBy(() -> bus.subscribe("retrainer", e -> { }, SubscriptionOptions.live()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a subscription named 'retrainer' already exists");

        first.close();
        assertThat(first.state()).isEqualTo(Subscription.State.STOPPED);
        Recorder second = Recorder.immediate();
        bus.subscribe("retrainer", second, SubscriptionOptions.live());
        source.appendAndPublish(bus, 1);
        await().until(() -> second.events.size() == 1);
    }

    @Test
    void aFailedSubscriptionFreesItsName() {
        Subscription failing = bus.subscribe("x", e -> {
            throw new IllegalStateException("no");
        }, SubscriptionOptions.live().withFailurePolicy(FailurePolicy.stop()));
        source.appendAndPublish(bus, 1);
        await().until(() -> failing.state() == Subscription.State.FAILED);

        Subscription again = bus.subscribe("x", e -> { }, SubscriptionOptions.live());

        assertThat(again.state()).isEqualTo(Subscription.State.RUNNING);
    }

    @Test
    void aClosedSubscriptionReceivesNothingMoreAndOthersCarryOn() {
        Recorder closing = Recorder.immediate();
        Recorder staying = Recorder.immediate();
        Subscription s = bus.subscribe("closing", closing, SubscriptionOptions.live());
        bus.subscribe("staying", staying, SubscriptionOptions.live());
        source.appendAndPublish(bus, 2);
        await().until(() -> closing.events.size() == 2);

        s.close();
        source.appendAndPublish(bus, 3);

        await().until(() -> staying.events.size() == 5);
        assertThat(closing.events).hasSize(2);
        assertThat(bus.subscriptions()).extracting(Subscription::name).containsExactly("staying");
    }

    @Test
    void closingTheBusStopsEverySubscriptionAndRefusesNewOnes() {
        Recorder held = Recorder.heldOnFirstEvent();
        Subscription a = bus.subscribe("a", held, SubscriptionOptions.live());
        Subscription b = bus.subscribe("b", e -> { }, SubscriptionOptions.live());
        source.appendAndPublish(bus, 1);

        bus.close(); // interrupts the held handler rather than waiting for it

        assertThat(a.state()).isEqualTo(Subscription.State.STOPPED);
        assertThat(b.state()).isEqualTo(Subscription.State.STOPPED);
        assertThatThrownBy(() -> bus.subscribe("c", e -> { }, SubscriptionOptions.live()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the event bus is closed");
    }

    @Test
    void subscriptionOptionsRefuseNonsense() {
        assertThatThrownBy(() -> SubscriptionOptions.after(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a journal position >= 0 (or LIVE) but got -2");
        assertThatThrownBy(() -> SubscriptionOptions.live().withQueueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a queue capacity >= 1 but got 0");
        assertThatThrownBy(() -> SubscriptionOptions.live().withFailurePolicy(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.subscribe(" ", e -> { }, SubscriptionOptions.live()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a subscription name but got none");
    }

    @Test
    void aPullStreamHandsOverReplayedAndLiveEventsInOrder() throws Exception {
        source.appendAndPublish(bus, 3);
        try (EventStream stream = bus.stream("pull", SubscriptionOptions.after(1))) {
            source.appendAndPublish(bus, 2);

            assertThat(stream.take().position()).isEqualTo(2);
            assertThat(stream.poll(Duration.ofSeconds(10)).map(JournaledEvent::position)).contains(3L);
            assertThat(stream.take().position()).isEqualTo(4);
            assertThat(stream.take().position()).isEqualTo(5);
            assertThat(stream.poll(Duration.ofMillis(20))).as("nothing more yet").isEmpty();
            source.appendAndPublish(bus, 1);
            assertThat(stream.take().position()).isEqualTo(6);
            assertThat(stream.subscription().name()).isEqualTo("pull");
        }
        assertThat(bus.subscriptions()).isEmpty();
    }
}
