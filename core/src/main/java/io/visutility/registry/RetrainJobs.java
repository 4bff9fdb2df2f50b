package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Durable retrain jobs: requests (deduplicated per model, cooled down), attempts started and ended,
 * cancellation. Each change is journaled before it is answered; after a restart the jobs are as they
 * were, and those that were running are still marked running until the retrainer interrupts them.
 * The retrainer in {@code io.visutility.retrain} decides when to run what; this is its ledger.
 */
public final class RetrainJobs {
    private final Store<RegistryState> store;
    private final Clock clock;
    private final Supplier<UUID> ids;

    RetrainJobs(Store<RegistryState> store, Clock clock, Supplier<UUID> ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Asks for a model to be retrained.
     *
     * @param reason why (at most {@value Names#MAX_REASON} characters)
     * @param evidence the statistics behind it as a JSON value, or null
     * @param detection the triggering detection as {@code detector/severity@detected_at}, or null
     * @param cooldown how long after the model's last job ended a detection or deprecation is declined
     * @throws RegistryException {@code not_found} for an unknown model, {@code invalid_input} for bad fields
     */
    public RetrainRequestOutcome request(String model, RetrainTrigger trigger, String reason, JsonNode evidence,
            String detection, Duration cooldown) {
        String m = Names.model(model);
        Objects.requireNonNull(trigger, "trigger");
        if (reason == null || reason.isBlank()) {
            throw RegistryException.invalid("expected a reason for retraining model '" + m + "' but got none");
        }
        Names.reason(reason);
        if (cooldown == null || cooldown.isNegative()) {
            throw RegistryException.invalid("expected a cooldown of zero or more but got " + cooldown);
        }
        return store.execute(new RequestRetrain(m, trigger, reason, JsonValues.journaled("evidence", evidence),
                detection, cooldown, ids.get().toString(), clock.instant()));
    }

    /**
     * Records that attempt {@code attempt} of a job started with these hyper-parameters.
     *
     * @throws RegistryException {@code conflict} when the job is not queued or due for a retry, or the
     *     attempt number is not the next one
     */
    public RetrainJob start(String jobId, int attempt, Integer trial, JsonNode params, String log) {
        RetrainJob job = existing(jobId);
        return store.execute(new StartRetrain(jobId, job.model(), attempt, trial, JsonValues.journaled("params", params),
                log, clock.instant()));
    }

    /**
     * Ends a job's running attempt.
     *
     * @param outcome succeeded, failed or interrupted
     * @param retryAt when to try again (failed or interrupted only), or null for never
     * @throws RegistryException {@code conflict} when that attempt is not running (it was cancelled)
     */
    public RetrainJob finish(String jobId, int attempt, JobState outcome, String reason, String newVersion,
            JsonNode metrics, Instant retryAt) {
        RetrainJob job = existing(jobId);
        if (outcome == JobState.CANCELLED) {
            throw new IllegalArgumentException("use cancel to cancel a job");
        }
        return store.execute(new FinishRetrain(jobId, job.model(), attempt, outcome, Names.reason(reason), newVersion,
                JsonValues.journaled("metrics", metrics), retryAt, clock.instant()));
    }

    /**
     * Cancels an active job (queued, running or waiting to retry); the retrainer stops a running one.
     *
     * @throws RegistryException {@code not_found} for an unknown job, {@code conflict} when it already ended
     */
    public RetrainJob cancel(String jobId, String reason) {
        RetrainJob job = existing(jobId);
        return store.execute(new FinishRetrain(jobId, job.model(), job.attempts(), JobState.CANCELLED,
                Names.reason(reason == null ? "cancelled" : reason), null, null, null, clock.instant()));
    }

    private RetrainJob existing(String jobId) {
        RetrainJob job = jobId == null ? null : store.state().jobs().job(jobId);
        if (job == null) {
            throw RegistryException.notFound("no retrain job with id " + jobId);
        }
        return job;
    }

    public Optional<RetrainJob> get(String jobId) {
        return Optional.ofNullable(jobId == null ? null : store.state().jobs().job(jobId));
    }

    /** A model's jobs, or every job when {@code model} is null, oldest first. */
    public List<RetrainJob> list(String model) {
        return store.state().jobs().jobs(model == null ? null : Names.model(model));
    }

    /** The model's queued, running or retry-waiting job. */
    public Optional<RetrainJob> active(String model) {
        return Optional.ofNullable(store.state().jobs().activeJob(Names.model(model)));
    }

    /** Every model's queued, running or retry-waiting job, oldest first. */
    public List<RetrainJob> active() {
        return store.state().jobs().activeJobs();
    }
}
