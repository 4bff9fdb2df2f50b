package io.visutility.store;

import io.visutility.event.Event;
import io.visutility.event.ModelVersionRegistered;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/** Commands for driving the store in tests. */
final class TestCommands {
    private TestCommands() {}

    static ModelVersionRegistered registered(String model, String version, String sha) {
        return new ModelVersionRegistered(model, version, new UUID(0, 1), sha, 1, null, null, null, null,
                Instant.EPOCH);
    }

    /**
     * Registers {@code model@version} with {@code sha}: writes nothing when it already holds that sha,
     * refuses when it holds another, answers the sha held afterwards.
     */
    record Put(String model, String version, String sha) implements Command<VersionsState, String> {
        @Override
        public Set<String> keys() {
            return Set.of(model + "@" + version);
        }

        @Override
        public List<Event> decide(VersionsState state) {
            String held = state.versions.get(model + "@" + version);
            if (held == null) {
                return List.of(registered(model, version, sha));
            }
            if (!held.equals(sha)) {
                throw new IllegalArgumentException(model + "@" + version + " holds " + held + ", not " + sha);
            }
            return List.of();
        }

        @Override
        public String result(VersionsState state) {
            return state.versions.get(model + "@" + version);
        }
    }

    /**
     * Holds the writer inside {@link #decide} until released, so that the commands submitted
     * meanwhile queue up and the next batch is exactly them.
     */
    static final class Gate implements Command<VersionsState, Long> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final String key;

        Gate(String key) {
            this.key = key;
        }

        @Override
        public Set<String> keys() {
            return Set.of(key);
        }

        @Override
        public List<Event> decide(VersionsState state) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
            return List.of(registered("gate", key, "g"));
        }

        @Override
        public Long result(VersionsState state) {
            return state.lastApplied;
        }
    }

    /** Refuses itself. */
    record Refuse(String key) implements Command<VersionsState, Void> {
        @Override
        public Set<String> keys() {
            return Set.of(key);
        }

        @Override
        public List<Event> decide(VersionsState state) {
            throw new IllegalStateException("refused " + key);
        }

        @Override
        public Void result(VersionsState state) {
            return null;
        }
    }
}
