package io.visutility.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.zafarkhaja.semver.Version;
import io.helidon.common.uri.UriInfo;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.event.Lineage;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registration;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of MLflow's model-registry REST API ({@code /api/2.0/mlflow/}) that the MLflow clients use
 * to look models up and register versions, over our registry. An MLflow registered model is our
 * model; MLflow's version numbers are our versions in registration order ({@link Numbering}); stages
 * come from our aliases ({@link Stage}); a version's source is its content-addressed artifact
 * ({@link ArtifactSource}). Errors are MLflow's ({@link MlflowErrors}). docs/mlflow.md is the user's
 * guide to the mapping.
 */
public final class MlflowRoutes {
    static final String PREFIX = "/api/2.0/mlflow/";
    /** The read-only tag that shows a version's semantic version to MLflow clients. */
    static final String SEMANTIC_VERSION_TAG = "visutility.version";
    /** MLflow's largest page of {@code model-versions/search}, and its default. */
    static final int MAX_RESULTS_LIMIT = 200_000;
    static final int MAX_RESULTS_DEFAULT = 10_000;
    /** How often a version create re-picks its number when concurrent creates took the one it picked. */
    private static final int CREATE_ATTEMPTS = 16;

    private final Registry registry;

    public MlflowRoutes(Registry registry) {
        this.registry = registry;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get(PREFIX + "registered-models/get", MlflowErrors.guarded(this::getRegisteredModel))
                // the Java client sends GET with query parameters; MLflow's protocol also allows POST with a body
                .get(PREFIX + "registered-models/get-latest-versions", MlflowErrors.guarded(this::getLatestVersions))
                .post(PREFIX + "registered-models/get-latest-versions", MlflowErrors.guarded(this::postLatestVersions))
                .post(PREFIX + "registered-models/create", MlflowErrors.guarded(this::createRegisteredModel))
                .get(PREFIX + "model-versions/get", MlflowErrors.guarded(this::getModelVersion))
                .get(PREFIX + "model-versions/get-download-uri", MlflowErrors.guarded(this::getDownloadUri))
                .get(PREFIX + "model-versions/search", MlflowErrors.guarded(this::searchModelVersions))
                .post(PREFIX + "model-versions/create", MlflowErrors.guarded(this::createModelVersion))
                .any(PREFIX + "{+rest}", MlflowErrors.guarded((req, res) -> {
                    throw new MlflowException(ErrorCode.ENDPOINT_NOT_FOUND, "this server does not serve "
                            + req.prologue().method().text() + " " + Texts.cut(req.path().path())
                            + "; it serves the MLflow model-registry endpoints listed in docs/mlflow.md");
                }));
    }

    private void getRegisteredModel(ServerRequest req, ServerResponse res) {
        String name = required(req, "name");
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.set("registered_model", MlflowJson.registeredModel(requireModel(name), Numbering.of(registry, name), base(req)));
        MlflowJson.send(res, 200, o);
    }

    private void getLatestVersions(ServerRequest req, ServerResponse res) {
        latestVersions(req, res, required(req, "name"), req.query().all("stages", List::of));
    }

    private void postLatestVersions(ServerRequest req, ServerResponse res) throws IOException {
        ObjectNode body = MlflowJson.body(req);
        List<String> stages = new ArrayList<>();
        JsonNode s = body.path("stages");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.isArray()) {
                throw MlflowException.invalid("expected field 'stages' to be a list of stage names");
            }
            s.forEach(n -> stages.add(n.asText()));
        }
        latestVersions(req, res, requiredField(body, "name"), stages);
    }

    private void latestVersions(ServerRequest req, ServerResponse res, String name, List<String> stageNames) {
        List<Stage> stages = stageNames.stream().map(Stage::parse).toList();
        requireModel(name);
        List<NumberedVersion> latest = LatestVersions.of(Numbering.of(registry, name), stages);
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.set("model_versions", MlflowJson.modelVersions(latest, base(req)));
        MlflowJson.send(res, 200, o);
    }

    /**
     * Creates a model with no versions. Creating one that exists with the same description and tags
     * returns it (so a client's retry is harmless); other content under an existing name is
     * RESOURCE_ALREADY_EXISTS, as MLflow answers any existing name.
     */
    private void createRegisteredModel(ServerRequest req, ServerResponse res) throws IOException {
        ObjectNode body = MlflowJson.body(req);
        String name = requiredField(body, "name");
        ModelSummary model;
        try {
            model = registry.createModel(name, MlflowJson.text(body, "description"), MlflowJson.tags(body));
        } catch (RegistryException e) {
            if (e.code() == RegistryException.Code.CONFLICT) {
                throw new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, "Registered Model (name=" + name
                        + ") already exists: " + e.getMessage());
            }
            throw e;
        }
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.set("registered_model", MlflowJson.registeredModel(model, Numbering.of(registry, name), base(req)));
        MlflowJson.send(res, 200, o);
    }

    private void getModelVersion(ServerRequest req, ServerResponse res) {
        NumberedVersion v = requireVersion(req);
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.set("model_version", MlflowJson.modelVersion(v, base(req)));
        MlflowJson.send(res, 200, o);
    }

    private void getDownloadUri(ServerRequest req, ServerResponse res) {
        NumberedVersion v = requireVersion(req);
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.put("artifact_uri", ArtifactSource.uri(base(req), v.version().sha256()));
        MlflowJson.send(res, 200, o);
    }

    private void searchModelVersions(ServerRequest req, ServerResponse res) {
        String filterText = req.query().first("filter").orElse("").trim();
        VersionFilter filter = VersionFilter.parse(filterText);
        SearchOrder order = SearchOrder.parse(req.query().all("order_by", List::of));
        int maxResults = maxResults(req.query().first("max_results").orElse(null));
        String query = filterText + "\n" + order;
        Optional<SearchOrder.Key> after = req.query().first("page_token").asOptional().filter(t -> !t.isEmpty())
                .map(t -> PageToken.decode(t, query));

        List<NumberedVersion> rows = new ArrayList<>();
        // a name that is unknown, or not even a valid name, finds nothing, as in MLflow
        List<String> models = registry.models().stream().map(ModelSummary::name)
                .filter(m -> filter.model().isEmpty() || filter.model().get().equals(m)).toList();
        for (String model : models) {
            Numbering.of(registry, model).stream().filter(filter).forEach(rows::add);
        }
        rows.sort(order.versions());
        List<NumberedVersion> page = rows.stream()
                .filter(v -> after.isEmpty() || order.comparator().compare(SearchOrder.Key.of(v), after.get()) > 0)
                .limit(maxResults + 1L).toList();

        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        ArrayNode versions = MlflowJson.modelVersions(page.subList(0, Math.min(maxResults, page.size())), base(req));
        o.set("model_versions", versions);
        if (page.size() > maxResults) {
            o.put("next_page_token", PageToken.after(SearchOrder.Key.of(page.get(maxResults - 1)), query));
        }
        MlflowJson.send(res, 200, o);
    }

    /**
     * Registers {@code source} as the model's next version (the next patch after its highest version,
     * 1.0.0 for its first). Idempotent: when the model already has a version of the same artifact
     * from the same run (both absent counts as the same), that version is returned instead.
     */
    private void createModelVersion(ServerRequest req, ServerResponse res) throws IOException {
        ObjectNode body = MlflowJson.body(req);
        String name = requiredField(body, "name");
        requireModel(name);
        String sha = ArtifactSource.sha256(MlflowJson.text(body, "source"));
        if (registry.artifacts().find(sha).isEmpty()) {
            throw MlflowException.invalid("'source' names artifact " + sha + " but no artifact with that SHA-256"
                    + " is stored; upload it with PUT /api/v1/artifacts first");
        }
        String runId = MlflowJson.text(body, "run_id");
        Map<String, String> tags = MlflowJson.tags(body);
        if (tags.containsKey(SEMANTIC_VERSION_TAG)) {
            throw MlflowException.invalid("tag '" + SEMANTIC_VERSION_TAG + "' is set by the server (it shows the"
                    + " version's semantic version); leave it out");
        }
        Lineage lineage = new Lineage(null, runId, MlflowJson.text(body, "description"));
        NumberedVersion version = create(name, sha, runId, tags, lineage);
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.set("model_version", MlflowJson.modelVersion(version, base(req)));
        MlflowJson.send(res, 200, o);
    }

    private NumberedVersion create(String name, String sha, String runId, Map<String, String> tags, Lineage lineage) {
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            Optional<NumberedVersion> same = Numbering.of(registry, name).stream()
                    .filter(v -> v.version().sha256().equals(sha) && Objects.equals(v.runId(), runId)).findFirst();
            if (same.isPresent()) {
                return same.get();
            }
            String next = registry.latest(name, true)
                    .map(v -> Version.parse(v.version()).nextPatchVersion().toString()).orElse("1.0.0");
            try {
                Registration r = registry.register(NewVersion.of(name, next, sha).withTags(tags).withLineage(lineage));
                if (r.created()) {
                    return number(r.version());
                }
                // a concurrent create registered this number with the same artifact: look again
            } catch (RegistryException e) {
                if (e.code() != RegistryException.Code.CHECKSUM_CONFLICT) {
                    throw e;
                }
                // a concurrent create took this number with another artifact: pick the next one
            }
        }
        throw new MlflowException(ErrorCode.INVALID_STATE, "could not pick a version number for model '" + name
                + "' after " + CREATE_ATTEMPTS + " attempts; too many concurrent creates, try again");
    }

    private NumberedVersion number(ModelVersion v) {
        return Numbering.numbered(registry, v).orElseThrow(() -> new IllegalStateException(
                "version " + v.version() + " of model '" + v.model() + "' is missing right after it was registered"));
    }

    private ModelSummary requireModel(String name) {
        return registry.model(name).orElseThrow(() -> MlflowException.notFound("Registered Model with name="
                + name + " not found"));
    }

    private NumberedVersion requireVersion(ServerRequest req) {
        String name = required(req, "name");
        String number = required(req, "version");
        requireModel(name);
        return Numbering.find(registry, name, number);
    }

    private static int maxResults(String text) {
        if (text == null || text.isEmpty()) {
            return MAX_RESULTS_DEFAULT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_RESULTS_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with what was expected
        }
        throw MlflowException.invalid("expected max_results to be an integer from 1 to " + MAX_RESULTS_LIMIT
                + " but got '" + Texts.cut(text) + "'");
    }

    private static String required(ServerRequest req, String parameter) {
        return req.query().first(parameter).asOptional().filter(v -> !v.isEmpty()).orElseThrow(() ->
                MlflowException.invalid("expected query parameter '" + parameter + "' but it is missing"));
    }

    private static String requiredField(ObjectNode body, String field) {
        String v = MlflowJson.text(body, field);
        if (v == null || v.isEmpty()) {
            throw MlflowException.invalid("expected field '" + field + "' in the request body but it is missing");
        }
        return v;
    }

    /** This server's address as the client reached it, for the artifact URIs it hands out. */
    private static String base(ServerRequest req) {
        UriInfo uri = req.requestedUri();
        return uri.scheme() + "://" + uri.authority();
    }
}
