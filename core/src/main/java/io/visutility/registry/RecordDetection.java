package io.visutility.registry;

import io.visutility.event.DetectionRaised;
import io.visutility.event.Event;
import io.visutility.store.Command;
import java.util.List;
import java.util.Set;

/** Journal a detection of the monitor. The model must be registered. */
final class RecordDetection implements Command<RegistryState, DetectionRaised> {
    private final DetectionRaised detection;

    RecordDetection(DetectionRaised detection) {
        this.detection = detection;
    }

    @Override
    public Set<String> keys() {
        return Set.of("detections:" + detection.model());
    }

    @Override
    public List<Event> decide(RegistryState state) {
        Lookups.existingModel(state, detection.model());
        return List.of(detection);
    }

    @Override
    public DetectionRaised result(RegistryState state) {
        return detection;
    }
}
