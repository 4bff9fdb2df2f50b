package io.visutility.store;

/**
 * The journal could not be written (a failed write or fsync) or an applier failed. After this the
 * durable state is uncertain, so the store refuses every further command; restarting recovers from
 * the journal.
 */
public final class StoreFailedException extends RuntimeException {
    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
