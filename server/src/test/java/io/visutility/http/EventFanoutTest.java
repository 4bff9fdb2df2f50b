package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.journal.FsyncPolicy;
import io.visutility.journal.JournalOptions;
import io.visutility.registry.NewVersion;
import io.visutility.store.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared ring of SSE frames: in order from the ring, from the journal when behind it, missed when compacted. */
class EventFanoutTest {
    @TempDir
    Path data;

    Orchestrator orchestrator;
    EventFanout fanout;

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining()
                .withStore(StoreOptions.defaults().withSnapshotEvery(Long.MAX_VALUE)
                        .withJournal(new JournalOptions(FsyncPolicy.NONE, JournalOptions.MIN_SEGMENT_BYTES))));
    }

    @AfterEach
    void close() throws IOException {
        if (fanout != null) {
            fanout.close();
        }
        orchestrator.close();
    }

    private void register(int from, int count) throws IOException {
        String sha = orchestrator.registry().artifacts().put(new ByteArrayInputStream("w".getBytes(StandardCharsets.UTF_8)))
                .sha256();
        for (int i = from; i < from + count; i++) {
            orchestrator.registry().register(new NewVersion("det", "1.0." + i, sha, Map.of(), Map.of(), Map.of(), null));
        }
    }

    private List<Long> read(long after, int max) {
        List<Long> positions = new ArrayList<>();
        fanout.read(after, max, f -> {
            positions.add(f.position());
            assertThat(new String(f.sse(), StandardCharsets.UTF_8)).startsWith("id: " + f.position() + "\nevent: "
                    + f.type() + "\ndata: {\"id\":" + f.position() + ",").endsWith("}\n\n");
        }, (count, lastSeen) -> positions.add(-count));
        return positions;
    }

    @Test
    void readsInOrderFromTheRingAndFromTheJournalForWhatTheRingNoLongerHolds() throws IOException {
        register(0, 5); // before the fan-out started: only in the journal
        fanout = new EventFanout(orchestrator.bus(), orchestrator.registry().store(), "test", 8);
        register(5, 20); // 6..25; the ring keeps 18..25
        await().atMost(Duration.ofSeconds(5)).until(() -> fanout.head() == 25);

        assertThat(read(0, 1000)).containsExactlyElementsOf(range(1, 25));
        assertThat(read(20, 1000)).containsExactlyElementsOf(range(21, 25));
        assertThat(read(3, 4)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(read(25, 1000)).isEmpty();
    }

    @Test
    void eventsCompactedAwayAreReportedOnceAndSkipped() throws Exception {
        fanout = new EventFanout(orchestrator.bus(), orchestrator.registry().store(), "test", 8);
        register(0, 200);
        orchestrator.registry().store().compact();
        long first = orchestrator.registry().store().firstRetainedPosition();
        assertThat(first).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fanout.head() == 200);

        List<Long> got = read(0, 1000);
        assertThat(got.get(0)).isEqualTo(-(first - 1));
        assertThat(got.subList(1, got.size())).containsExactlyElementsOf(range(first, 200));
    }

    @Test
    void awaitReturnsOnANewEventAndOnClose() throws Exception {
        fanout = new EventFanout(orchestrator.bus(), orchestrator.registry().store(), "test", 8);
        long start = System.nanoTime();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                register(0, 1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        fanout.awaitAfter(0, Duration.ofSeconds(20).toNanos());
        writer.join();
        assertThat(fanout.head()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            out.add(p);
        }
        return out;
    }
}
