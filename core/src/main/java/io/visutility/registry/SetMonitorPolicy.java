package io.visutility.registry;

import io.visutility.event.Event;
import io.visutility.event.MonitorPolicySet;
import io.visutility.store.Command;
import java.util.List;
import java.util.Set;

/** Give a registered model its own monitor policy (already checked by the caller). */
final class SetMonitorPolicy implements Command<RegistryState, MonitorPolicySet> {
    private final MonitorPolicySet event;

    SetMonitorPolicy(MonitorPolicySet event) {
        this.event = event;
    }

    @Override
    public Set<String> keys() {
        return Set.of("policy:" + event.model());
    }

    @Override
    public List<Event> decide(RegistryState state) {
        Lookups.existingModel(state, event.model());
        return List.of(event);
    }

    @Override
    public MonitorPolicySet result(RegistryState state) {
        return event;
    }
}
