package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.StudyRecorded;
import io.visutility.store.Store;
import java.time.Clock;
import java.util.List;

/**
 * Each model's hyper-parameter studies, step by step, so that every retrain continues from all the
 * earlier trials (failed ones included) after restarts.
 */
public final class Studies {
    private final Store<RegistryState> store;
    private final Clock clock;

    Studies(Store<RegistryState> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Journals one step (a study event in the tuning package's JSON form). */
    public StudyRecorded record(String model, String study, String sampler, JsonNode step) {
        String m = Names.model(model);
        Names.tagKey(study);
        if (step == null || !step.isObject()) {
            throw RegistryException.invalid("expected a study step as a JSON object but got " + step);
        }
        return store.execute(new RecordStudyStep(new StudyRecorded(m, study, sampler, JsonValues.journaled("step", step),
                clock.instant())));
    }

    /** The steps recorded for a model's study, in order. */
    public List<StudyRecorded> steps(String model, String study) {
        return store.state().studies().of(Names.model(model), study);
    }
}
