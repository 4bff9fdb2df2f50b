package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import io.visutility.event.Event;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.store.Command;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Register a version; idempotent for the same checksum, a conflict for another. */
final class RegisterVersion implements Command<RegistryState, Registration> {
    private final NewVersion request;
    private final Version version;
    private final long size;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private boolean created;

    RegisterVersion(NewVersion request, Version version, long size, Clock clock, Supplier<UUID> ids) {
        this.request = request;
        this.version = version;
        this.size = size;
        this.clock = clock;
        this.ids = ids;
    }

    static String versionKey(String model, Version v) {
        return "version:" + model + "@" + v;
    }

    @Override
    public Set<String> keys() {
        return Set.of(versionKey(request.model(), version));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        ModelEntry model = state.modelOrNull(request.model());
        VersionEntry existing = model == null ? null : model.versions.get(VersionKey.of(version));
        if (existing != null) {
            String existingSha = existing.sha256();
            if (!existingSha.equals(request.sha256())) {
                throw new RegistryException(RegistryException.Code.CHECKSUM_CONFLICT, "model '" + request.model()
                        + "' version " + version + " is already registered with artifact SHA-256 " + existingSha
                        + "; this registration has " + request.sha256() + " (register a new version instead)");
            }
            created = false;
            return List.of();
        }
        created = true;
        return List.of(new ModelVersionRegistered(request.model(), version.toString(), ids.get(), request.sha256(),
                size, request.metrics(), request.tags(), request.params(), request.lineage(), clock.instant()));
    }

    @Override
    public Registration result(RegistryState state) {
        ModelEntry model = state.modelOrNull(request.model());
        return new Registration(new ModelVersion(model.name, model.versions.get(VersionKey.of(version)), model.aliases), created);
    }
}
