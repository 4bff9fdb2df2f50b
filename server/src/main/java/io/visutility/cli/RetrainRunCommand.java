package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.Orchestrator;
import io.visutility.bus.Subscription;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.event.PromotionDecided;
import io.visutility.event.RetrainFinished;
import io.visutility.registry.JobState;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code visutility retrain run}: a manual retrain request, run in this process. Progress goes to
 * stderr as the job's events are journaled; the command returns when the job has an answer.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Retrain a configured model now, in this process, and wait for the outcome: the request"
                + " queues a job (or joins the model's active one), its attempt runs the training program,"
                + " registers the new version with lineage and lets the promotion policy decide. Progress goes"
                + " to stderr. Exit 0 when the job succeeded; 1 when it failed, was cancelled, or waits for a"
                + " retry that is not due yet (it runs when a later 'retrain run' finds it due).",
                "Example: visutility retrain run detector --reason 'new labelled data'"})
final class RetrainRunCommand implements Callable<Integer>, VisutilityCommand.Remote {
    /** How long to wait for the promotion decision after the job succeeded (it follows at once unless the decision failed). */
    private static final Duration DECISION_WAIT = Duration.ofSeconds(30);
    /** The clock of the orchestrator that {@link Context#open()} opens. */
    private static final Clock CLOCK = Clock.systemUTC();

    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The configured model to retrain.")
    String model;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded on the job and in the new version's lineage (default: manual request).")
    String reason;

    @Option(names = "--json", description = "Print the job as it ended, with \"decision\" (the promotion decision"
            + " or null), as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (ctx.remote()) {
            return remote(new RemoteBackend(ctx.api()));
        }
        try (Orchestrator o = ctx.openRetraining(model)) {
            RegisteredModel.require(o.registry(), model);
            if (o.retrainer().config(model).isEmpty()) {
                throw RetrainCommand.noConfig(model);
            }
            RetrainWatch watch = new RetrainWatch(model, log -> ctx.data().resolve(log).toString(), ctx.err(), CLOCK);
            // subscribed before the request, so that none of the job's events can be missed
            Subscription subscription = o.bus().subscribe("cli-retrain-run", watch, SubscriptionOptions.live());
            Run run;
            try {
                run = requestAndWait(o, watch);
            } finally {
                subscription.close();
            }
            return report(o.registry().jobs().get(run.jobId()).orElseThrow(), run);
        }
    }

    /**
     * Through a server: the request goes to its API, the server runs the job, and this command polls the
     * job until it has an answer, printing the progress lines of the local mode.
     */
    private int remote(RemoteBackend server) throws InterruptedException {
        server.requireModel(model);
        if (server.retrainConfig(model).isEmpty()) {
            throw RetrainCommand.noConfig(model);
        }
        RetrainWatch watch = new RetrainWatch(model, server::logLocation, ctx.err(), CLOCK);
        RetrainPoll poll = new RetrainPoll(server, model, watch, CLOCK);
        RetrainRequestOutcome outcome = server.retrain(model, reason);
        RetrainJob requested = outcome.job().orElseThrow(() -> new VisutilityCommand.UserError(outcome.message()));
        poll.requested(outcome, requested);
        Run run;
        if (waitsForRetry(requested)) {
            run = new Run(requested.id(), null, Optional.empty());
        } else {
            RetrainFinished end = poll.awaitEnd();
            Optional<PromotionDecided> decision = Optional.empty();
            if (end.outcome().equals(JobState.SUCCEEDED.jsonName())) {
                decision = poll.awaitDecision(requested.id(), DECISION_WAIT);
                if (decision.isEmpty()) {
                    noDecision(end);
                }
            }
            run = new Run(requested.id(), end, decision);
        }
        return report(server.job(requested.id()).orElseThrow(), run);
    }

    private void noDecision(RetrainFinished end) {
        ctx.err().println("no promotion decision about " + model + " " + end.newVersion() + " was recorded within "
                + DECISION_WAIT.toSeconds() + " s; see the orchestrator's log");
    }

    /**
     * What waiting found: how the job's last attempt ended (null when the job waits for a retry that
     * is not due, so nothing ran) and the promotion decision after a success.
     */
    private record Run(String jobId, RetrainFinished end, Optional<PromotionDecided> decision) {}

    private Run requestAndWait(Orchestrator o, RetrainWatch watch) throws InterruptedException {
        RetrainRequestOutcome outcome = o.retrainer().request(model, reason);
        RetrainJob requested = outcome.job().orElseThrow(() -> new VisutilityCommand.UserError(outcome.message()));
        watch.follow(requested.id());
        if (waitsForRetry(requested)) {
            watch.awaitRequested(DECISION_WAIT); // its line comes through the bus; print it before the refusal
            return new Run(requested.id(), null, Optional.empty());
        }
        o.retrainer().dispatch(); // a merged job whose retry is due starts now (only this model's: see Session)
        RetrainFinished end = watch.awaitEnd();
        if (!end.outcome().equals(JobState.SUCCEEDED.jsonName())) {
            return new Run(requested.id(), end, Optional.empty());
        }
        Optional<PromotionDecided> decision = watch.awaitDecision(DECISION_WAIT);
        if (decision.isEmpty()) {
            noDecision(end);
        }
        return new Run(requested.id(), end, decision);
    }

    /** Prints the result; a job that did not succeed is a one-line refusal (after the JSON, with --json). */
    private int report(RetrainJob job, Run run) {
        if (json) {
            ObjectNode out = RetrainOutput.json(job);
            out.set("decision", run.decision().map(RetrainOutput::json).orElse(null));
            ctx.out().println(Output.write(out));
        }
        RetrainFinished end = run.end();
        String prefix = "retrain job " + job.id() + " of model '" + model + "' ";
        if (end == null) {
            throw new VisutilityCommand.UserError(prefix + "waits to retry after attempt " + job.attempts() + " "
                    + job.state().jsonName() + " (" + job.failure() + "); the request was merged into it. "
                    + whenRetried(job.retryAt(), job.id()));
        }
        switch (JobState.of(end.outcome())) {
            case SUCCEEDED -> {
                if (!json) {
                    ctx.out().println(prefix + "succeeded: " + end.newVersion() + run.decision()
                            .map(d -> " " + d.decision() + " ('" + d.alias() + "')").orElse(""));
                }
                return 0;
            }
            case CANCELLED -> throw new VisutilityCommand.UserError(prefix + "was cancelled: " + end.reason());
            default -> throw new VisutilityCommand.UserError(prefix + (end.retryAt() != null
                    ? "did not succeed: attempt " + end.attempt() + " " + end.outcome() + ". "
                            + whenRetried(end.retryAt(), job.id())
                    : end.outcome() + " after " + end.attempt() + " attempt(s); no attempts left"));
        }
    }

    /** Failed or interrupted with a retry whose time has not come. */
    private static boolean waitsForRetry(RetrainJob job) {
        return job.active() && job.state() != JobState.QUEUED && job.state() != JobState.RUNNING
                && job.retryAt().isAfter(CLOCK.instant());
    }

    private String whenRetried(Instant retryAt, String jobId) {
        return "It will be retried at " + retryAt + ": run 'visutility retrain run " + model
                + "' again then, or cancel it with 'visutility cancel " + jobId + "'";
    }
}
