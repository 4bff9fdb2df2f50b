package io.visutility.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.Orchestrator;
import io.visutility.monitor.MonitorPolicy;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A model's monitor policy and the detections its detectors raised. */
final class MonitorRoutes {
    private static final String MODEL = "/api/v1/models/{name}";

    private final Orchestrator orchestrator;

    MonitorRoutes(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    void register(HttpRouting.Builder routing) {
        routing.get(MODEL + "/monitor-policy", this::policy)
                .put(MODEL + "/monitor-policy", this::setPolicy)
                .get(MODEL + "/detections", this::detections);
        MethodNotAllowed.register(routing, MODEL + "/monitor-policy", Method.GET, Method.PUT);
        MethodNotAllowed.register(routing, MODEL + "/detections", Method.GET);
    }

    private void policy(ServerRequest req, ServerResponse res) {
        String name = ModelRoutes.requireModel(orchestrator.registry(), ModelRoutes.param(req, "name")).name();
        boolean own = orchestrator.registry().monitorPolicy(name).isPresent();
        Json.send(res, 200, policy(name, orchestrator.monitorPolicy(name), !own));
    }

    private void setPolicy(ServerRequest req, ServerResponse res) throws IOException {
        String name = ModelRoutes.requireModel(orchestrator.registry(), ModelRoutes.param(req, "name")).name();
        JsonNode body = Json.read(req, JsonNode.class);
        if (!body.isObject()) {
            throw RequestBodies.invalid("expected a monitor policy object as the request body but got "
                    + Json.describe(body));
        }
        MonitorPolicy policy;
        try {
            policy = MonitorPolicy.parse(body.toString());
        } catch (IllegalArgumentException e) {
            // the parser's own checks say what is wrong; Jackson's messages name our classes instead
            throw RequestBodies.invalid(e.getCause() instanceof JsonProcessingException jp
                    && !(jp.getCause() instanceof IllegalArgumentException)
                            ? "invalid monitor policy: " + Problems.describeWithoutLocation(jp) : e.getMessage());
        }
        Json.requireSameTypes("monitor policy", body, tree(policy));
        Json.send(res, 200, policy(name, orchestrator.setMonitorPolicy(name, policy), false));
    }

    private static ObjectNode policy(String model, MonitorPolicy policy, boolean isDefault) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", model);
        o.put("default", isDefault);
        o.set("policy", tree(policy));
        return o;
    }

    private static JsonNode tree(MonitorPolicy policy) {
        try {
            return Json.MAPPER.readTree(policy.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back a monitor policy", e);
        }
    }

    private void detections(ServerRequest req, ServerResponse res) {
        String name = ModelRoutes.requireModel(orchestrator.registry(), ModelRoutes.param(req, "name")).name();
        Instant since = req.query().first("since").map(MonitorRoutes::instant).orElse(null);
        Json.send(res, 200, Representations.detections(orchestrator.registry().detections(name, since)));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw RequestBodies.invalid("expected 'since' to be an ISO-8601 instant like 2026-03-01T08:00:00Z but got '"
                    + Texts.abbreviate(text) + "'");
        }
    }
}
