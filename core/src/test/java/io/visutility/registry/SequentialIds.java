package io.visutility.registry;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Deterministic version ids for tests: 00000000-0000-5eed-0000-000000000001, …02, and so on. */
public final class SequentialIds implements Supplier<UUID> {
    private final AtomicLong next = new AtomicLong(1);

    @Override
    public UUID get() {
        return new UUID(0x5EEDL, next.getAndIncrement());
    }
}
