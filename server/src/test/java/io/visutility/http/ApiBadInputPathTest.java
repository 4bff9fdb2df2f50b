package io.visutility.http;

import static io.visutility.http.ApiBadInputCase.bare;
import static io.visutility.http.ApiBadInputCase.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile request paths, methods and query parameters: separators and relative segments smuggled
 * into a path parameter, NUL, overlong names, lookalike characters, versions that are not semantic
 * versions, digests that are not 64 lowercase hex digits, methods an endpoint does not have, and
 * query values that are not what the endpoint reads. Each is refused with its exact 4xx problem and
 * changes nothing.
 */
class ApiBadInputPathTest {
    @TempDir
    static Path data;

    static ApiBadInputFixture f;

    @BeforeAll
    static void start() throws IOException {
        f = new ApiBadInputFixture(data);
    }

    @AfterAll
    static void stop() throws IOException {
        f.close();
    }

    private static final String LONG = "a".repeat(300);
    /** Cyrillic small letter em, which looks like the model name m. */
    private static final String CYRILLIC_M = "%D0%BC";
    /** Fullwidth solidus, which looks like '/'. */
    private static final String FULLWIDTH_SLASH = "%EF%BC%8F";

    @TestFactory
    Stream<DynamicTest> pathParametersThatCanNeverNameAnythingAreRefused() {
        List<ApiBadInputCase> c = new ArrayList<>();
        String models = "/api/v1/models/";
        for (String name : List.of("..%2F..%2Fjournal", "%2e%2e", "%2E%2E", ".", "..", "a%5Cb", "a\\b", "m%00",
                "m%2Fversions", "%2e%2e%2f%2e%2e%2fjournal", LONG, CYRILLIC_M, "m" + FULLWIDTH_SLASH + "x", "%20m",
                "-m", "m%20", "%E2%80%AEm")) {
            for (String rest : List.of("", "/versions", "/versions/1.0.0", "/aliases/production", "/monitor-policy",
                    "/detections", "/retrain-config", "/promotions", "/studies/default")) {
                c.add(bare("model name '" + name + "'", "GET", models + name + rest, 400, "invalid_input"));
            }
            c.add(json("model name '" + name + "'", "POST", models + name + "/versions",
                    "{\"version\":\"2.0.0\",\"artifact_sha256\":\"" + f.sha + "\"}", 400, "invalid_input"));
            c.add(json("model name '" + name + "'", "PUT", models + name + "/aliases/production",
                    "{\"version\":\"1.0.0\"}", 400, "invalid_input"));
            c.add(json("model name '" + name + "'", "PUT", models + name + "/monitor-policy", "{}", 400,
                    "invalid_input"));
            c.add(json("model name '" + name + "'", "PUT", models + name + "/retrain-config",
                    "{\"trainer\":{\"command\":[\"true\"]}}", 400, "invalid_input"));
            c.add(json("model name '" + name + "'", "POST", models + name + "/retrain", "{}", 400, "invalid_input"));
            c.add(json("model name '" + name + "'", "POST", models + name + "/versions/1.1.0/approve", "{}", 400,
                    "invalid_input"));
            c.add(json("model name '" + name + "'", "POST", models + name + "/aliases/production/rollback", "{}", 400,
                    "invalid_input"));
        }
        for (String version : List.of("01.0.0", "1.0", "1.0.0.0", "v1.0.0", "1.0.0%00", "..", "%2e%2e", "1.0.0%2F..",
                "%EF%BC%91.0.0", "1.0.0-01", "%2B1.0.0")) {
            c.add(bare("version '" + version + "'", "GET", "/api/v1/models/m/versions/" + version, 400, "invalid_input"));
            for (String action : List.of("deprecate", "approve", "reject")) {
                c.add(json("version '" + version + "'", "POST", "/api/v1/models/m/versions/" + version + "/" + action,
                        "{}", 400, "invalid_input"));
            }
        }
        for (String alias : List.of("-x", "a".repeat(65), "prod%C3%BCction", "%2e%2e", "prod%00", "prod%2Fx",
                "production%20")) {
            c.add(bare("alias '" + alias + "'", "GET", "/api/v1/models/m/aliases/" + alias, 400, "invalid_input"));
            c.add(json("alias '" + alias + "'", "PUT", "/api/v1/models/m/aliases/" + alias, "{\"version\":\"1.0.0\"}",
                    400, "invalid_input"));
            c.add(json("alias '" + alias + "'", "POST", "/api/v1/models/m/aliases/" + alias + "/rollback", "{}", 400,
                    "invalid_input"));
        }
        String sha = f.sha;
        for (String digest : List.of(sha.toUpperCase(java.util.Locale.ROOT), sha.substring(0, 63), sha.substring(0, 8),
                sha + "0", "sha256/" + sha, sha + "/..", "..", "../../../../etc/passwd", "..%2F..%2Fjournal",
                "%2e%2e%2f%2e%2e%2fjournal", "..%5C..%5Cjournal", "..\\..\\journal", sha + "%00", "%00",
                "sha256%2F" + sha, LONG, "%EF%BD%86".repeat(64), " " + sha)) {
            c.add(bare("digest '" + Texts.abbreviate(digest) + "'", "GET", "/api/v1/artifacts/" + digest, 400,
                    "invalid_input"));
        }
        for (String id : List.of("..%2Fjournal", "%2e%2e", "x%00", "a%5Cb")) {
            c.add(bare("job id '" + id + "'", "GET", "/api/v1/jobs/" + id, 400, "invalid_input"));
            c.add(bare("job id '" + id + "'", "GET", "/api/v1/jobs/" + id + "/log", 400, "invalid_input"));
            c.add(json("job id '" + id + "'", "POST", "/api/v1/jobs/" + id + "/cancel", "{}", 400, "invalid_input"));
        }
        c.add(bare("study '..%2Fjournal'", "GET", "/api/v1/models/m/studies/..%2Fjournal", 400, "invalid_input"));
        return c.stream().map(x -> x.test(f));
    }

    @TestFactory
    Stream<DynamicTest> wellFormedPathsToNothingAre404() {
        String models = "/api/v1/models/";
        return Stream.of(
                bare("unknown model", "GET", models + "nope", 404, "not_found"),
                bare("unknown model", "GET", models + "nope/versions", 404, "not_found"),
                bare("unknown model", "GET", models + "nope/detections", 404, "not_found"),
                bare("unknown model", "GET", models + "nope/monitor-policy", 404, "not_found"),
                bare("unknown version", "GET", models + "m/versions/9.9.9", 404, "not_found"),
                bare("unknown alias", "GET", models + "m/aliases/champion", 404, "not_found"),
                bare("no retrain config", "GET", models + "m/retrain-config", 404, "not_found"),
                bare("unknown study", "GET", models + "m/studies/" + LONG, 404, "not_found"),
                bare("unknown job", "GET", "/api/v1/jobs/" + LONG, 404, "not_found"),
                bare("unknown artifact", "GET", "/api/v1/artifacts/" + "0".repeat(64), 404, "not_found"),
                bare("no such endpoint", "GET", "/api/v1/nothing", 404, "not_found"),
                bare("no such endpoint", "GET", "/api/v2/models", 404, "not_found"),
                json("unknown model", "PUT", models + "nope/aliases/production", "{\"version\":\"1.0.0\"}", 404,
                        "not_found"),
                json("unknown model", "PUT", models + "nope/monitor-policy",
                        "{\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6}]}", 404, "not_found"),
                json("unknown version", "POST", models + "m/versions/9.9.9/approve", "{}", 404, "not_found"),
                json("unknown version", "POST", models + "m/versions/9.9.9/reject", "{}", 404, "not_found"),
                json("unknown model", "POST", models + "nope/retrain", "{}", 404, "not_found"),
                json("unknown version", "POST", models + "m/versions/9.9.9/deprecate", "{}", 404, "not_found"),
                json("unknown job", "POST", "/api/v1/jobs/nope/cancel", "{}", 404, "not_found"))
                .map(x -> x.test(f));
    }

    /** Paths the catch-all and TelemetryRoutes answer, outside this package's route classes (see below). */
    private static final List<String> ELSEWHERE = List.of("/health", "/api/v1/openapi.json", "/api/v1/telemetry");

    /** Every path of openapi.json, as a concrete example, and the methods it documents. */
    static Map<String, List<String>> documented() throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        try (var in = ApiServer.class.getResourceAsStream("openapi.json")) {
            Json.MAPPER.readTree(in).get("paths").fields().forEachRemaining(path -> {
                List<String> methods = new ArrayList<>();
                path.getValue().fieldNames().forEachRemaining(x -> methods.add(x.toUpperCase(java.util.Locale.ROOT)));
                m.put(path.getKey().replace("{name}", "m").replace("{version}", "1.1.0")
                        .replace("{alias}", "production").replace("{sha256}", f.sha).replace("{id}", f.job)
                        .replace("{study}", "default").replace("/dashboard/{file}", "/dashboard/dashboard.js")
                        .replace("/dist/{file}", "/dist/uPlot.iife.min.js"), methods);
            });
        }
        return m;
    }

    @TestFactory
    Stream<DynamicTest> methodsAnEndpointDoesNotHaveAre405WithAllow() throws IOException {
        Map<String, List<String>> paths = documented();
        assertThat(paths).containsKeys(ELSEWHERE.toArray(String[]::new)).hasSize(32);
        ELSEWHERE.forEach(paths::remove);
        return methodNotAllowed(paths);
    }

    /** The same for the endpoints whose routes are registered by ApiServer and TelemetryRoutes. */
    @TestFactory
    Stream<DynamicTest> methodsTheOtherEndpointsDoNotHaveAre405WithAllow() throws IOException {
        Map<String, List<String>> paths = documented();
        paths.keySet().retainAll(ELSEWHERE);
        return methodNotAllowed(paths);
    }

    private static Stream<DynamicTest> methodNotAllowed(Map<String, List<String>> paths) {
        List<DynamicTest> tests = new ArrayList<>();
        paths.forEach((path, methods) -> {
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW")) {
                if (methods.contains(method)) {
                    continue;
                }
                ApiBadInputCase c = !method.equals("PUT") && !method.equals("POST") && !method.equals("PATCH")
                        ? bare("not allowed", method, path, 405, "method_not_allowed")
                        : json("not allowed", method, path, "{}", 405, "method_not_allowed");
                tests.add(DynamicTest.dynamicTest(method + " " + path + ": 405, Allow: " + methods, () -> {
                    ApiBadInputRaw.Reply r = c.run(f);
                    assertThat(r.headers().get("allow")).isEqualTo(String.join(", ", methods));
                    assertThat(r.json().get("detail").asText()).contains(method, String.join(", ", methods));
                }));
            }
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> queryParametersThatAreNotWhatTheEndpointReadsAreRefused() {
        List<ApiBadInputCase> c = new ArrayList<>();
        String detections = "/api/v1/models/m/detections?since=";
        for (String since : List.of("yesterday", "", "2026-13-01T00:00:00Z", "2026-03-01", "1700000000",
                "2026-03-01T08:00:00", "%00", "2026-03-01T08:00:00Z%00", "-1", "x".repeat(2000),
                "%2B1000000001-01-01T00:00:00Z")) {
            c.add(bare("since '" + Texts.abbreviate(since) + "'", "GET", detections + since, 400, "invalid_input"));
        }
        for (String model : List.of("..%2Fx", "", CYRILLIC_M, LONG, "%00")) {
            c.add(bare("model '" + model + "'", "GET", "/api/v1/jobs?model=" + model, 400, "invalid_input"));
        }
        c.add(bare("unknown model", "GET", "/api/v1/jobs?model=nope", 404, "not_found"));
        String log = "/api/v1/jobs/" + f.job + "/log?attempt=";
        for (String attempt : List.of("-1", "0", "abc", "1e3", "99999999999", "%201", "%2B1", "01", "", "1.0",
                "NaN")) {
            c.add(bare("attempt '" + attempt + "'", "GET", log + attempt, 400, "invalid_input"));
        }
        c.add(bare("attempt not made yet", "GET", log + "1", 404, "not_found"));
        c.add(bare("attempt far beyond", "GET", log + Integer.MAX_VALUE, 404, "not_found"));
        return c.stream().map(x -> x.test(f));
    }
}
