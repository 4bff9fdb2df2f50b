package io.visutility.registry;

import io.visutility.event.Event;
import io.visutility.event.ModelCreated;
import io.visutility.store.Command;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Create a model with no versions yet. Idempotent: creating a model that exists with the same
 * description and tags changes nothing (a model its first version created has neither); other
 * content under an existing name is a conflict.
 */
final class CreateModel implements Command<RegistryState, ModelSummary> {
    private final ModelCreated event;

    CreateModel(ModelCreated event) {
        this.event = event;
    }

    @Override
    public Set<String> keys() {
        return Set.of("model:" + event.model());
    }

    @Override
    public List<Event> decide(RegistryState state) {
        ModelEntry existing = state.modelOrNull(event.model());
        if (existing == null) {
            return List.of(event);
        }
        ModelCreated c = existing.creation;
        String description = c == null ? null : c.description();
        Map<String, String> tags = c == null ? Map.of() : c.tags();
        if (Objects.equals(description, event.description()) && tags.equals(event.tags())) {
            return List.of();
        }
        throw RegistryException.conflict("model '" + event.model() + "' already exists with description "
                + quoted(description) + " and tags " + new java.util.TreeMap<>(tags) + "; this request has "
                + quoted(event.description()) + " and " + new java.util.TreeMap<>(event.tags()));
    }

    private static String quoted(String s) {
        return s == null ? "none" : "'" + Names.printable(s) + "'";
    }

    @Override
    public ModelSummary result(RegistryState state) {
        return Registry.summary(state.modelOrNull(event.model()));
    }
}
