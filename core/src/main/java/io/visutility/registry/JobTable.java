package io.visutility.registry;

import io.visutility.event.Event;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retrain jobs part of the registry state. Written only by the applying thread; read by anyone
 * (jobs are immutable records swapped in whole). Every job's events are kept so a snapshot can
 * write them back out and replay through the same appliers.
 */
final class JobTable {
    private final ConcurrentHashMap<String, RetrainJob> jobs = new ConcurrentHashMap<>();
    /** The one active job per model. */
    private final ConcurrentHashMap<String, String> activeByModel = new ConcurrentHashMap<>();
    /** When each model's last job ended for good (succeeded, failed without retry, cancelled): its cooldown start. */
    private final ConcurrentHashMap<String, Instant> lastEnded = new ConcurrentHashMap<>();
    /** Each job's events in order, for snapshots. Touched only by the applying thread. */
    private final Map<String, List<Event>> history = new java.util.HashMap<>();

    void apply(RetrainQueued e) {
        jobs.put(e.jobId(), RetrainJob.queued(e));
        activeByModel.put(e.model(), e.jobId());
        remember(e.jobId(), e);
    }

    void apply(RetrainMerged e) {
        jobs.computeIfPresent(e.jobId(), (id, job) -> job.merged(e));
        remember(e.jobId(), e);
    }

    void apply(RetrainStarted e) {
        jobs.computeIfPresent(e.jobId(), (id, job) -> job.started(e));
        remember(e.jobId(), e);
    }

    void apply(RetrainFinished e) {
        RetrainJob job = jobs.computeIfPresent(e.jobId(), (id, j) -> j.finished(e));
        if (job != null && !job.active()) {
            activeByModel.remove(e.model(), e.jobId());
            lastEnded.put(e.model(), e.finishedAt());
        }
        remember(e.jobId(), e);
    }

    private void remember(String jobId, Event e) {
        history.computeIfAbsent(jobId, k -> new ArrayList<>()).add(e);
    }

    RetrainJob job(String id) {
        return jobs.get(id);
    }

    RetrainJob activeJob(String model) {
        String id = activeByModel.get(model);
        return id == null ? null : jobs.get(id);
    }

    Instant lastEnded(String model) {
        return lastEnded.get(model);
    }

    /** Every model's active job, oldest first: what the retrainer looks at each tick, without the history. */
    List<RetrainJob> activeJobs() {
        List<RetrainJob> out = new ArrayList<>();
        for (String id : activeByModel.values()) {
            RetrainJob j = jobs.get(id);
            if (j != null) {
                out.add(j);
            }
        }
        out.sort(Comparator.comparing(RetrainJob::queuedAt).thenComparing(RetrainJob::id));
        return out;
    }

    /** A model's jobs (or every job when {@code model} is null), oldest first. */
    List<RetrainJob> jobs(String model) {
        List<RetrainJob> out = new ArrayList<>();
        for (RetrainJob j : jobs.values()) {
            if (model == null || j.model().equals(model)) {
                out.add(j);
            }
        }
        out.sort(Comparator.comparing(RetrainJob::queuedAt).thenComparing(RetrainJob::id));
        return out;
    }

    /** Every job's events, jobs in the order they were queued. */
    List<Event> events() {
        List<Event> out = new ArrayList<>();
        for (RetrainJob j : jobs(null)) {
            out.addAll(history.get(j.id()));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobTable other && jobs.equals(other.jobs) && activeByModel.equals(other.activeByModel)
                && lastEnded.equals(other.lastEnded);
    }

    @Override
    public int hashCode() {
        return jobs.keySet().hashCode();
    }
}
