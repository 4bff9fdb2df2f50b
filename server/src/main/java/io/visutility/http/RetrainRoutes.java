package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.Orchestrator;
import io.visutility.event.StudyRecorded;
import io.visutility.registry.Promotions;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import io.visutility.retrain.RetrainConfig;
import io.visutility.retrain.RetrainConfigJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Retraining: a model's retrain configuration, retrain requests, jobs and their logs, promotion
 * decisions, and tuner studies.
 */
final class RetrainRoutes {
    private static final String MODEL = "/api/v1/models/{name}";
    private static final String JOB = "/api/v1/jobs/{id}";

    private final Orchestrator orchestrator;
    private final Registry registry;

    RetrainRoutes(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
        this.registry = orchestrator.registry();
    }

    void register(HttpRouting.Builder routing) {
        routing.get(MODEL + "/retrain-config", this::config)
                .put(MODEL + "/retrain-config", this::setConfig)
                .post(MODEL + "/retrain", this::retrain)
                .get("/api/v1/jobs", this::jobs)
                .get(JOB, this::job)
                .get(JOB + "/log", this::log)
                .post(JOB + "/cancel", this::cancel)
                .get(MODEL + "/promotions", this::promotions)
                .post(MODEL + "/versions/{version}/approve", (req, res) -> decide(req, res, true))
                .post(MODEL + "/versions/{version}/reject", (req, res) -> decide(req, res, false))
                .post(MODEL + "/aliases/{alias}/rollback", this::rollback)
                .get(MODEL + "/studies/{study}", this::study);
        MethodNotAllowed.register(routing, MODEL + "/retrain-config", Method.GET, Method.PUT);
        MethodNotAllowed.register(routing, MODEL + "/retrain", Method.POST);
        MethodNotAllowed.register(routing, "/api/v1/jobs", Method.GET);
        MethodNotAllowed.register(routing, JOB, Method.GET);
        MethodNotAllowed.register(routing, JOB + "/log", Method.GET);
        MethodNotAllowed.register(routing, JOB + "/cancel", Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/promotions", Method.GET);
        MethodNotAllowed.register(routing, MODEL + "/versions/{version}/approve", Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/versions/{version}/reject", Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/aliases/{alias}/rollback", Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/studies/{study}", Method.GET);
    }

    private String model(ServerRequest req) {
        return ModelRoutes.requireModel(registry, ModelRoutes.param(req, "name")).name();
    }

    private void config(ServerRequest req, ServerResponse res) {
        String name = model(req);
        JsonNode config = registry.retrainConfig(name).orElseThrow(() -> notFound(
                "model '" + name + "' has no retrain configuration"));
        Json.send(res, 200, config);
    }

    private void setConfig(ServerRequest req, ServerResponse res) throws IOException {
        String name = model(req);
        JsonNode body = Json.read(req, JsonNode.class);
        RetrainConfig config;
        try {
            config = RetrainConfigJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw RequestBodies.invalid(e.getMessage());
        }
        orchestrator.setRetrainConfig(name, config);
        Json.send(res, 200, RetrainConfigJson.toJson(config));
    }

    private void retrain(ServerRequest req, ServerResponse res) throws IOException {
        String name = model(req);
        RequestBodies.Reason body = Json.read(req, RequestBodies.Reason.class);
        Json.send(res, 202, Representations.outcome(orchestrator.retrainer().request(name, body.reason())));
    }

    private void jobs(ServerRequest req, ServerResponse res) {
        String model = req.query().first("model").map(m -> ModelRoutes.requireModel(registry, m).name()).orElse(null);
        Json.send(res, 200, Representations.jobs(registry.jobs().list(model)));
    }

    private RetrainJob existingJob(ServerRequest req) {
        String id = ModelRoutes.param(req, "id");
        return registry.jobs().get(id).orElseThrow(() -> notFound(
                "no retrain job with id '" + Texts.abbreviate(id) + "'"));
    }

    private void job(ServerRequest req, ServerResponse res) {
        Json.send(res, 200, Representations.job(existingJob(req)));
    }

    private void cancel(ServerRequest req, ServerResponse res) throws IOException {
        RetrainJob job = existingJob(req);
        RequestBodies.Reason body = Json.read(req, RequestBodies.Reason.class);
        Json.send(res, 200, Representations.job(orchestrator.retrainer().cancel(job.id(), body.reason())));
    }

    /**
     * Streams an attempt's {@code train.log}. The job record names the last attempt's log relative to
     * the data directory ({@code jobs/<id>/attempt-<n>/train.log}); earlier attempts sit beside it. The
     * resolved path must stay inside the data directory, even through symbolic links.
     */
    private void log(ServerRequest req, ServerResponse res) throws IOException {
        RetrainJob job = existingJob(req);
        int attempt = req.query().first("attempt").map(a -> attempt(a, job)).orElse(job.attempts());
        if (job.log() == null || attempt == 0) {
            throw notFound("retrain job " + job.id() + " has not started an attempt yet");
        }
        Path data = orchestrator.dataDir().toAbsolutePath().normalize();
        Path last = data.resolve(job.log()).normalize();
        Path file = last.getParent() == null || last.getParent().getParent() == null ? null
                : last.getParent().getParent().resolve("attempt-" + attempt).resolve(last.getFileName()).normalize();
        if (file == null || !file.startsWith(data)) {
            throw notFound("retrain job " + job.id() + " has no log for attempt " + attempt);
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (!file.toRealPath().startsWith(data.toRealPath())) {
                throw notFound("retrain job " + job.id() + " has no log for attempt " + attempt);
            }
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            try (OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (NoSuchFileException e) {
            throw notFound("retrain job " + job.id() + " has no log for attempt " + attempt);
        }
    }

    private static int attempt(String text, RetrainJob job) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || !text.equals(Integer.toString(n))) {
            throw RequestBodies.invalid("expected 'attempt' to be a whole number from 1 but got '"
                    + Texts.abbreviate(text) + "'");
        }
        if (n > job.attempts()) {
            throw notFound("retrain job " + job.id() + " has made " + job.attempts()
                    + " attempt(s), not " + n);
        }
        return n;
    }

    private void promotions(ServerRequest req, ServerResponse res) {
        String name = model(req);
        Promotions p = registry.promotions();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", name);
        o.set("decisions", Representations.decisions(p.history(name)));
        o.set("pending", Representations.decisions(p.pending(name)));
        Json.send(res, 200, o);
    }

    private void decide(ServerRequest req, ServerResponse res, boolean approve) throws IOException {
        String name = model(req);
        String version = ModelRoutes.param(req, "version");
        registry.get(name, version).orElseThrow(() -> notFound("model '" + name + "' has no version "
                + Texts.abbreviate(version)));
        RequestBodies.Decision body = Json.read(req, RequestBodies.Decision.class);
        Promotions p = registry.promotions();
        Json.send(res, 200, Representations.decision(approve ? p.approve(name, version, body.alias(), body.note())
                : p.reject(name, version, body.alias(), body.note())));
    }

    private void rollback(ServerRequest req, ServerResponse res) throws IOException {
        String name = model(req);
        String alias = Registry.checkAlias(ModelRoutes.param(req, "alias"));
        RequestBodies.Reason body = Json.read(req, RequestBodies.Reason.class);
        Json.send(res, 200, Representations.decision(registry.promotions().rollback(name, alias, body.reason())));
    }

    private void study(ServerRequest req, ServerResponse res) {
        String name = model(req);
        String study = ModelRoutes.param(req, "study");
        List<StudyRecorded> steps = registry.studies().steps(name, study);
        if (steps.isEmpty()) {
            throw notFound("model '" + name + "' has no study '" + Texts.abbreviate(study) + "'");
        }
        Json.send(res, 200, Representations.studySteps(steps));
    }

    private static RegistryException notFound(String message) {
        return new RegistryException(RegistryException.Code.NOT_FOUND, message);
    }
}
