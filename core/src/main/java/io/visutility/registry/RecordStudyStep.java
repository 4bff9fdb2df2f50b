package io.visutility.registry;

import io.visutility.event.Event;
import io.visutility.event.StudyRecorded;
import io.visutility.store.Command;
import java.util.List;
import java.util.Set;

/** Journal one step of a model's study. The tuning package checked it against the study. */
final class RecordStudyStep implements Command<RegistryState, StudyRecorded> {
    private final StudyRecorded step;

    RecordStudyStep(StudyRecorded step) {
        this.step = step;
    }

    @Override
    public Set<String> keys() {
        return Set.of("study:" + step.model() + "/" + step.study());
    }

    @Override
    public List<Event> decide(RegistryState state) {
        Lookups.existingModel(state, step.model());
        return List.of(step);
    }

    @Override
    public StudyRecorded result(RegistryState state) {
        return step;
    }
}
