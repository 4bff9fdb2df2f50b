package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A retrain job as its events left it: immutable; each event makes a new one.
 *
 * @param reasons the reason of the request that created it, then those of requests merged into it
 * @param detections the triggering detections ({@code detector/severity@detected_at}), same order
 * @param attempts attempts started so far
 * @param trial the study trial of the last attempt, or null
 * @param params the hyper-parameters of the last attempt, or null before the first
 * @param log the last attempt's log, relative to the data directory
 * @param retryAt when a failed or interrupted job is tried again; null when it will not be
 * @param failure why the last attempt failed, or why the job was cancelled or interrupted
 * @param newVersion the version the job registered, once it succeeded
 */
public record RetrainJob(String id, String model, JobState state, String trigger, String parentVersion,
        List<String> reasons, List<String> detections, JsonNode evidence, int attempts, Integer trial, JsonNode params,
        String log, Instant queuedAt, Instant startedAt, Instant finishedAt, Instant retryAt, String failure,
        String newVersion, JsonNode metrics) {

    public RetrainJob {
        reasons = List.copyOf(reasons);
        detections = List.copyOf(detections);
    }

    /** Queued, running, or waiting to retry: a new request for the model merges into it. */
    public boolean active() {
        return switch (state) {
            case QUEUED, RUNNING -> true;
            case FAILED, INTERRUPTED -> retryAt != null;
            case SUCCEEDED, CANCELLED -> false;
        };
    }

    /** Whether the retrainer may start its next attempt at {@code now}. */
    public boolean runnableAt(Instant now) {
        return state == JobState.QUEUED || (active() && state != JobState.RUNNING && !retryAt.isAfter(now));
    }

    static RetrainJob queued(RetrainQueued e) {
        return new RetrainJob(e.jobId(), e.model(), JobState.QUEUED, e.trigger(), e.parentVersion(),
                List.of(e.reason()), e.detection() == null ? List.of() : List.of(e.detection()), e.evidence(), 0, null,
                null, null, e.queuedAt(), null, null, null, null, null, null);
    }

    RetrainJob merged(RetrainMerged e) {
        List<String> r = new ArrayList<>(reasons);
        r.add(e.reason());
        List<String> d = new ArrayList<>(detections);
        if (e.detection() != null) {
            d.add(e.detection());
        }
        return new RetrainJob(id, model, state, trigger, parentVersion, r, d, evidence, attempts, trial, params, log,
                queuedAt, startedAt, finishedAt, retryAt, failure, newVersion, metrics);
    }

    RetrainJob started(RetrainStarted e) {
        return new RetrainJob(id, model, JobState.RUNNING, trigger, parentVersion, reasons, detections, evidence,
                e.attempt(), e.trial(), e.params(), e.log(), queuedAt, e.startedAt(), null, null, null, null, null);
    }

    RetrainJob finished(RetrainFinished e) {
        return new RetrainJob(id, model, JobState.of(e.outcome()), trigger, parentVersion, reasons, detections,
                evidence, attempts, trial, params, log, queuedAt, startedAt, e.finishedAt(), e.retryAt(), e.reason(),
                e.newVersion(), e.metrics());
    }
}
