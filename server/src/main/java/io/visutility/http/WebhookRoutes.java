package io.visutility.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.RegistryException;
import io.visutility.webhooks.Webhooks;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /api/v1/webhooks}: add, list, inspect and remove webhook endpoints (admin). */
final class WebhookRoutes {
    private static final Pattern ID = Pattern.compile("wh_[0-9a-f]{12}");

    private final Webhooks webhooks;

    WebhookRoutes(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** {@code POST /api/v1/webhooks}. */
    record AddWebhook(String url, String secret, List<String> events, String description, Long after) {}

    void register(HttpRouting.Builder routing) {
        routing.post("/api/v1/webhooks", this::add)
                .get("/api/v1/webhooks", (req, res) -> {
                    ObjectNode o = Json.MAPPER.createObjectNode();
                    ArrayNode list = o.putArray("webhooks");
                    webhooks.list().forEach(s -> list.add(json(s)));
                    Json.send(res, 200, o);
                })
                .get("/api/v1/webhooks/{id}", (req, res) -> Json.send(res, 200, json(webhooks.get(id(req))
                        .orElseThrow(() -> notFound(id(req))))))
                .delete("/api/v1/webhooks/{id}", this::remove);
        MethodNotAllowed.register(routing, "/api/v1/webhooks", Method.GET, Method.POST);
        MethodNotAllowed.register(routing, "/api/v1/webhooks/{id}", Method.GET, Method.DELETE);
    }

    private void add(ServerRequest req, ServerResponse res) throws IOException {
        AddWebhook body = Json.read(req, AddWebhook.class);
        Webhooks.Created created = webhooks.add(body.url(), body.secret(), body.events(), body.description(),
                body.after());
        ObjectNode o = json(created.status());
        o.put("secret", created.secret());
        res.header(HeaderNames.LOCATION, "/api/v1/webhooks/" + created.status().endpoint().id());
        Json.send(res, 201, o);
    }

    private void remove(ServerRequest req, ServerResponse res) throws IOException {
        String id = id(req);
        if (!webhooks.remove(id)) {
            throw notFound(id);
        }
        res.status(204).send();
    }

    private static String id(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!ID.matcher(id).matches()) {
            throw RegistryException.invalid("expected a webhook id like wh_0123456789ab but got '"
                    + Texts.abbreviate(id) + "'");
        }
        return id;
    }

    private static RegistryException notFound(String id) {
        return new RegistryException(RegistryException.Code.NOT_FOUND, "no webhook endpoint " + id);
    }

    /** An endpoint and its delivery state; never its secret. */
    static ObjectNode json(Webhooks.Status s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", s.endpoint().id());
        o.put("url", s.endpoint().url().toString());
        ArrayNode events = o.putArray("events");
        s.endpoint().events().stream().sorted().forEach(events::add);
        o.put("description", s.endpoint().description());
        o.put("created_at", s.endpoint().createdAt().toString());
        ObjectNode d = o.putObject("delivery");
        d.put("delivered_through", s.deliveredThrough());
        d.put("pending", s.pending());
        d.put("delivered", s.delivered());
        d.put("consecutive_failures", s.consecutiveFailures());
        d.put("last_error", s.lastError());
        d.put("last_attempt_at", text(s.lastAttemptAt()));
        d.put("next_attempt_at", text(s.nextAttemptAt()));
        return o;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
