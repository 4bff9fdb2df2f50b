package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registration;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.util.List;

/** {@code /api/v1/models}: models, versions, aliases and deprecation, as the registry has them. */
final class ModelRoutes {
    private static final String MODEL = "/api/v1/models/{name}";

    private final Registry registry;

    ModelRoutes(Registry registry) {
        this.registry = registry;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/api/v1/models", (req, res) -> Json.send(res, 200, Representations.models(registry.models())))
                .get(MODEL, this::model)
                .get(MODEL + "/versions", this::versions)
                .post(MODEL + "/versions", this::registerVersion)
                .get(MODEL + "/versions/{version}", this::version)
                .post(MODEL + "/versions/{version}/deprecate", this::deprecate)
                .get(MODEL + "/aliases/{alias}", this::alias)
                .put(MODEL + "/aliases/{alias}", this::moveAlias);
        MethodNotAllowed.register(routing, "/api/v1/models", Method.GET);
        MethodNotAllowed.register(routing, MODEL, Method.GET);
        MethodNotAllowed.register(routing, MODEL + "/versions", Method.GET, Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/versions/{version}", Method.GET);
        MethodNotAllowed.register(routing, MODEL + "/versions/{version}/deprecate", Method.POST);
        MethodNotAllowed.register(routing, MODEL + "/aliases/{alias}", Method.GET, Method.PUT);
    }

    static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    private void model(ServerRequest req, ServerResponse res) {
        Json.send(res, 200, Representations.model(requireModel(registry, param(req, "name"))));
    }

    /**
     * The registered model {@code name}: a 400 problem when no model could have that name (too long,
     * a character outside the alphabet), a 404 when there is none.
     */
    static ModelSummary requireModel(Registry registry, String name) {
        return registry.model(name).orElseThrow(() -> unknownModel(name)); // model() refuses a malformed name
    }

    private void versions(ServerRequest req, ServerResponse res) {
        // empty for a model created on its own; registry.versions refuses an unknown model with a 404
        List<ModelVersion> versions = registry.versions(param(req, "name"));
        Json.send(res, 200, Representations.versions(versions));
    }

    private void registerVersion(ServerRequest req, ServerResponse res) throws IOException {
        String name = param(req, "name");
        RequestBodies.Register body = Json.read(req, RequestBodies.Register.class);
        Registration r = registry.register(body.toNewVersion(name));
        if (r.created()) {
            res.header(HeaderNames.LOCATION, "/api/v1/models/" + name + "/versions/" + r.version().version());
        }
        Json.send(res, r.created() ? 201 : 200, Representations.version(r.version()));
    }

    private void version(ServerRequest req, ServerResponse res) {
        String name = param(req, "name");
        String version = param(req, "version");
        ModelVersion v = registry.get(name, version).orElseThrow(() -> new RegistryException(
                RegistryException.Code.NOT_FOUND, "model '" + name + "' has no version " + version));
        Json.send(res, 200, Representations.version(v));
    }

    private void deprecate(ServerRequest req, ServerResponse res) throws IOException {
        RequestBodies.Deprecate body = Json.read(req, RequestBodies.Deprecate.class);
        ModelVersion v = registry.deprecate(param(req, "name"), param(req, "version"), body.reason());
        Json.send(res, 200, Representations.version(v));
    }

    private void alias(ServerRequest req, ServerResponse res) {
        String name = param(req, "name");
        String alias = Registry.checkAlias(param(req, "alias"));
        ModelVersion v = registry.alias(name, alias).orElseThrow(() -> new RegistryException(
                RegistryException.Code.NOT_FOUND, "model '" + name + "' has no alias '" + alias + "'"));
        Json.send(res, 200, Representations.version(v));
    }

    private void moveAlias(ServerRequest req, ServerResponse res) throws IOException {
        String alias = Registry.checkAlias(param(req, "alias"));
        RequestBodies.MoveAlias body = Json.read(req, RequestBodies.MoveAlias.class);
        ModelVersion v = registry.promote(param(req, "name"), body.requiredVersion(), alias);
        Json.send(res, 200, Representations.version(v));
    }

    private static RegistryException unknownModel(String name) {
        return new RegistryException(RegistryException.Code.NOT_FOUND,
                "no model named '" + Texts.abbreviate(name) + "' is registered");
    }
}
