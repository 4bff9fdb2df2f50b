package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import io.visutility.event.AliasMoved;
import io.visutility.event.Event;
import io.visutility.store.Command;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Point an alias of a model at a version (promote). */
final class MoveAlias implements Command<RegistryState, ModelVersion> {
    private final String model;
    private final Version version;
    private final String alias;
    private final Clock clock;

    MoveAlias(String model, Version version, String alias, Clock clock) {
        this.model = model;
        this.version = version;
        this.alias = alias;
        this.clock = clock;
    }

    static String modelKey(String model) {
        return "model:" + model;
    }

    @Override
    public Set<String> keys() {
        return Set.of(modelKey(model), RegisterVersion.versionKey(model, version));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        VersionEntry target = Lookups.existing(state, model, version);
        if (target.deprecated()) {
            throw new RegistryException(RegistryException.Code.DEPRECATED, "model '" + model + "' version "
                    + version + " is deprecated (" + target.deprecation().reason() + ") and cannot become '"
                    + alias + "'");
        }
        Version current = state.modelOrNull(model).aliases.get(alias);
        if (current != null && current.compareTo(version) == 0) {
            return List.of();
        }
        return List.of(new AliasMoved(model, alias, version.toString(), current == null ? null : current.toString(),
                clock.instant()));
    }

    @Override
    public ModelVersion result(RegistryState state) {
        ModelEntry m = state.modelOrNull(model);
        return new ModelVersion(model, m.versions.get(VersionKey.of(version)), m.aliases);
    }
}
