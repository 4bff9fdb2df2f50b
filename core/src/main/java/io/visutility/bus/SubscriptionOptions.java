package io.visutility.bus;

/**
 * How a subscription starts and behaves.
 *
 * @param after deliver events with positions greater than this; {@link #LIVE} for "from now on"
 *     (0 replays the whole retained journal)
 * @param queueCapacity events buffered for the subscription; beyond it the subscription lags
 * @param catchUp when lagging, re-read the missed events from the journal (nothing lost) rather than
 *     only being told how many were missed
 * @param failurePolicy what to do when the handler throws
 */
public record SubscriptionOptions(long after, int queueCapacity, boolean catchUp, FailurePolicy failurePolicy) {
    /** Start after the last event durable at subscription time. */
    public static final long LIVE = -1;

    public SubscriptionOptions {
        if (after < LIVE) {
            throw new IllegalArgumentException("expected a journal position >= 0 (or LIVE) but got " + after);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("expected a queue capacity >= 1 but got " + queueCapacity);
        }
        if (failurePolicy == null) {
            throw new IllegalArgumentException("expected a failure policy but got none");
        }
    }

    /** Live events, catching up from the journal when behind, logging and skipping failures. */
    public static SubscriptionOptions live() {
        return new SubscriptionOptions(LIVE, 1024, true, FailurePolicy.logAndSkip());
    }

    /** Resumes after {@code position}: a durable consumer passes the last position it processed. */
    public static SubscriptionOptions after(long position) {
        return new SubscriptionOptions(position, 1024, true, FailurePolicy.logAndSkip());
    }

    public SubscriptionOptions withQueueCapacity(int capacity) {
        return new SubscriptionOptions(after, capacity, catchUp, failurePolicy);
    }

    public SubscriptionOptions withCatchUp(boolean enabled) {
        return new SubscriptionOptions(after, queueCapacity, enabled, failurePolicy);
    }

    public SubscriptionOptions withFailurePolicy(FailurePolicy policy) {
        return new SubscriptionOptions(after, queueCapacity, catchUp, policy);
    }
}
