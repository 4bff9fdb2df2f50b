package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Event;
import io.visutility.event.RetrainFinished;
import io.visutility.store.Command;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * End a job's running attempt (succeeded, failed, interrupted), or cancel an active job. Ending an
 * attempt that is no longer running (it was cancelled meanwhile) is refused as a conflict.
 */
final class FinishRetrain implements Command<RegistryState, RetrainJob> {
    private final String jobId;
    private final String model;
    private final int attempt;
    private final JobState outcome;
    private final String reason;
    private final String newVersion;
    private final JsonNode metrics;
    private final Instant retryAt;
    private final Instant now;

    FinishRetrain(String jobId, String model, int attempt, JobState outcome, String reason, String newVersion,
            JsonNode metrics, Instant retryAt, Instant now) {
        this.jobId = jobId;
        this.model = model;
        this.attempt = attempt;
        this.outcome = outcome;
        this.reason = reason;
        this.newVersion = newVersion;
        this.metrics = metrics;
        this.retryAt = retryAt;
        this.now = now;
    }

    static RetrainJob existing(RegistryState state, String jobId) {
        RetrainJob job = state.jobs().job(jobId);
        if (job == null) {
            throw RegistryException.notFound("no retrain job with id " + jobId);
        }
        return job;
    }

    @Override
    public Set<String> keys() {
        return Set.of(RequestRetrain.key(model));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        RetrainJob job = existing(state, jobId);
        switch (outcome) {
            case QUEUED, RUNNING -> throw new IllegalArgumentException("a job ends succeeded, failed, cancelled or "
                    + "interrupted, not " + outcome.jsonName());
            case CANCELLED -> {
                if (!job.active()) {
                    throw RegistryException.conflict("retrain job " + jobId + " already ended ("
                            + job.state().jsonName() + ") and cannot be cancelled");
                }
            }
            case SUCCEEDED, FAILED, INTERRUPTED -> {
                if (job.state() != JobState.RUNNING || job.attempts() != attempt) {
                    throw RegistryException.conflict("retrain job " + jobId + " is " + job.state().jsonName()
                            + " at attempt " + job.attempts() + ", so attempt " + attempt + " cannot end "
                            + outcome.jsonName());
                }
            }
        }
        if (retryAt != null && (outcome == JobState.SUCCEEDED || outcome == JobState.CANCELLED)) {
            throw new IllegalArgumentException("only a failed or interrupted job is retried");
        }
        return List.of(new RetrainFinished(model, jobId, job.attempts(), outcome.jsonName(), reason, newVersion, metrics,
                retryAt, now));
    }

    @Override
    public RetrainJob result(RegistryState state) {
        return state.jobs().job(jobId);
    }
}
