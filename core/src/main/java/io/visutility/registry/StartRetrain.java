package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Event;
import io.visutility.event.RetrainStarted;
import io.visutility.store.Command;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Start the next attempt of a job that is queued or whose retry is due. */
final class StartRetrain implements Command<RegistryState, RetrainJob> {
    private final String jobId;
    private final String model;
    private final int attempt;
    private final Integer trial;
    private final JsonNode params;
    private final String log;
    private final Instant now;

    StartRetrain(String jobId, String model, int attempt, Integer trial, JsonNode params, String log, Instant now) {
        this.jobId = jobId;
        this.model = model;
        this.attempt = attempt;
        this.trial = trial;
        this.params = params;
        this.log = log;
        this.now = now;
    }

    @Override
    public Set<String> keys() {
        return Set.of(RequestRetrain.key(model));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        RetrainJob job = FinishRetrain.existing(state, jobId);
        if (!job.runnableAt(now)) {
            throw RegistryException.conflict("retrain job " + jobId + " is " + job.state().jsonName()
                    + (job.retryAt() != null ? " until " + job.retryAt() : "") + " and cannot start at " + now);
        }
        if (attempt != job.attempts() + 1) {
            throw RegistryException.conflict("retrain job " + jobId + " has had " + job.attempts()
                    + " attempts, so the next is " + (job.attempts() + 1) + ", not " + attempt);
        }
        return List.of(new RetrainStarted(model, jobId, attempt, trial, params, log, now));
    }

    @Override
    public RetrainJob result(RegistryState state) {
        return state.jobs().job(jobId);
    }
}
