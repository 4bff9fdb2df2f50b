package io.visutility.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A model at a glance.
 *
 * @param latestVersion the highest version that is not deprecated, if any
 * @param aliases alias → version
 */
public record ModelSummary(String name, int versions, Optional<String> latestVersion, Map<String, String> aliases,
        Instant createdAt) {}
