package io.visutility.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.Api;
import io.visutility.http.ApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/**
 * The MLflow model-registry subset end to end: a real server over a fresh data directory, driven by
 * MLflow's own Java client (which only retries on 429, which this API never answers, so nothing here
 * waits) and by raw HTTP where the exact answer matters.
 */
class MlflowApiTest {
    private static final String MLFLOW = "/api/2.0/mlflow/";

    @TempDir
    Path data;

    private Orchestrator orchestrator;
    private ApiServer server;
    private MlflowClient client;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Api http;
    private String base;

    @BeforeEach
    void start() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        base = "http://127.0.0.1:" + server.port();
        client = new MlflowClient(base);
        http = new Api(base);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        orchestrator.close();
    }

    private void restart() throws IOException {
        stop();
        start();
    }

    private String upload(String content) {
        Api.Answer a = http.put("/api/v1/artifacts", content.getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("sha256").asText();
    }

    private JsonNode post(String path, String json) {
        return parse(client.sendPost(path, json));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private JsonNode createModel(String name) {
        return post("registered-models/create", "{\"name\":\"" + name + "\"}").get("registered_model");
    }

    private JsonNode createVersion(String name, String source, String runId) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("source", source);
        if (runId != null) {
            body.put("run_id", runId);
        }
        return post("model-versions/create", body.toString()).get("model_version");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> tags(ModelVersion v) {
        Map<String, String> out = new TreeMap<>();
        v.getTagsList().forEach(t -> out.put(t.getKey(), t.getValue()));
        return out;
    }

    private static void assertMlflowError(MlflowClientException e, int status, String code) {
        assertThat(e).isInstanceOf(MlflowHttpException.class);
        MlflowHttpException h = (MlflowHttpException) e;
        assertThat(h.getStatusCode()).as(h.getBodyMessage()).isEqualTo(status);
        assertThat(parse(h.getBodyMessage()).get("error_code").asText()).isEqualTo(code);
        assertThat(parse(h.getBodyMessage()).get("message").asText()).isNotBlank();
    }

    private static void assertRawError(Api.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.errorCode()).as(a.toString()).isEqualTo(code);
        assertThat(a.json().get("message").asText()).isNotBlank();
    }

    @Test
    void createsARegisteredModelWithNoVersionsAndReadsItBack() {
        JsonNode created = post("registered-models/create", "{\"name\":\"detector\",\"description\":\"finds cars\","
                + "\"tags\":[{\"key\":\"team\",\"value\":\"vision\"}]}").get("registered_model");
        assertThat(created.get("name").asText()).isEqualTo("detector");

        RegisteredModel m = client.getRegisteredModel("detector");

        assertThat(m.getName()).isEqualTo("detector");
        assertThat(m.getDescription()).isEqualTo("finds cars");
        assertThat(m.getTagsList()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("team");
            assertThat(t.getValue()).isEqualTo("vision");
        });
        assertThat(m.getLatestVersionsList()).isEmpty();
        assertThat(m.getCreationTimestamp()).isEqualTo(created.get("creation_timestamp").asLong()).isPositive();
        assertThat(client.getLatestVersions("detector")).isEmpty();
        // our own API lists it with zero versions
        Api.Answer models = http.get("/api/v1/models");
        assertThat(models.json()).singleElement().satisfies(j -> {
            assertThat(j.get("name").asText()).isEqualTo("detector");
            assertThat(j.get("versions").asInt()).isZero();
            assertThat(j.get("latest_version").isNull()).isTrue();
        });
        assertThat(http.get("/api/v1/models/detector/versions").json()).isEmpty();
    }

    @Test
    void repeatingARegisteredModelCreateReturnsTheSameModelAndOtherContentIsAlreadyExists() {
        String body = "{\"name\":\"detector\",\"description\":\"finds cars\"}";
        JsonNode first = post("registered-models/create", body);
        long position = orchestrator.registry().store().committedPosition();

        JsonNode again = post("registered-models/create", body);

        assertThat(again).isEqualTo(first);
        assertThat(orchestrator.registry().store().committedPosition()).as("nothing written on retry").isEqualTo(position);
        assertThatThrownBy(() -> client.sendPost("registered-models/create",
                "{\"name\":\"detector\",\"description\":\"finds buses\"}"))
                .isInstanceOfSatisfying(MlflowClientException.class,
                        e -> assertMlflowError(e, 400, "RESOURCE_ALREADY_EXISTS"));
    }

    @Test
    void createsVersionsNumberedInRegistrationOrderAndReadsThemBack() {
        createModel("detector");
        String a = upload("weights a");
        String b = upload("weights b");
        String c = upload("weights c");

        JsonNode v1 = createVersion("detector", "sha256:" + a, "run-1");
        JsonNode v2 = createVersion("detector", base + "/api/v1/artifacts/" + b, "run-2");
        JsonNode v3 = post("model-versions/create", "{\"name\":\"detector\",\"source\":\"sha256:" + c + "\","
                + "\"description\":\"retrained on night images\",\"tags\":[{\"key\":\"camera\",\"value\":\"north\"}]}")
                .get("model_version");

        assertThat(List.of(v1, v2, v3)).extracting(v -> v.get("version").asText()).containsExactly("1", "2", "3");
        ModelVersion got = client.getModelVersion("detector", "2");
        assertThat(got.getName()).isEqualTo("detector");
        assertThat(got.getVersion()).isEqualTo("2");
        assertThat(got.getSource()).isEqualTo(base + "/api/v1/artifacts/" + b);
        assertThat(got.getRunId()).isEqualTo("run-2");
        assertThat(got.getCurrentStage()).isEqualTo("None");
        assertThat(got.getStatus()).isEqualTo(ModelVersionStatus.READY);
        assertThat(got.getCreationTimestamp()).isEqualTo(
                orchestrator.registry().get("detector", "1.0.1").orElseThrow().createdAt().toEpochMilli());
        assertThat(tags(got)).containsEntry("visutility.version", "1.0.1");
        ModelVersion third = client.getModelVersion("detector", "3");
        assertThat(third.getDescription()).isEqualTo("retrained on night images");
        assertThat(third.getRunId()).isEmpty();
        assertThat(tags(third)).isEqualTo(Map.of("camera", "north", "visutility.version", "1.0.2"));
        // in our registry: the next patch after the latest each time, with the run as the training job
        assertThat(orchestrator.registry().versions("detector")).extracting(v -> v.version())
                .containsExactly("1.0.0", "1.0.1", "1.0.2");
        assertThat(orchestrator.registry().get("detector", "1.0.0").orElseThrow().lineage().trainingJobId())
                .isEqualTo("run-1");
        assertThat(client.getRegisteredModel("detector").getLatestVersionsList()).extracting(ModelVersion::getVersion)
                .containsExactly("3");
    }

    @Test
    void repeatingAVersionCreateReturnsTheExistingVersion() {
        createModel("detector");
        String a = upload("weights a");
        JsonNode first = createVersion("detector", "sha256:" + a, "run-1");

        JsonNode again = createVersion("detector", "sha256:" + a, "run-1");
        JsonNode viaUrl = createVersion("detector", first.get("source").asText(), "run-1");

        assertThat(again).isEqualTo(first);
        assertThat(viaUrl).isEqualTo(first);
        assertThat(orchestrator.registry().versions("detector")).hasSize(1);
        // the same artifact from another run is another version
        assertThat(createVersion("detector", "sha256:" + a, "run-2").get("version").asText()).isEqualTo("2");
        assertThat(createVersion("detector", "sha256:" + a, null).get("version").asText()).isEqualTo("3");
        assertThat(createVersion("detector", "sha256:" + a, null).get("version").asText()).isEqualTo("3");
        assertThat(orchestrator.registry().versions("detector")).hasSize(3);
    }

    @Test
    void concurrentCreatesGetDistinctNumbersAndConcurrentRetriesOneVersion() throws Exception {
        createModel("detector");
        int n = 8;
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shas.add(upload("weights " + i));
        }
        String same = upload("the same weights");
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> distinct = new ArrayList<>();
        List<java.util.concurrent.Future<String>> retried = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String sha = shas.get(i);
                distinct.add(pool.submit(() -> {
                    go.await();
                    return createVersion("detector", "sha256:" + sha, null).get("version").asText();
                }));
                retried.add(pool.submit(() -> {
                    go.await();
                    return createVersion("detector", "sha256:" + same, "run-7").get("version").asText();
                }));
            }
            go.countDown();
            List<String> numbers = new ArrayList<>();
            for (var f : distinct) {
                numbers.add(f.get());
            }
            List<String> retriedNumbers = new ArrayList<>();
            for (var f : retried) {
                retriedNumbers.add(f.get());
            }
            assertThat(numbers).doesNotHaveDuplicates().hasSize(n).doesNotContain(retriedNumbers.get(0));
            assertThat(retriedNumbers).containsOnly(retriedNumbers.get(0));
        }
        assertThat(orchestrator.registry().versions("detector")).hasSize(n + 1);
    }

    @Test
    void stagesComeFromAliasesAndDeprecation() {
        createModel("detector");
        for (int i = 1; i <= 5; i++) {
            createVersion("detector", "sha256:" + upload("weights " + i), null);
        }
        var registry = orchestrator.registry();
        registry.promote("detector", "1.0.1", "production");
        registry.promote("detector", "1.0.2", "staging");
        registry.promote("detector", "1.0.3", "staging"); // moves staging on: 1.0.2 is back in None
        registry.deprecate("detector", "1.0.0", "leaks memory");

        assertThat(client.getLatestVersions("detector")).extracting(ModelVersion::getVersion, ModelVersion::getCurrentStage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "Archived"),
                        org.assertj.core.groups.Tuple.tuple("2", "Production"),
                        org.assertj.core.groups.Tuple.tuple("4", "Staging"),
                        org.assertj.core.groups.Tuple.tuple("5", "None"));
        assertThat(client.getLatestVersions("detector", List.of("Production"))).extracting(ModelVersion::getVersion)
                .containsExactly("2");
        assertThat(client.getLatestVersions("detector", List.of("staging", "ARCHIVED")))
                .extracting(ModelVersion::getVersion).containsExactly("1", "4");
        assertThat(client.getModelVersion("detector", "3").getCurrentStage()).isEqualTo("None");
        assertThat(client.getModelVersion("detector", "2").getAliasesList()).containsExactly("production");
        Api.Answer posted = http.post(MLFLOW + "registered-models/get-latest-versions",
                "{\"name\":\"detector\",\"stages\":[\"Production\"]}");
        assertThat(posted.json().get("model_versions")).singleElement()
                .satisfies(v -> assertThat(v.get("version").asText()).isEqualTo("2"));
        assertThatThrownBy(() -> client.getLatestVersions("detector", List.of("Prod")))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 400, "INVALID_PARAMETER_VALUE"));
    }

    @Test
    void theDownloadUriServesTheArtifact() {
        createModel("detector");
        String sha = upload("the weights themselves");
        createVersion("detector", "sha256:" + sha, "run-1");

        String uri = client.getModelVersionDownloadUri("detector", "1");

        assertThat(uri).isEqualTo(base + "/api/v1/artifacts/" + sha);
        Api.Answer download = http.getUri(uri);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.text()).isEqualTo("the weights themselves");
    }

    @Test
    void searchPagesThroughEveryVersionExactlyOnceInOrder() {
        createModel("detector");
        createModel("segmenter");
        for (int i = 1; i <= 5; i++) {
            createVersion("detector", "sha256:" + upload("detector " + i), "run-" + i);
        }
        createVersion("segmenter", "sha256:" + upload("segmenter 1"), "run-1");

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Page<ModelVersion> page = client.searchModelVersions("name='detector'", 2, List.of());
        while (true) {
            List<ModelVersion> items = new ArrayList<>();
            page.getItems().forEach(items::add);
            pageSizes.add(items.size());
            items.forEach(v -> seen.add(v.getName() + "/" + v.getVersion()));
            if (!page.hasNextPage()) {
                break;
            }
            page = page.getNextPage();
        }

        assertThat(seen).as("default order: name, then newest version first")
                .containsExactly("detector/5", "detector/4", "detector/3", "detector/2", "detector/1");
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(all(client.searchModelVersions("", 4, List.of("version_number ASC"))))
                .containsExactly("detector/1", "segmenter/1", "detector/2", "detector/3",
                        "detector/4", "detector/5");
    }

    private static List<String> all(Page<ModelVersion> first) {
        List<String> out = new ArrayList<>();
        Page<ModelVersion> page = first;
        while (true) {
            page.getItems().forEach(v -> out.add(v.getName() + "/" + v.getVersion()));
            if (!page.hasNextPage()) {
                return out;
            }
            page = page.getNextPage();
        }
    }

    @Test
    void aVersionRegisteredBetweenPagesNeitherRepeatsNorSkipsOne() {
        createModel("detector");
        for (int i = 1; i <= 4; i++) {
            createVersion("detector", "sha256:" + upload("weights " + i), null);
        }
        Page<ModelVersion> first = client.searchModelVersions("name = 'detector'", 2, List.of("version_number ASC"));
        createVersion("detector", "sha256:" + upload("weights 5"), null);

        List<String> rest = all(first.getNextPage());

        assertThat(first.getItems()).extracting(ModelVersion::getVersion).containsExactly("1", "2");
        assertThat(rest).containsExactly("detector/3", "detector/4", "detector/5");
    }

    @Test
    void searchFiltersByNamePatternRunAndTag() {
        createModel("detector-day");
        createModel("detector-night");
        createModel("segmenter");
        String a = upload("a");
        createVersion("detector-day", "sha256:" + a, "run-1");
        createVersion("detector-night", "sha256:" + upload("b"), "run-2");
        createVersion("segmenter", "sha256:" + upload("c"), "run-3");
        post("model-versions/create", "{\"name\":\"segmenter\",\"source\":\"sha256:" + a + "\","
                + "\"tags\":[{\"key\":\"camera\",\"value\":\"north gate\"}]}");

        assertThat(all(client.searchModelVersions("name LIKE 'detector-%'", 10, List.of())))
                .containsExactly("detector-day/1", "detector-night/1");
        assertThat(all(client.searchModelVersions("name ILIKE 'DETECTOR-N%'"))).containsExactly("detector-night/1");
        assertThat(all(client.searchModelVersions("run_id IN ('run-1', 'run-3')"))).containsExactly("detector-day/1",
                "segmenter/1");
        assertThat(all(client.searchModelVersions("tags.camera = 'north gate' AND name = 'segmenter'")))
                .containsExactly("segmenter/2");
        assertThat(all(client.searchModelVersions("source_path = 'sha256:" + a + "'")))
                .containsExactly("detector-day/1", "segmenter/2");
        assertThat(all(client.searchModelVersions("name = 'nobody'"))).isEmpty();
        assertThat(all(client.searchModelVersions("name = 'not a valid name'"))).isEmpty();
        assertThat(all(client.searchModelVersions("name = 'segmenter' AND name = 'detector-day'"))).isEmpty();
    }

    @Test
    void anUnknownModelIsResourceDoesNotExist() {
        assertThatThrownBy(() -> client.getRegisteredModel("nobody"))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 404, "RESOURCE_DOES_NOT_EXIST"));
        assertThatThrownBy(() -> client.getLatestVersions("nobody"))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 404, "RESOURCE_DOES_NOT_EXIST"));
        assertRawError(http.get(MLFLOW + "registered-models/get?name=nobody"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertRawError(http.get(MLFLOW + "model-versions/get?name=nobody&version=1"), 404, "RESOURCE_DOES_NOT_EXIST");
        createModel("detector");
        assertThatThrownBy(() -> client.getModelVersion("detector", "1"))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 404, "RESOURCE_DOES_NOT_EXIST"));
        assertRawError(http.post(MLFLOW + "model-versions/create", "{\"name\":\"nobody\",\"source\":\"sha256:"
                + upload("x") + "\"}"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertRawError(http.get(MLFLOW + "experiments/get?experiment_id=1"), 404, "ENDPOINT_NOT_FOUND");
    }

    @Test
    void badInputIsInvalidParameterValueAndChangesNothing() {
        createModel("detector");
        String sha = upload("weights");
        createVersion("detector", "sha256:" + sha, null);
        createVersion("detector", "sha256:" + upload("more weights"), null);
        createVersion("detector", "sha256:" + upload("even more weights"), null);
        long position = orchestrator.registry().store().committedPosition();

        assertThatThrownBy(() -> client.searchModelVersions("name == 'detector'"))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 400, "INVALID_PARAMETER_VALUE"));
        for (String filter : List.of("name = detector", "name = 'detector' OR name = 'x'", "version = '1'",
                "run_id LIKE 'x%'", "name = 'unclosed", "tags.`k = 'v'", "name IN 'a'")) {
            assertRawError(http.get(MLFLOW + "model-versions/search?filter=" + encode(filter)), 400,
                    "INVALID_PARAMETER_VALUE");
        }
        for (String token : List.of("not-base64!", "bm90IGpzb24", "e30", "eyJxIjoxfQ")) {
            assertRawError(http.get(MLFLOW + "model-versions/search?max_results=1&page_token=" + encode(token)), 400,
                    "INVALID_PARAMETER_VALUE");
        }
        String token = client.searchModelVersions("name='detector'", 1, List.of()).getNextPageToken().orElseThrow();
        assertRawError(http.get(MLFLOW + "model-versions/search?max_results=1&filter=" + encode("name='other'")
                + "&page_token=" + token), 400, "INVALID_PARAMETER_VALUE");
        assertRawError(http.get(MLFLOW + "model-versions/search?max_results=0"), 400, "INVALID_PARAMETER_VALUE");
        assertRawError(http.get(MLFLOW + "model-versions/search?order_by=" + encode("size DESC")), 400,
                "INVALID_PARAMETER_VALUE");
        assertThatThrownBy(() -> client.getRegisteredModel("bad name"))
                .isInstanceOfSatisfying(MlflowClientException.class, e -> assertMlflowError(e, 400, "INVALID_PARAMETER_VALUE"));
        assertRawError(http.get(MLFLOW + "model-versions/get?name=detector&version=one"), 400, "INVALID_PARAMETER_VALUE");
        assertRawError(http.get(MLFLOW + "model-versions/get?name=detector"), 400, "INVALID_PARAMETER_VALUE");
        for (String body : List.of("{\"name\":\"../evil\"}", "{\"name\":\"with space\"}", "{}", "[1]", "not json",
                "{\"name\":\"x\",\"tags\":{\"k\":\"v\"}}", "{\"name\":7}")) {
            assertRawError(http.post(MLFLOW + "registered-models/create", body), 400, "INVALID_PARAMETER_VALUE");
        }
        for (String source : List.of("s3://bucket/model", "sha256:" + "ab".repeat(32), "sha256:XYZ",
                "http://elsewhere/api/v1/artifacts/short")) {
            Api.Answer a = http.post(MLFLOW + "model-versions/create", "{\"name\":\"detector\",\"source\":\""
                    + source + "\"}");
            assertRawError(a, 400, "INVALID_PARAMETER_VALUE");
            assertThat(a.json().get("message").asText()).contains("source");
        }
        assertRawError(http.post(MLFLOW + "model-versions/create", "{\"name\":\"detector\",\"source\":\"sha256:" + sha
                + "\",\"tags\":[{\"key\":\"visutility.version\",\"value\":\"9.9.9\"}]}"), 400, "INVALID_PARAMETER_VALUE");
        assertThat(orchestrator.registry().store().committedPosition()).isEqualTo(position);
        assertThat(orchestrator.registry().models()).hasSize(1);
    }

    @Test
    void versionsRegisteredThroughOurOwnApiAppearInRegistrationOrder() {
        String a = upload("a");
        String b = upload("b");
        for (String[] v : new String[][] {{"2.0.0", a}, {"1.5.0", b}}) {
            Api.Answer r = http.post("/api/v1/models/segmenter/versions",
                    "{\"version\":\"" + v[0] + "\",\"artifact_sha256\":\"" + v[1] + "\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }

        ModelVersion first = client.getModelVersion("segmenter", "1");
        ModelVersion second = client.getModelVersion("segmenter", "2");

        assertThat(tags(first)).containsEntry("visutility.version", "2.0.0");
        assertThat(first.getSource()).endsWith("/api/v1/artifacts/" + a);
        assertThat(tags(second)).containsEntry("visutility.version", "1.5.0");
        assertThat(client.getRegisteredModel("segmenter").getName()).isEqualTo("segmenter");
        // a version created through MLflow continues after the highest semantic version
        createVersion("segmenter", "sha256:" + upload("c"), null);
        assertThat(tags(client.getModelVersion("segmenter", "3"))).containsEntry("visutility.version", "2.0.1");
    }

    @Test
    void theMappingSurvivesARestart() throws IOException {
        post("registered-models/create", "{\"name\":\"detector\",\"description\":\"finds cars\"}");
        for (int i = 1; i <= 3; i++) {
            createVersion("detector", "sha256:" + upload("weights " + i), "run-" + i);
        }
        http.post("/api/v1/models/detector/versions", "{\"version\":\"0.1.0\",\"artifact_sha256\":\"" + upload("old")
                + "\"}");
        orchestrator.registry().promote("detector", "1.0.1", "production");
        List<String> before = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            before.add(client.getModelVersion("detector", Integer.toString(i)).toString());
        }
        RegisteredModel modelBefore = client.getRegisteredModel("detector");
        String portBefore = Integer.toString(server.port());

        restart();

        List<String> after = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            after.add(client.getModelVersion("detector", Integer.toString(i)).toString()
                    .replace(":" + server.port() + "/", ":" + portBefore + "/"));
        }
        assertThat(after).isEqualTo(before);
        assertThat(after.get(3)).contains("0.1.0");
        RegisteredModel modelAfter = client.getRegisteredModel("detector");
        assertThat(modelAfter.getDescription()).isEqualTo("finds cars");
        assertThat(modelAfter.getCreationTimestamp()).isEqualTo(modelBefore.getCreationTimestamp());
        assertThat(client.getLatestVersions("detector", List.of("Production"))).extracting(ModelVersion::getVersion)
                .containsExactly("2");
        // a retried create after the restart is still harmless
        assertThat(createVersion("detector", client.getModelVersion("detector", "3").getSource(), "run-3")
                .get("version").asText()).isEqualTo("3");
    }
}
