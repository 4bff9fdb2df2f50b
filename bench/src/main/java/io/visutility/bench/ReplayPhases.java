package io.visutility.bench;

import io.visutility.event.EventCodec;
import io.visutility.journal.Journal;
import io.visutility.journal.JournalOptions;
import java.nio.file.Path;

/**
 * Where a replay's time goes: times, on one thread and in one JVM, reading and checking the journal
 * alone, then reading plus decoding every record ({@code replay-phases DIR ROUNDS}). The full open
 * (which adds applying, and decodes in parallel) is {@link OpenProbe}.
 */
final class ReplayPhases {
    private ReplayPhases() {}

    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]).resolve("journal");
        int rounds = Integer.parseInt(args[1]);
        for (int i = 0; i < rounds; i++) {
            long[] n = new long[1];
            long t0 = System.nanoTime();
            Journal.open(journal, JournalOptions.defaults(), 1, 1, r -> n[0]++).close(); // scans and checks
            long t1 = System.nanoTime();
            EventCodec codec = new EventCodec();
            long[] h = new long[1];
            Journal.open(journal, JournalOptions.defaults(), 1, 1, r -> h[0] += codec.decode(r).position()).close();
            long t2 = System.nanoTime();
            System.out.printf("replay-phases records=%d scan=%.3f s scan+decode=%.3f s%n", n[0], (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9);
        }
    }
}
