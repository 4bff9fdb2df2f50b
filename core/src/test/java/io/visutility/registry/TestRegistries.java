package io.visutility.registry;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.journal.FsyncPolicy;
import io.visutility.journal.JournalOptions;
import io.visutility.store.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Opening registries for tests: deterministic clock and ids, no fsync unless asked. */
final class TestRegistries {
    private TestRegistries() {}

    /** A clock that moves one millisecond each time it is read. */
    static Clock ticking() {
        AtomicLong millis = new AtomicLong(1_700_000_000_000L);
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.incrementAndGet());
            }
        };
    }

    static OrchestratorConfig config(Path dir) {
        AtomicLong ids = new AtomicLong();
        return OrchestratorConfig.of(dir).withFsync(FsyncPolicy.NONE).withClock(ticking())
                .withIds(() -> new UUID(42, ids.incrementAndGet()))
                .withBackground(Runnable::run);
    }

    /** Small segments, so compaction has closed segments to fold. */
    static OrchestratorConfig smallSegments(Path dir) {
        OrchestratorConfig c = config(dir);
        return c.withStore(StoreOptions.defaults().withJournal(JournalOptions.defaults().withFsync(FsyncPolicy.NONE)
                .withSegmentBytes(4096)).withSnapshotEvery(Long.MAX_VALUE));
    }

    static Orchestrator open(OrchestratorConfig config) {
        try {
            return Orchestrator.open(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String store(Registry r, String content) {
        try {
            return r.artifacts().put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything a reader can observe, as text, for comparing states. */
    static String observable(Registry r) {
        StringBuilder b = new StringBuilder();
        for (ModelSummary m : r.models()) {
            b.append(m).append('\n');
            for (ModelVersion v : r.versions(m.name())) {
                b.append("  ").append(v.version()).append(' ').append(v.id()).append(' ').append(v.sha256())
                        .append(' ').append(v.size()).append(' ').append(v.aliases()).append(' ').append(v.deprecated())
                        .append(' ').append(v.deprecationReason()).append(' ').append(v.deprecatedAt())
                        .append(' ').append(v.metrics()).append(' ').append(v.tags().entrySet().stream().sorted(
                                java.util.Map.Entry.comparingByKey()).map(Object::toString).collect(Collectors.joining(",")))
                        .append(' ').append(v.params()).append(' ').append(v.lineage()).append(' ').append(v.createdAt())
                        .append('\n');
            }
            b.append("  latest=").append(r.latest(m.name(), false).map(ModelVersion::version))
                    .append(" latestAll=").append(r.latest(m.name(), true).map(ModelVersion::version)).append('\n');
        }
        return b.toString();
    }
}
