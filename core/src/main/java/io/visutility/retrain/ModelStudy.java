package io.visutility.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.visutility.event.EventCodec;
import io.visutility.event.StudyRecorded;
import io.visutility.registry.Registry;
import io.visutility.tuning.Direction;
import io.visutility.tuning.SearchSpace;
import io.visutility.tuning.Study;
import io.visutility.tuning.StudyEvent;
import io.visutility.tuning.Suggestion;
import io.visutility.tuning.Trial;
import io.visutility.tuning.TrialState;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's study as the journal holds it: rebuilt from its recorded steps, and every new step
 * journaled before it counts. Built afresh for each attempt, so it never drifts from the journal.
 * One job per model runs at a time, so a trial still running when an attempt asks belongs to an
 * attempt that died; it is recorded as failed first.
 */
final class ModelStudy {
    private final Registry registry;
    private final String model;
    private final String name;
    private final String sampler;
    private final Study study;

    private ModelStudy(Registry registry, String model, String name, String sampler, Study study) {
        this.registry = registry;
        this.model = model;
        this.name = name;
        this.sampler = sampler;
        this.study = study;
    }

    /**
     * @throws IllegalStateException when the recorded steps do not fit the configured space
     */
    static ModelStudy load(Registry registry, String model, RetrainConfig config) {
        SearchSpace space = config.space();
        Direction direction = config.promotion().direction();
        List<StudyEvent> history = new ArrayList<>();
        for (StudyRecorded step : registry.studies().steps(model, config.study())) {
            history.add(StudyEvent.fromJson(step.step().toString()));
        }
        Study study;
        try {
            study = Study.replay(space, direction, config.sampler().samplerFor(model), history);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the recorded study '" + config.study() + "' of model '" + model
                    + "' does not fit the configured search space (" + e.getMessage() + "); give the new space a "
                    + "new study name", e);
        }
        return new ModelStudy(registry, model, config.study(), config.sampler().describe(model), study);
    }

    /** Fails trials left running by attempts that died, then asks for the next trial (journaled). */
    Suggestion ask() {
        for (Trial t : study.trials()) {
            if (t.state() == TrialState.RUNNING) {
                study.fail(t.number(), "abandoned: its attempt ended without reporting");
                journal(study.events().getLast());
            }
        }
        Suggestion s = study.ask();
        if (s instanceof Suggestion.Next) {
            journal(study.events().getLast());
        }
        return s;
    }

    void tell(int trial, double value) {
        study.tell(trial, value);
        journal(study.events().getLast());
    }

    void fail(int trial, String reason) {
        if (study.trial(trial).state() == TrialState.RUNNING) {
            study.fail(trial, reason);
            journal(study.events().getLast());
        }
    }

    int trialCount() {
        return study.trials().size();
    }

    private void journal(StudyEvent event) {
        try {
            registry.studies().record(model, name, sampler, EventCodec.mapper().readTree(event.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back a study event's JSON", e);
        }
    }
}
