package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import io.visutility.event.Event;
import io.visutility.event.VersionDeprecated;
import io.visutility.store.Command;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Deprecate a version; it loses its aliases. Deprecating twice changes nothing the second time. */
final class DeprecateVersion implements Command<RegistryState, ModelVersion> {
    private final String model;
    private final Version version;
    private final String reason;
    private final Clock clock;

    DeprecateVersion(String model, Version version, String reason, Clock clock) {
        this.model = model;
        this.version = version;
        this.reason = reason;
        this.clock = clock;
    }

    @Override
    public Set<String> keys() {
        return Set.of(MoveAlias.modelKey(model), RegisterVersion.versionKey(model, version));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        VersionEntry target = Lookups.existing(state, model, version);
        if (target.deprecated()) {
            return List.of();
        }
        List<String> held = new ArrayList<>();
        state.modelOrNull(model).aliases.forEach((alias, v) -> {
            if (v.compareTo(version) == 0) {
                held.add(alias);
            }
        });
        held.sort(null);
        return List.of(new VersionDeprecated(model, version.toString(), reason, held, clock.instant()));
    }

    @Override
    public ModelVersion result(RegistryState state) {
        ModelEntry m = state.modelOrNull(model);
        return new ModelVersion(model, m.versions.get(VersionKey.of(version)), m.aliases);
    }
}
