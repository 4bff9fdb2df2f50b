package io.visutility.event;

import java.time.Instant;
import java.util.List;

/** A version was deprecated; it lost the aliases it held ({@code removedAliases}). */
public record VersionDeprecated(String model, String version, String reason, List<String> removedAliases,
        Instant deprecatedAt) implements Event {

    public VersionDeprecated {
        removedAliases = removedAliases == null ? List.of() : List.copyOf(removedAliases);
    }
}
