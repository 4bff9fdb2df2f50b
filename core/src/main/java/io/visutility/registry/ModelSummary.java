package io.visutility.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A model at a glance.
 *
 * @param versions how many versions it has; 0 for a model created on its own and not yet given one
 * @param latestVersion the highest version that is not deprecated, if any
 * @param aliases alias → version
 * @param createdAt when it was created on its own, else when its first version was registered
 * @param description the description it was created with, if any
 * @param tags the tags it was created with (its versions carry their own)
 */
public record ModelSummary(String name, int versions, Optional<String> latestVersion, Map<String, String> aliases,
        Instant createdAt, Optional<String> description, Map<String, String> tags) {}
