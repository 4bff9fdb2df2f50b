package io.visutility.bus;

import io.visutility.event.JournaledEvent;

/**
 * What a subscription does when its handler throws. Decided per failure; the subscription's other
 * events and every other subscription are unaffected either way.
 */
@FunctionalInterface
public interface FailurePolicy {

    /** What to do with the event that failed. */
    enum Action {
        /** Call the handler again with the same event. */
        RETRY,
        /** Move on to the next event. */
        SKIP,
        /** End the subscription; it reports the failure. */
        STOP
    }

    /** {@code attempt} is 1 for the first failure of this event. */
    Action onFailure(String subscription, JournaledEvent event, Throwable error, int attempt);

    /** Logs the failure with its context and skips the event. The default. */
    static FailurePolicy logAndSkip() {
        return (name, event, error, attempt) -> {
            Log.failure(name, event, error, "skipping the event");
            return Action.SKIP;
        };
    }

    /** Retries up to {@code attempts} times in all, then logs and skips. */
    static FailurePolicy retryThenSkip(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("expected at least 1 attempt but got " + attempts);
        }
        return (name, event, error, attempt) -> {
            if (attempt < attempts) {
                return Action.RETRY;
            }
            Log.failure(name, event, error, "skipping the event after " + attempt + " attempts");
            return Action.SKIP;
        };
    }

    /** Logs the failure and ends the subscription. */
    static FailurePolicy stop() {
        return (name, event, error, attempt) -> {
            Log.failure(name, event, error, "stopping the subscription");
            return Action.STOP;
        };
    }

    /** Logging shared by the built-in policies. */
    final class Log {
        private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

        private Log() {}

        static void failure(String name, JournaledEvent event, Throwable error, String outcome) {
            LOG.log(System.Logger.Level.WARNING, "subscriber ''" + name + "'' failed on event "
                    + event.event().getClass().getSimpleName() + " of model ''" + event.event().model()
                    + "'' at position " + event.position() + "; " + outcome, error);
        }
    }
}
