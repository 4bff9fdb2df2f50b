package io.visutility.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.zafarkhaja.semver.Version;
import io.visutility.bus.EventHandler;
import io.visutility.event.DetectionRaised;
import io.visutility.event.EventCodec;
import io.visutility.event.Lineage;
import io.visutility.event.PromotionDecided;
import io.visutility.event.VersionDeprecated;
import io.visutility.registry.JobState;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registration;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.registry.RetrainTrigger;
import io.visutility.tuning.Suggestion;
import io.visutility.tuning.Trial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SequencedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Turns detections, deprecations and manual requests into retrain jobs and runs them: the retrain
 * policy decides whether a detection asks for a retrain; the registry's job ledger deduplicates per
 * model and applies the cooldown; this class starts jobs that are due (queued, or failed/interrupted
 * with their retry time passed) up to a global limit, runs one attempt each — tuner ask, trainer,
 * register the new version with lineage, tuner tell — and then lets the promotion policy decide.
 * Every step is a journaled event.
 *
 * <p>Implementation notes. Time comes from the injected clock (retry times, cooldowns) and jobs run
 * on the injected executor; nothing here sleeps. Retries are started by {@link #dispatch()}, which
 * the owner calls when time passes (the orchestrator ticks it; tests call it after moving a manual
 * clock). {@code this} guards {@code running} and the decision to start a job; the job ledger's
 * own checks (a job starts only when queued or due) make a second start of the same attempt
 * impossible even across threads. After a crash, {@link #recover()} marks jobs the journal still
 * shows running as interrupted — or as succeeded when their version was registered before the crash.
 */
public final class Retrainer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Retrainer.class.getName());
    private static final ObjectMapper JSON = EventCodec.mapper();
    /** Per-attempt log limit: enough for a long training run's output, bounded so a chatty one cannot fill the disk. */
    public static final long LOG_LIMIT = 16L * 1024 * 1024;

    private final Registry registry;
    private final Path dataDir;
    private final Clock clock;
    private final Executor executor;
    private final int maxConcurrentJobs;
    private final Predicate<String> scope;
    /** Configurations set in this process; they override journaled ones. */
    private final ConcurrentHashMap<String, RetrainConfig> configs = new ConcurrentHashMap<>();
    /** Journaled configurations, parsed once per document. */
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();
    /** Threads running an attempt, by job id, so cancel can interrupt them. */
    private final ConcurrentHashMap<String, Thread> threads = new ConcurrentHashMap<>();
    /** Jobs started and not yet ended here. Guarded by this. */
    private final Set<String> running = new HashSet<>();
    private volatile boolean closed;

    /**
     * @param dataDir where job directories go ({@code jobs/<id>/attempt-<n>/})
     * @param executor runs attempts (one task per attempt; virtual threads in production)
     * @param maxConcurrentJobs attempts running at once, across all models
     */
    public Retrainer(Registry registry, Path dataDir, Clock clock, Executor executor, int maxConcurrentJobs) {
        this(registry, dataDir, clock, executor, maxConcurrentJobs, model -> true);
    }

    /**
     * @param scope the models this retrainer acts for: their detections and deprecations become
     *     requests and their due jobs are started; other models' jobs are left alone
     */
    public Retrainer(Registry registry, Path dataDir, Clock clock, Executor executor, int maxConcurrentJobs,
            Predicate<String> scope) {
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("expected at least 1 concurrent job but got " + maxConcurrentJobs);
        }
        this.registry = registry;
        this.dataDir = dataDir;
        this.clock = clock;
        this.executor = executor;
        this.maxConcurrentJobs = maxConcurrentJobs;
        this.scope = scope;
    }

    /**
     * Sets how a model is retrained in this process (any trainer, in-process ones included),
     * overriding the configuration journaled for it. Jobs of models without a configuration wait.
     */
    public void configure(String model, RetrainConfig config) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("expected a model name but got none");
        }
        configs.put(model, config);
    }

    /** How a model is retrained: set here through {@link #configure}, else journaled for it, else none. */
    public Optional<RetrainConfig> config(String model) {
        return Optional.ofNullable(configOf(model));
    }

    private RetrainConfig configOf(String model) {
        RetrainConfig own = configs.get(model);
        if (own != null) {
            return own;
        }
        JsonNode doc = registry.retrainConfig(model).orElse(null);
        if (doc == null) {
            return null;
        }
        Parsed cached = parsed.get(model);
        if (cached != null && cached.doc() == doc) {
            return cached.config();
        }
        try {
            RetrainConfig c = RetrainConfigJson.parse(doc);
            parsed.put(model, new Parsed(doc, c));
            return c;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "the journaled retrain config of model '" + model
                    + "' is not usable: " + e.getMessage());
            return null;
        }
    }

    /** A journaled configuration document and what it parsed to. */
    private record Parsed(JsonNode doc, RetrainConfig config) {}

    /** The handler to subscribe to the event bus: detections and deprecations become requests. */
    public EventHandler handler() {
        return journaled -> {
            switch (journaled.event()) {
                case DetectionRaised d -> onDetection(d);
                case VersionDeprecated d -> onDeprecation(d);
                default -> { }
            }
        };
    }

    /**
     * A person's request: not subject to the cooldown or detection criteria; merged into an active job.
     *
     * @throws RegistryException {@code not_found} for an unknown model
     */
    public RetrainRequestOutcome request(String model, String reason) {
        RetrainRequestOutcome outcome = registry.jobs().request(model, RetrainTrigger.MANUAL,
                reason == null || reason.isBlank() ? "manual request" : reason, null, null, policyOf(model).cooldown());
        afterRequest(outcome);
        return outcome;
    }

    /**
     * Applies the retrain policy to a journaled detection. Empty when the policy ignores it (a
     * warning, fewer than the required detections in the window, or a model without a configuration).
     */
    public Optional<RetrainRequestOutcome> onDetection(DetectionRaised d) {
        RetrainConfig config = scope.test(d.model()) ? configOf(d.model()) : null;
        if (config == null) {
            return Optional.empty();
        }
        RetrainPolicy policy = config.policy();
        if (!policy.onWarnings() && !"drift".equals(d.severity())) {
            return Optional.empty();
        }
        if (policy.detectionsRequired() > 1) {
            Instant since = d.detectedAt().minus(policy.detectionWindow());
            long counted = registry.detections(d.model(), since).stream()
                    .filter(r -> !r.detection().detectedAt().isAfter(d.detectedAt()))
                    .filter(r -> policy.onWarnings() || "drift".equals(r.detection().severity())).count();
            if (counted < policy.detectionsRequired()) {
                return Optional.empty();
            }
        }
        String detection = d.detector() + "/" + d.severity() + "@" + d.detectedAt();
        String reason = d.detector() + " " + d.severity() + " on " + d.model()
                + (d.version() == null ? "" : "@" + d.version()) + ": " + d.reason();
        RetrainRequestOutcome outcome = registry.jobs().request(d.model(), RetrainTrigger.DETECTION,
                clip(reason), d.evidence(), detection, policy.cooldown());
        afterRequest(outcome);
        return Optional.of(outcome);
    }

    /** A deprecated version asks for a retrain when the model's policy says so. */
    public Optional<RetrainRequestOutcome> onDeprecation(VersionDeprecated d) {
        RetrainConfig config = scope.test(d.model()) ? configOf(d.model()) : null;
        if (config == null || !config.policy().onDeprecation()) {
            return Optional.empty();
        }
        RetrainRequestOutcome outcome = registry.jobs().request(d.model(), RetrainTrigger.DEPRECATION,
                clip("version " + d.version() + " deprecated: " + d.reason()), null, null, config.policy().cooldown());
        afterRequest(outcome);
        return Optional.of(outcome);
    }

    private void afterRequest(RetrainRequestOutcome outcome) {
        LOG.log(System.Logger.Level.INFO, outcome.message());
        if (outcome.kind() == RetrainRequestOutcome.Kind.QUEUED) {
            dispatch();
        }
    }

    private RetrainPolicy policyOf(String model) {
        RetrainConfig c = configOf(model);
        return c == null ? RetrainPolicy.defaults() : c.policy();
    }

    /**
     * Ends what the journal shows running but no process runs (this process just opened the data
     * directory, which only one process may hold): as succeeded when the job's version was
     * registered before the stop, else as interrupted, retried per the model's policy. Returns them.
     */
    public List<RetrainJob> recover() {
        List<RetrainJob> out = new ArrayList<>();
        for (RetrainJob job : registry.jobs().active()) {
            if (job.state() != JobState.RUNNING) {
                continue;
            }
            synchronized (this) {
                if (running.contains(job.id())) {
                    continue;
                }
            }
            stopOrphan(job);
            Optional<ModelVersion> registered = registry.versions(job.model()).stream()
                    .filter(v -> job.id().equals(v.lineage().trainingJobId())).findFirst();
            RetrainJob ended;
            if (registered.isPresent()) {
                ModelVersion v = registered.get();
                ended = registry.jobs().finish(job.id(), job.attempts(), JobState.SUCCEEDED, null, v.version(),
                        JSON.valueToTree(v.metrics()), null);
                RetrainConfig config = configOf(job.model());
                if (config != null && registry.promotions().history(job.model()).stream()
                        .noneMatch(p -> v.version().equals(p.candidate()))) {
                    promote(config, ended, v);
                }
            } else {
                RetrainPolicy policy = policyOf(job.model());
                Instant retryAt = job.attempts() < policy.maxAttempts()
                        ? clock.instant().plus(policy.delayBefore(job.attempts() + 1)) : null;
                ended = registry.jobs().finish(job.id(), job.attempts(), JobState.INTERRUPTED,
                        "the orchestrator stopped while attempt " + job.attempts() + " ran"
                                + (retryAt == null ? "; no attempts left" : "; retrying at " + retryAt),
                        null, null, retryAt);
            }
            LOG.log(System.Logger.Level.WARNING, "retrain job " + job.id() + " of model '" + job.model() + "' was "
                    + "running when the orchestrator stopped: now " + ended.state().jsonName());
            out.add(ended);
        }
        return out;
    }

    /** Kills the training program a dead process left running for {@code job}'s last attempt, if any. */
    private void stopOrphan(RetrainJob job) {
        if (job.log() == null) {
            return;
        }
        Path log = dataDir.resolve(job.log()).normalize();
        if (!log.startsWith(dataDir)) {
            LOG.log(System.Logger.Level.WARNING, "retrain job " + job.id() + " names a log outside the data directory: "
                    + job.log());
            return;
        }
        TrainerProcess.killIfRunning(log.resolveSibling(TrainerProcess.FILE)).ifPresent(pid -> LOG.log(
                System.Logger.Level.WARNING, "stopped the training program (pid " + pid + ") that retrain job " + job.id()
                        + " left running when the orchestrator stopped"));
    }

    /**
     * Starts every job that is due, oldest first, while fewer than the limit run. Returns those started.
     */
    public List<RetrainJob> dispatch() {
        List<RetrainJob> started = new ArrayList<>();
        List<RetrainJob> active = registry.jobs().active();
        if (closed || active.isEmpty()) {
            return started; // the clock is not read when there is nothing to start (tests count its ticks)
        }
        Instant now = clock.instant();
        for (RetrainJob job : active) {
            if (!scope.test(job.model()) || !job.runnableAt(now)) {
                continue;
            }
            RetrainConfig config = configOf(job.model());
            if (config == null) {
                continue;
            }
            synchronized (this) {
                if (running.size() >= maxConcurrentJobs || running.contains(job.id())) {
                    continue;
                }
                running.add(job.id());
            }
            started.add(job);
            try {
                executor.execute(() -> runAttempt(job.id(), config));
            } catch (RuntimeException e) {
                synchronized (this) {
                    running.remove(job.id());
                }
                LOG.log(System.Logger.Level.ERROR, "cannot start retrain job " + job.id() + ": " + e);
            }
        }
        return started;
    }

    /** When the next waiting retry is due, if any: an owner may schedule {@link #dispatch()} for then. */
    public Optional<Instant> nextRetryAt() {
        return registry.jobs().active().stream()
                .filter(j -> j.state() != JobState.RUNNING && j.retryAt() != null)
                .map(RetrainJob::retryAt).min(Instant::compareTo);
    }

    /**
     * Cancels a job: a queued or waiting one at once; a running one is recorded cancelled and its
     * attempt interrupted (a training program's whole process tree is killed).
     *
     * @throws RegistryException {@code not_found} or {@code conflict} (it already ended)
     */
    public RetrainJob cancel(String jobId, String reason) {
        RetrainJob job = registry.jobs().cancel(jobId, reason == null ? "cancelled on request" : reason);
        Thread t = threads.get(jobId);
        if (t != null) {
            t.interrupt();
        }
        return job;
    }

    /** Jobs running in this process now. */
    public synchronized int runningCount() {
        return running.size();
    }

    private void runAttempt(String jobId, RetrainConfig config) {
        threads.put(jobId, Thread.currentThread());
        try {
            RetrainJob job = registry.jobs().get(jobId).orElseThrow();
            if (!closed && job.runnableAt(clock.instant())) {
                attempt(job, config);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "retrain job " + jobId + " failed unexpectedly", e);
        } finally {
            threads.remove(jobId);
            Thread.interrupted(); // a cancel that arrived after the attempt ended must not leak to the next task
            synchronized (this) {
                running.remove(jobId);
                notifyAll();
            }
        }
        dispatch();
    }

    private void attempt(RetrainJob job, RetrainConfig config) {
        String model = job.model();
        int attempt = job.attempts() + 1;
        Path dir = dataDir.resolve("jobs").resolve(job.id()).resolve("attempt-" + attempt);
        String log = dataDir.relativize(dir.resolve("train.log")).toString();
        ModelStudy study = null;
        Trial trial = null;
        if (config.space() != null) {
            try {
                study = ModelStudy.load(registry, model, config);
                Suggestion s = study.ask();
                if (s instanceof Suggestion.Exhausted e) {
                    // a schedule that cannot move is reported once, not retried
                    registry.jobs().start(job.id(), attempt, null, null, log);
                    registry.jobs().finish(job.id(), attempt, JobState.FAILED, clip("search space exhausted after "
                            + study.trialCount() + " trials: " + e.reason()), null, null, null);
                    return;
                }
                trial = ((Suggestion.Next) s).trial();
            } catch (IllegalStateException | IllegalArgumentException e) {
                registry.jobs().start(job.id(), attempt, null, null, log);
                registry.jobs().finish(job.id(), attempt, JobState.FAILED, clip("cannot tune: " + e.getMessage()),
                        null, null, null);
                return;
            }
        }
        SequencedMap<String, Object> params = trial == null ? new LinkedHashMap<>() : trial.params();
        try {
            registry.jobs().start(job.id(), attempt, trial == null ? null : trial.number(), JSON.valueToTree(params),
                    log);
        } catch (RegistryException e) {
            if (study != null) {
                study.fail(trial.number(), "the job could not start: " + e.getMessage());
            }
            LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + " did not start: " + e.getMessage());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + " of model '" + model + "': attempt " + attempt
                + " started with " + params);
        Optional<ModelVersion> parent = Optional.ofNullable(job.parentVersion())
                .flatMap(v -> registry.get(model, v));
        int trials = study == null ? 1 : config.policy().trialsPerJob();
        PromotionPolicy promotion = config.promotion();
        Path parentArtifact = null;
        Trained best = null;
        String lastFailure = null;
        int ran = 0;
        for (int k = 1; k <= trials; k++) {
            if (k > 1) {
                try {
                    Suggestion s = study.ask();
                    if (s instanceof Suggestion.Exhausted e) {
                        LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + ": search space exhausted after "
                                + (k - 1) + " of " + trials + " trials: " + e.reason());
                        break;
                    }
                    trial = ((Suggestion.Next) s).trial();
                } catch (IllegalStateException | IllegalArgumentException e) {
                    lastFailure = "cannot tune: " + e.getMessage();
                    break;
                }
                params = trial.params();
                LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + ": trial " + k + " of " + trials
                        + " (study trial #" + trial.number() + ") with " + params);
            }
            ran++;
            Path trialLog = trials == 1 ? dir.resolve("train.log") : dir.resolve("trial-" + k + ".log");
            TrainingResult result;
            try {
                Path output = Files.createDirectories(trials == 1 ? dir.resolve("output")
                        : dir.resolve("trial-" + k).resolve("output"));
                if (parentArtifact == null && parent.isPresent()) {
                    parentArtifact = copyParent(parent.get(), dir);
                }
                result = config.trainer().train(new TrainingContext(model, job.id(), attempt, params,
                        parent.map(ModelVersion::version), Optional.ofNullable(parentArtifact), output, trialLog,
                        LOG_LIMIT, config.policy().timeout(), job.detections().stream().findFirst()));
            } catch (InterruptedException e) {
                interrupted(job, attempt, study, trial);
                return;
            } catch (TrainingFailedException | IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted() || closed) {
                    interrupted(job, attempt, study, trial);
                    return;
                }
                String reason = e instanceof RuntimeException ? "trainer error: " + e : e.getMessage();
                if (trials == 1) {
                    failed(job, attempt, config, study, trial, reason);
                    return;
                }
                study.fail(trial.number(), clip(reason));
                lastFailure = "trial " + k + ": " + reason;
                appendTrialLog(dir.resolve("train.log"), trialLog, k, trials, trial, "failed: " + reason);
                continue;
            }
            Double objective = result.metrics().get(promotion.metric());
            if (study != null) {
                if (objective != null) {
                    study.tell(trial.number(), objective);
                } else {
                    study.fail(trial.number(), "the trainer reported no '" + promotion.metric() + "' metric");
                }
            }
            if (trials > 1) {
                appendTrialLog(dir.resolve("train.log"), trialLog, k, trials, trial,
                        promotion.metric() + " = " + objective);
            }
            if (best == null || better(promotion, objective, best.objective())) {
                best = new Trained(params, result, objective);
            }
        }
        if (best == null) {
            failed(job, attempt, config, null, null, ran <= 1 && lastFailure != null ? lastFailure
                    : "none of the " + ran + " trials succeeded" + (lastFailure == null ? "" : "; the last " + lastFailure));
            return;
        }
        Registration registration;
        try {
            registration = register(job, config, parent, best.params(), best.result());
        } catch (IOException | RuntimeException e) {
            failed(job, attempt, config, null, null, "cannot register the trained version: " + e.getMessage());
            return;
        }
        ModelVersion candidate = registry.get(model, registration.version().version()).orElseThrow();
        RetrainJob finished;
        try {
            finished = registry.jobs().finish(job.id(), attempt, JobState.SUCCEEDED, null, candidate.version(),
                    JSON.valueToTree(best.result().metrics()), null);
        } catch (RegistryException e) {
            LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + " ended elsewhere: " + e.getMessage());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + " registered " + model + "@" + candidate.version()
                + " with " + best.result().metrics() + (trials > 1 ? " (best of " + ran + " trials, " + best.params()
                        + ")" : ""));
        promote(config, finished, candidate);
    }

    /** A trial that trained: its parameters, what it produced, and its score (null when it reported none). */
    private record Trained(Map<String, Object> params, TrainingResult result, Double objective) {}

    /** Whether {@code value} beats {@code best} in the promotion direction; a missing score never does. */
    private static boolean better(PromotionPolicy promotion, Double value, Double best) {
        if (value == null) {
            return false;
        }
        if (best == null) {
            return true;
        }
        return promotion.direction() == io.visutility.tuning.Direction.MAXIMIZE ? value > best : value < best;
    }

    /**
     * Appends one trial's log to the attempt's log under a header, so the job's log tells every trial;
     * the attempt's log stays within {@link #LOG_LIMIT}.
     */
    private static void appendTrialLog(Path attemptLog, Path trialLog, int k, int trials, Trial trial, String outcome) {
        try (OutputStream out = Files.newOutputStream(attemptLog, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            long room = LOG_LIMIT - Files.size(attemptLog);
            byte[] header = ("=== trial " + k + " of " + trials + " (study trial #" + trial.number() + ", "
                    + trial.params() + "): " + outcome + " ===\n").getBytes(StandardCharsets.UTF_8);
            if (room < header.length) {
                return;
            }
            out.write(header);
            room -= header.length;
            if (Files.exists(trialLog)) {
                try (InputStream in = Files.newInputStream(trialLog)) {
                    byte[] body = in.readNBytes((int) Math.min(room, Integer.MAX_VALUE - 8));
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot append trial " + k + "'s log to " + attemptLog + ": " + e);
        }
    }

    private Path copyParent(ModelVersion parent, Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("parent")).resolve(parent.sha256());
        if (!Files.exists(target)) {
            try (InputStream in = registry.artifacts().open(parent.sha256())) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    private Registration register(RetrainJob job, RetrainConfig config, Optional<ModelVersion> parent,
            Map<String, Object> params, TrainingResult result) throws IOException {
        Version highest = registry.latest(job.model(), true).map(v -> Version.parse(v.version()))
                .orElse(Version.of(0, 0, 0));
        String version = config.policy().bump().next(highest).toString();
        Map<String, JsonNode> metrics = new LinkedHashMap<>();
        result.metrics().forEach((k, v) -> metrics.put(k, JSON.getNodeFactory().numberNode(v)));
        Map<String, JsonNode> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, JSON.valueToTree(v)));
        Lineage lineage = new Lineage(parent.map(ModelVersion::version).orElse(null), job.id(),
                clip(String.join("; ", job.reasons())), job.detections().isEmpty() ? null : job.detections().getFirst());
        return registry.register(NewVersion.of(job.model(), version, "0".repeat(64) /* replaced by the stored artifact's checksum */).withMetrics(metrics)
                .withParams(p).withLineage(lineage), result.artifact());
    }

    private void promote(RetrainConfig config, RetrainJob job, ModelVersion candidate) {
        PromotionPolicy policy = config.promotion();
        for (int tries = 0; tries < 3; tries++) {
            try {
                Optional<ModelVersion> champion = registry.alias(job.model(), policy.alias());
                PromotionPolicy.Verdict v = policy.judge(candidate, champion);
                PromotionDecided d = registry.promotions().decide(job.model(), policy.alias(), v.decision(),
                        candidate.version(), champion.map(ModelVersion::version).orElse(null), job.id(),
                        policy.metric(), v.candidateValue(), v.championValue(), clip(v.reason()));
                LOG.log(System.Logger.Level.INFO, "model '" + job.model() + "' " + candidate.version() + ": "
                        + d.decision() + " (" + d.reason() + ")");
                return;
            } catch (RegistryException e) {
                if (e.code() != RegistryException.Code.CONFLICT) {
                    LOG.log(System.Logger.Level.WARNING, "no promotion decision for " + job.model() + "@"
                            + candidate.version() + ": " + e.getMessage());
                    return;
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "'" + policy.alias() + "' of model '" + job.model()
                + "' kept moving; no decision recorded for " + candidate.version());
    }

    private void failed(RetrainJob job, int attempt, RetrainConfig config, ModelStudy study, Trial trial,
            String reason) {
        if (study != null && trial != null) {
            study.fail(trial.number(), clip(reason));
        }
        RetrainPolicy policy = config.policy();
        Instant retryAt = attempt < policy.maxAttempts() ? clock.instant().plus(policy.delayBefore(attempt + 1)) : null;
        try {
            registry.jobs().finish(job.id(), attempt, JobState.FAILED, clip(reason
                    + (retryAt == null ? " (attempt " + attempt + " of " + policy.maxAttempts() + "; giving up)"
                            : " (attempt " + attempt + " of " + policy.maxAttempts() + "; retrying at " + retryAt + ")")),
                    null, null, retryAt);
            LOG.log(System.Logger.Level.WARNING, "retrain job " + job.id() + " of model '" + job.model()
                    + "' failed: " + reason);
        } catch (RegistryException e) {
            LOG.log(System.Logger.Level.INFO, "retrain job " + job.id() + " ended elsewhere: " + e.getMessage());
        }
    }

    /** The attempt's thread was interrupted: the job was cancelled (already recorded), or the orchestrator is stopping. */
    private void interrupted(RetrainJob job, int attempt, ModelStudy study, Trial trial) {
        Thread.interrupted();
        RetrainJob now = registry.jobs().get(job.id()).orElseThrow();
        if (study != null) {
            study.fail(trial.number(), now.state() == JobState.CANCELLED ? "job cancelled" : "interrupted");
        }
        if (now.state() == JobState.RUNNING) {
            RetrainPolicy policy = policyOf(job.model());
            Instant retryAt = attempt < policy.maxAttempts() ? clock.instant().plus(policy.delayBefore(attempt + 1))
                    : null;
            registry.jobs().finish(job.id(), attempt, JobState.INTERRUPTED, "the orchestrator stopped while attempt "
                    + attempt + " ran", null, null, retryAt);
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    /**
     * Stops starting jobs and interrupts running attempts, waiting (up to {@link #CLOSE_WAIT_MS} ms) for
     * them to record themselves interrupted; they are retried after a restart.
     */
    @Override
    public void close() {
        closed = true;
        threads.values().forEach(Thread::interrupt);
        long deadline = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000L;
        synchronized (this) {
            while (!running.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    StringBuilder where = new StringBuilder();
                    threads.forEach((job, t) -> where.append("\n  job ").append(job).append(" on ").append(t)
                            .append(" at ").append(java.util.Arrays.toString(t.getStackTrace())));
                    LOG.log(System.Logger.Level.WARNING, running.size() + " retrain attempts did not stop within "
                            + CLOSE_WAIT_MS + " ms; they will be marked interrupted at the next start:" + where);
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How long {@link #close()} waits for running attempts to stop. */
    static final long CLOSE_WAIT_MS = 30_000;
}
