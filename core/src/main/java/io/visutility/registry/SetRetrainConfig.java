package io.visutility.registry;

import io.visutility.event.Event;
import io.visutility.event.RetrainConfigSet;
import io.visutility.store.Command;
import java.util.List;
import java.util.Set;

/** Give a registered model its retrain configuration (already checked by the caller). */
final class SetRetrainConfig implements Command<RegistryState, RetrainConfigSet> {
    private final RetrainConfigSet event;

    SetRetrainConfig(RetrainConfigSet event) {
        this.event = event;
    }

    @Override
    public Set<String> keys() {
        return Set.of("retrain-config:" + event.model());
    }

    @Override
    public List<Event> decide(RegistryState state) {
        Lookups.existingModel(state, event.model());
        return List.of(event);
    }

    @Override
    public RetrainConfigSet result(RegistryState state) {
        return event;
    }
}
