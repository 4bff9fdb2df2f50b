package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import io.visutility.registry.JobState;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows one retrain job on a server for {@code retrain run --server}: polls {@code GET /api/v1/jobs/{id}}
 * until the job has an answer and hands each change it sees to a {@link RetrainWatch} as the event
 * the server journaled for it, so the progress lines are those of the local mode. A poll sees the
 * job's latest state only: an attempt that started and ended between two polls gets its start and
 * end lines together; one that the server retried at once before a poll saw its end gets a line
 * pointing at its log (the API keeps no per-attempt outcome).
 */
final class RetrainPoll {
    private static final Duration FIRST_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(2);

    private final RemoteBackend server;
    private final String model;
    private final RetrainWatch watch;
    private final Clock clock;
    /** The last attempt whose start was reported. */
    private int started;
    /** The last attempt whose end was reported. */
    private int ended;
    /** The last end reported, as attempt and state ("1:failed"; a cancel may follow a failure), or null. */
    private String finished;

    RetrainPoll(RemoteBackend server, String model, RetrainWatch watch, Clock clock) {
        this.server = server;
        this.model = model;
        this.watch = watch;
        this.clock = clock;
    }

    /** Reports the request's own step; a job merged into has reported whatever it did before. */
    void requested(RetrainRequestOutcome outcome, RetrainJob job) {
        watch.follow(job.id());
        String reason = job.reasons().isEmpty() ? null : job.reasons().getLast();
        if (outcome.kind() == RetrainRequestOutcome.Kind.QUEUED) {
            watch.on(new RetrainQueued(model, job.id(), job.parentVersion(), job.trigger(), reason, job.evidence(),
                    null, job.queuedAt()));
            return;
        }
        watch.on(new RetrainMerged(model, job.id(), job.trigger(), reason, null, clock.instant()));
        started = job.attempts();
        ended = job.state() == JobState.RUNNING ? job.attempts() - 1 : job.attempts();
        if (job.state() != JobState.QUEUED && job.state() != JobState.RUNNING) {
            finished = key(job);
        }
    }

    /** Polls until the job succeeded, ended, or waits for a retry that is not due; the end, as the watch saw it. */
    RetrainFinished awaitEnd() throws InterruptedException {
        Duration interval = FIRST_INTERVAL;
        while (true) {
            RetrainJob job = current();
            boolean changed = report(job);
            if (watch.ended()) {
                return watch.awaitEnd();
            }
            interval = changed ? FIRST_INTERVAL : min(interval.multipliedBy(3).dividedBy(2), MAX_INTERVAL);
            Thread.sleep(interval.toMillis());
        }
    }

    /** Polls the model's decisions (at most {@code limit}) for the one about the job's new version. */
    Optional<PromotionDecided> awaitDecision(String jobId, Duration limit) throws InterruptedException {
        Instant until = clock.instant().plus(limit);
        Duration interval = FIRST_INTERVAL;
        while (true) {
            Optional<PromotionDecided> d = server.promotions(model).history().stream()
                    .filter(x -> jobId.equals(x.jobId())).findFirst();
            if (d.isPresent()) {
                watch.on(d.get());
                return d;
            }
            if (!clock.instant().isBefore(until)) {
                return Optional.empty();
            }
            Thread.sleep(interval.toMillis());
            interval = min(interval.multipliedBy(3).dividedBy(2), MAX_INTERVAL);
        }
    }

    private RetrainJob current() {
        String id = watch.jobId();
        return server.job(id).orElseThrow(() -> new VisutilityCommand.UserError("retrain job " + id
                + " of model '" + model + "' is no longer on server " + server.where()));
    }

    /** Reports what changed since the last poll; whether anything did. */
    private boolean report(RetrainJob job) {
        boolean changed = false;
        // attempts that ended unseen because the server retried at once: the record keeps the last only
        for (int k = Math.max(ended, 0) + 1; k < job.attempts(); k++) {
            watch.say("attempt " + k + " of job " + job.id() + " ended between two looks at the server, which"
                    + " retried at once; log: " + server.logLocation("jobs/" + job.id() + "/attempt-" + k + "/train.log"));
            ended = k;
            started = Math.max(started, k);
            changed = true;
        }
        if (job.attempts() > started && job.startedAt() != null) {
            started = job.attempts();
            watch.on(new RetrainStarted(model, job.id(), job.attempts(), job.trial(), job.params(), job.log(),
                    job.startedAt()));
            changed = true;
        }
        if (job.state() != JobState.QUEUED && job.state() != JobState.RUNNING && !key(job).equals(finished)) {
            finished = key(job);
            ended = job.attempts();
            watch.on(new RetrainFinished(model, job.id(), job.attempts(), job.state().jsonName(), job.failure(),
                    job.newVersion(), job.metrics(), job.retryAt(), job.finishedAt()));
            changed = true;
        }
        return changed;
    }

    private static String key(RetrainJob job) {
        return job.attempts() + ":" + job.state().jsonName();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
