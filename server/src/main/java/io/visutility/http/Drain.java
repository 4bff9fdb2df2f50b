package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * Graceful stop: counts requests in flight; once draining, new requests are answered
 * {@code 503 unavailable} (with {@code Connection: close}) while those in flight finish. The web
 * server's own stop does not wait for them, so the server waits here first.
 */
final class Drain implements Filter {
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        synchronized (lock) {
            if (draining) {
                res.header(HeaderNames.CONNECTION, "close");
                Problems.send(res, new Problems.Problem(503, "unavailable", "Service unavailable",
                        "the server is shutting down; retry against its replacement"));
                return;
            }
            inFlight++;
        }
        try {
            chain.proceed();
        } finally {
            synchronized (lock) {
                if (--inFlight == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** Requests being handled now. */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** Refuses new requests and waits up to {@code grace} for those in flight; true when all finished. */
    boolean drain(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        try {
            synchronized (lock) {
                draining = true;
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
