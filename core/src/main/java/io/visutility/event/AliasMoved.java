package io.visutility.event;

import java.time.Instant;

/**
 * An alias (such as {@code production}) now points at {@code version}. {@code previousVersion} is the
 * version that held it before, null when none did.
 */
public record AliasMoved(String model, String alias, String version, String previousVersion, Instant movedAt)
        implements Event {}
