package io.visutility.store;

import io.visutility.journal.JournalOptions;

/**
 * Settings of a {@link Store}.
 *
 * @param journal journal settings (fsync policy, segment size)
 * @param queueCapacity commands waiting for the writer; submitters block when it is full
 * @param maxBatch most commands in one commit batch (one write, one fsync)
 * @param snapshotEvery records after which closed segments are folded into a new snapshot
 */
public record StoreOptions(JournalOptions journal, int queueCapacity, int maxBatch, long snapshotEvery) {
    public StoreOptions {
        if (journal == null) {
            throw new IllegalArgumentException("expected journal options but got none");
        }
        if (queueCapacity < 1 || maxBatch < 1 || snapshotEvery < 1) {
            throw new IllegalArgumentException("expected positive queue capacity, batch size and snapshot"
                    + " interval but got " + queueCapacity + ", " + maxBatch + ", " + snapshotEvery);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(JournalOptions.defaults(), 65_536, 4_096, 500_000);
    }

    public StoreOptions withJournal(JournalOptions options) {
        return new StoreOptions(options, queueCapacity, maxBatch, snapshotEvery);
    }

    public StoreOptions withSnapshotEvery(long records) {
        return new StoreOptions(journal, queueCapacity, maxBatch, records);
    }
}
