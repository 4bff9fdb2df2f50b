package io.visutility.store;

/**
 * Told about every commit batch the journal writer makes, for metrics. Runs on the writer thread
 * after the batch is durable and before its events are applied, so it must be quick and must not
 * throw (a listener that throws is ignored for that batch).
 */
@FunctionalInterface
public interface CommitListener {
    /**
     * @param events events written in the batch
     * @param nanos time spent writing the batch and forcing it to disk
     */
    void committed(int events, long nanos);
}
