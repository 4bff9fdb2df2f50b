package io.visutility.event;

import java.time.Instant;
import java.util.Map;

/**
 * A model was created on its own, before (or without) any version, with an optional description and
 * tags. Models that were only ever created by registering a version have no such event.
 */
public record ModelCreated(String model, String description, Map<String, String> tags, Instant createdAt)
        implements Event {

    public ModelCreated {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
