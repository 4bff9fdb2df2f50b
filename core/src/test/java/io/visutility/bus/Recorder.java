package io.visutility.bus;

import io.visutility.event.JournaledEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

/**
 * A handler that records what it is given. Optionally it holds its first event until released, which
 * is how tests make a subscriber slow without sleeping.
 */
class Recorder implements EventHandler {
    final List<JournaledEvent> events = new CopyOnWriteArrayList<>();
    /** Each onMissed call as {count, lastSeen}. */
    final List<List<Long>> missedCalls = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;

    private Recorder(CountDownLatch release) {
        this.release = release;
    }

    static Recorder immediate() {
        return new Recorder(new CountDownLatch(0));
    }

    /** Blocks on its first event until {@link #release} is counted down. */
    static Recorder heldOnFirstEvent() {
        return new Recorder(new CountDownLatch(1));
    }

    @Override
    public void onEvent(JournaledEvent event) throws Exception {
        entered.countDown();
        release.await();
        events.add(event);
    }

    @Override
    public void onMissed(long count, long lastSeen) {
        missedCalls.add(List.of(count, lastSeen));
    }

    List<Long> positions() {
        return events.stream().map(JournaledEvent::position).toList();
    }

    long totalMissed() {
        return missedCalls.stream().mapToLong(c -> c.get(0)).sum();
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
