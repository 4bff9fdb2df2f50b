package io.visutility.tuning;

/**
 * Thrown by {@link Suggestion#orElseThrow()} when the sampler had nothing left to suggest: every grid
 * point was tried, or a decaying parameter reached its floor. Callers that expect exhaustion should
 * switch on the {@link Suggestion} instead.
 */
public final class SearchSpaceExhaustedException extends RuntimeException {
    public SearchSpaceExhaustedException(String reason) {
        super(reason);
    }
}
