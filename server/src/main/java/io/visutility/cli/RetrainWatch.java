package io.visutility.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.bus.EventHandler;
import io.visutility.event.Event;
import io.visutility.event.JournaledEvent;
import io.visutility.event.PromotionDecided;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainMerged;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import io.visutility.registry.Registry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Follows one retrain job on the event bus for {@code retrain run}: prints each step of the job as it
 * is journaled, and tells the command when it may stop — when an attempt succeeded (and then once
 * its promotion was decided), when the job ended otherwise, or when an attempt failed or was
 * interrupted and its retry is not due yet. A retry that is already due (no backoff) runs in this
 * process, so the watch waits for it too.
 *
 * <p>Implementation notes. The watch is subscribed before the request that creates (or finds) the
 * job, so none of the job's events can be missed; but the job may start before {@code request}
 * returns its id, so the model's events that arrive before {@link #follow} names the job are kept
 * and handled, in journal order, once it does. The handler runs on the subscription's thread;
 * {@code this} guards {@code jobId} and {@code early}. The command's thread waits on the two latches
 * and reads the results only after a latch opened.
 */
final class RetrainWatch implements EventHandler {
    private final String model;
    /** Where a job's log can be read, from its path relative to the data directory. */
    private final Function<String, String> logLocation;
    private final PrintWriter progress;
    private final Clock clock;
    /** Opens when the job succeeded, ended, or waits for a retry that is not due. */
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Opens when the promotion of the job's new version was decided. */
    private final CountDownLatch decided = new CountDownLatch(1);
    /** Opens when the request's own event (queued or merged) was printed. */
    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Event> early = new ArrayList<>();
    private String jobId;
    private volatile RetrainFinished finished;
    private volatile PromotionDecided decision;

    /**
     * @param logLocation where a job's log (relative to the data directory) is, for people
     * @param clock what "due" is measured against (the orchestrator's clock)
     */
    RetrainWatch(String model, Function<String, String> logLocation, PrintWriter progress, Clock clock) {
        this.model = model;
        this.logLocation = logLocation;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void onEvent(JournaledEvent journaled) {
        on(journaled.event());
    }

    /** An event about the job, journaled here or read back from a server's job record. */
    synchronized void on(Event e) {
        if (!e.model().equals(model)) {
            return;
        }
        if (jobId == null) {
            early.add(e);
        } else {
            handle(e);
        }
    }

    /** Names the job to follow and handles what already arrived about it. */
    synchronized void follow(String id) {
        jobId = id;
        early.forEach(this::handle);
        early.clear();
    }

    /** Waits (at most {@code limit}) until the request's own event was printed. */
    void awaitRequested(Duration limit) throws InterruptedException {
        requested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job followed, once named. */
    synchronized String jobId() {
        return jobId;
    }

    /** Whether the job succeeded, ended, or waits for a retry that is not due. */
    boolean ended() {
        return ended.getCount() == 0;
    }

    /** Whether the promotion of the job's new version was decided. */
    boolean decided() {
        return decided.getCount() == 0;
    }

    /** Waits until the job succeeded, ended, or waits for a retry that is not due. */
    RetrainFinished awaitEnd() throws InterruptedException {
        ended.await();
        return finished;
    }

    /** Waits (at most {@code limit}) for the decision about the job's new version. */
    Optional<PromotionDecided> awaitDecision(Duration limit) throws InterruptedException {
        return decided.await(limit.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(decision) : Optional.empty();
    }

    private void handle(Event e) {
        switch (e) {
            case RetrainQueued q when q.jobId().equals(jobId) -> {
                say("queued retrain job " + jobId + " of model '" + model + "'"
                        + (q.parentVersion() == null ? "" : " from version " + q.parentVersion()) + ": " + q.reason());
                requested.countDown();
            }
            case RetrainMerged m when m.jobId().equals(jobId) -> {
                say("request merged into model '" + model + "''s active retrain job " + jobId + ": " + m.reason());
                requested.countDown();
            }
            case RetrainStarted s when s.jobId().equals(jobId) -> say("attempt " + s.attempt() + " of job " + jobId
                    + " started " + (empty(s.params()) ? "without parameters" : "with " + s.params())
                    + (s.trial() == null ? "" : " (trial " + s.trial() + ")") + "; log: " + logLocation.apply(s.log()));
            case RetrainFinished f when f.jobId().equals(jobId) -> finished(f);
            case PromotionDecided d when jobId.equals(d.jobId()) && decision == null -> decided(d);
            default -> { }
        }
    }

    private void finished(RetrainFinished f) {
        switch (f.outcome()) {
            case "succeeded" -> say("attempt " + f.attempt() + " succeeded: registered " + model + " " + f.newVersion()
                    + " with metrics " + RetrainOutput.compact(f.metrics()));
            case "cancelled" -> say("job " + jobId + " was cancelled: " + f.reason());
            default -> say("attempt " + f.attempt() + " " + f.outcome() + ": " + f.reason());
        }
        boolean retryDue = f.retryAt() != null && !f.retryAt().isAfter(clock.instant());
        if (retryDue) {
            say("retrying now");
            return;
        }
        finished = f;
        ended.countDown();
    }

    private void decided(PromotionDecided d) {
        String was = d.champion() == null ? "no version held it" : "was " + d.champion();
        switch (d.decision()) {
            case "promoted" -> say("promoted " + model + " " + d.candidate() + " to '" + d.alias() + "' (" + was
                    + "): " + d.reason());
            case "held" -> {
                say("held " + model + " " + d.candidate() + " for approval as '" + d.alias() + "': " + d.reason());
                say("approve it with '" + approval("approve", d) + "' or reject it with '" + approval("reject", d) + "'");
            }
            default -> say(d.decision() + " " + model + " " + d.candidate() + " ('" + d.alias() + "' "
                    + (d.champion() == null ? "is not set" : "stays at " + d.champion()) + "): " + d.reason());
        }
        decision = d;
        decided.countDown();
    }

    /** The command that approves or rejects a held candidate. */
    static String approval(String verb, PromotionDecided d) {
        return "visutility " + verb + " " + d.model() + " " + d.candidate()
                + (Registry.PRODUCTION.equals(d.alias()) ? "" : " --alias " + d.alias());
    }

    private static boolean empty(JsonNode params) {
        return params == null || params.isNull() || params.isEmpty();
    }

    void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
