package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.monitor.MonitorPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** When the recorded accuracy starts to fall. */
    private static final Instant DECAY = T0.plusSeconds(600);
    /** When inference errors start. */
    private static final Instant ERRORS = T0.plusSeconds(1_400);
    /** When the share of wrong predictions rises from 10 % to 50 %. */
    private static final Instant WORSE = T0.plusSeconds(2_000 + 500);

    @TempDir
    Path tmp;
    Path data;
    Path telemetry;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        telemetry = Files.write(tmp.resolve("telemetry.ndjson"), recording());
    }

    private CliRun run(String... args) {
        return CliRun.run(data, args);
    }

    private static String at(long seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    /**
     * Accuracy samples every 10 s that fall from 0.92 by 0.004 per sample after 600 s; 200 good
     * inferences then 30 failures one second apart; 1000 predictions one second apart, wrong 10 % of the
     * time and then 50 %; plus two records validation refuses and a blank line.
     */
    private static List<String> recording() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            double accuracy = i < 60 ? 0.92 : 0.92 - 0.004 * (i - 60);
            lines.add(String.format(Locale.ROOT, "{\"type\":\"accuracy\",\"model\":\"cam\",\"version\":\"1.0.0\","
                    + "\"at\":\"%s\",\"accuracy\":%.4f,\"count\":100}", at(10L * i), accuracy));
        }
        for (int i = 0; i < 200; i++) {
            lines.add(String.format(Locale.ROOT, "{\"type\":\"latency\",\"model\":\"cam\",\"version\":\"1.0.0\","
                    + "\"at\":\"%s\",\"millis\":%d}", at(1_200 + i), 40 + i % 7));
        }
        lines.add("");
        for (int i = 0; i < 30; i++) {
            lines.add("{\"type\":\"inference_error\",\"model\":\"cam\",\"version\":\"1.0.0\",\"at\":\"" + at(1_400 + i)
                    + "\",\"message\":\"CUDA out of memory\"}");
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            boolean wrong = random.nextDouble() < (i < 500 ? 0.1 : 0.5);
            // predicted and actual labels: core's Outcome does not read "correct" from JSON yet (see the report)
            lines.add("{\"type\":\"outcome\",\"model\":\"cam\",\"version\":\"1.0.0\",\"at\":\"" + at(2_000 + i)
                    + "\",\"predicted\":\"car\",\"actual\":\"" + (wrong ? "bus" : "car") + "\"}");
        }
        lines.add("{\"type\":\"accuracy\",\"model\":\"cam\",\"version\":\"1.0.0\",\"at\":\"" + at(3_000)
                + "\",\"accuracy\":1.5,\"count\":10}");
        lines.add("{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"" + at(3_001) + "\",\"millis\":-3}");
        return lines;
    }

    private static List<String> detectors(JsonNode detections) {
        List<String> out = new ArrayList<>();
        detections.forEach(d -> out.add(d.get("detector").asText()));
        return out;
    }

    @Test
    void theDefaultPolicyFindsTheAccuracyDecayAndTheErrorSpike() throws IOException {
        CliRun r = run("monitor", "replay", "--telemetry", telemetry.toString(), "--json");
        assertThat(r.exit()).isZero();
        JsonNode detections = r.json();
        assertThat(detectors(detections)).contains("accuracy_decay", "error_rate", "change:ddm:errors")
                .allMatch(d -> List.of("accuracy_decay", "error_rate", "change:ddm:errors").contains(d));
        assertThat(detectors(detections)).filteredOn("error_rate"::equals).hasSize(1); // one spike, one warning
        for (JsonNode d : detections) {
            assertThat(CliRun.fields(d)).containsExactly("model", "version", "detector", "severity", "reason",
                    "evidence", "at");
            assertThat(d.get("model").asText()).isEqualTo("cam");
            assertThat(d.get("version").asText()).isEqualTo("1.0.0");
            Instant at = Instant.parse(d.get("at").asText());
            switch (d.get("detector").asText()) {
                case "accuracy_decay" -> {
                    assertThat(at).isAfter(DECAY);
                    assertThat(d.get("severity").asText()).isEqualTo("drift");
                    assertThat(d.get("evidence").get("drop").asDouble()).isGreaterThanOrEqualTo(0.05 - 1e-6);
                    assertThat(d.get("reason").asText()).startsWith("accuracy fell from 0.920");
                }
                case "error_rate" -> {
                    // 200 successes: the 11th failure is the first above 5 %
                    assertThat(at).isEqualTo(ERRORS.plusSeconds(10));
                    assertThat(d.get("severity").asText()).isEqualTo("warning");
                    assertThat(d.get("evidence").get("failures").asInt()).isEqualTo(11);
                    assertThat(d.get("reason").asText()).contains("CUDA out of memory");
                }
                default -> {
                    if (d.get("severity").asText().equals("drift")) {
                        assertThat(at).isAfter(WORSE);
                    }
                    assertThat(d.get("evidence").get("stream").asText()).isEqualTo("errors");
                }
            }
        }
        // in JSON mode the summary of refused telemetry is one line on stderr
        assertThat(r.errLines()).containsExactly("visutility: refused 2 of 1352 telemetry record(s): negative_latency 1"
                + " (first on line 1353: expected a latency >= 0 ms but got -3.0), out_of_range 1 (first on line 1352:"
                + " expected accuracy within [0, 1] but got 1.5)");
        assertThat(data).doesNotExist();
    }

    @Test
    void textOutputListsDetectionsAndSummarisesRefusedTelemetryByCode() throws IOException {
        CliRun r = run("monitor", "replay", "--telemetry", telemetry.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        int detections = run("monitor", "replay", "--telemetry", telemetry.toString(), "--json").json().size();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.subList(0, detections)).allMatch(l -> l.matches(
                "2026-01-01T\\d\\d:\\d\\d:\\d\\dZ  cam@1\\.0\\.0  \\S+ +(drift|warning) +\\S.*"));
        assertThat(lines.get(0)).contains("accuracy_decay").contains("drift").contains("accuracy fell from 0.920");
        assertThat(lines).anyMatch(l -> l.contains("  error_rate  ") && l.contains("warning"));
        assertThat(lines.subList(detections, lines.size())).containsExactly(
                "",
                detections + " detection(s) in 1352 telemetry record(s); 2 refused by validation",
                "  negative_latency  1  first on line 1353: expected a latency >= 0 ms but got -3.0",
                "  out_of_range      1  first on line 1352: expected accuracy within [0, 1] but got 1.5");
    }

    @Test
    void aPolicyFileChoosesTheDetectors() throws IOException {
        Path policy = Files.writeString(tmp.resolve("policy.json"), """
                {"cooldown_seconds": 0,
                 "detectors": [{"type": "accuracy_decay", "window": 20, "min_drop": 0.02}]}""");
        JsonNode detections = run("monitor", "replay", "--policy", policy.toString(), "--telemetry",
                telemetry.toString(), "--json").json();
        assertThat(detectors(detections)).hasSizeGreaterThan(1).containsOnly("accuracy_decay");
        assertThat(detections.get(0).get("evidence").get("window").asInt()).isEqualTo(20);

        // DDM on the predictions: the error rate rises at 2500 s, DDM concludes drift 55 outcomes later
        Path ddm = Files.writeString(tmp.resolve("ddm.json"), """
                {"cooldown_seconds": 0,
                 "detectors": [{"type": "change", "detector": "ddm", "stream": "errors", "params": {}}]}""");
        JsonNode changes = run("monitor", "replay", "--policy", ddm.toString(), "--telemetry", telemetry.toString(),
                "--json").json();
        List<JsonNode> drifts = new ArrayList<>();
        changes.forEach(d -> {
            if (d.get("severity").asText().equals("drift")) {
                drifts.add(d);
            }
        });
        assertThat(drifts).hasSize(1);
        assertThat(drifts.get(0).get("detector").asText()).isEqualTo("change:ddm:errors");
        assertThat(drifts.get(0).get("at").asText()).isEqualTo(WORSE.plusSeconds(54).toString());
        assertThat(drifts.get(0).get("evidence").get("values_seen").asInt()).isEqualTo(555);
        assertThat(drifts.get(0).get("reason").asText()).isEqualTo(
                "ddm signals a change in the error rate of predictions after 555 values");

        String byDefault = run("monitor", "replay", "--telemetry", telemetry.toString()).out();
        assertThat(run("monitor", "replay", "--policy", "default", "--telemetry", telemetry.toString()).out())
                .isEqualTo(byDefault);
    }

    @Test
    void policyDefaultPrintsTheDefaultPolicyAsJsonThatReadsBack() throws IOException {
        CliRun r = run("monitor", "policy-default");
        assertThat(r.exit()).isZero();
        assertThat(MonitorPolicy.parse(r.out())).isEqualTo(MonitorPolicy.defaults());
        List<String> types = new ArrayList<>();
        r.json().get("detectors").forEach(d -> types.add(d.get("type").asText()));
        assertThat(types).containsExactly("latency", "error_rate", "drift_score", "accuracy_decay",
                "performance_floor", "change", "feature_drift");

        // what it prints is a policy replay accepts
        Path file = Files.writeString(tmp.resolve("default.json"), r.out());
        assertThat(run("monitor", "replay", "--policy", file.toString(), "--telemetry", telemetry.toString()).out())
                .isEqualTo(run("monitor", "replay", "--telemetry", telemetry.toString()).out());
        assertThat(data).doesNotExist();
    }

    @Test
    void everyTelemetryKindIsRead() throws IOException {
        Path all = Files.write(tmp.resolve("all.ndjson"), List.of(
                "{\"type\":\"latency\",\"model\":\"cam\",\"version\":\"1.0.0\",\"at\":\"" + at(0) + "\",\"millis\":41.5}",
                "{\"type\":\"outcome\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"predicted\":\"car\",\"actual\":\"bus\"}",
                "{\"type\":\"accuracy\",\"model\":\"cam\",\"at\":\"" + at(2) + "\",\"accuracy\":0.9,\"count\":0}",
                "{\"type\":\"classification\",\"model\":\"cam\",\"at\":\"" + at(3)
                        + "\",\"precision\":0.2,\"recall\":0.3,\"f1\":0.24}",
                "{\"type\":\"drift_score\",\"model\":\"cam\",\"at\":\"" + at(4)
                        + "\",\"name\":\"brightness_psi\",\"value\":0.4,\"kind\":\"distance\"}",
                "{\"type\":\"inference_error\",\"model\":\"cam\",\"at\":\"" + at(5) + "\",\"message\":\"timeout\"}",
                "{\"type\":\"features\",\"model\":\"cam\",\"at\":\"" + at(6)
                        + "\",\"numeric\":{\"brightness\":0.4},\"categorical\":{\"camera\":\"north\"}}",
                "{\"type\":\"custom\",\"model\":\"cam\",\"at\":\"" + at(7) + "\",\"name\":\"gpu\",\"payload\":{\"temp\":71}}"));
        CliRun r = run("monitor", "replay", "--telemetry", all.toString(), "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(detectors(r.json())).containsExactly("performance_floor", "drift_score");
        assertThat(r.json().get(0).get("version").isNull()).isTrue();
        assertThat(r.json().get(1).get("evidence").get("kind").asText()).isEqualTo("distance");
    }

    @Test
    void badInputIsOneLineOnStderrANonZeroExitAndNothingElse() throws IOException {
        String good = "{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"" + at(0) + "\",\"millis\":5}";
        String ndjson = telemetry.toString();
        Object[][] cases = {
            {"{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"millis\":5,\"colour\":1}",
                "line 3: not a telemetry object: unknown field 'colour'; expected at, millis, model, version"},
            {"{\"type\":\"telepathy\",\"model\":\"cam\"}",
                "line 3: not a telemetry object: unknown type 'telepathy', expected one of latency, outcome"},
            {"{\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"millis\":5}",
                "line 3: not a telemetry object: missing the \"type\" field, expected one of latency"},
            {"{\"type\":\"latency\", nope", "line 3: not a telemetry object: Unexpected character"},
            {"[1, 2]", "line 3: not a telemetry object: expected a JSON object with a \"type\""},
            {"{\"type\":\"drift_score\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"name\":\"x\",\"value\":1,"
                + "\"kind\":\"far\"}", "line 3: not a telemetry object: expected kind p_value or distance but got 'far'"
                + " (field 'kind')"},
            {"{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"yesterday\",\"millis\":5}",
                "line 3: not a telemetry object: Cannot deserialize value of type `java.time.Instant`"},
            {good + " " + good, "line 3: not a telemetry object: Trailing token"},
            {"{\"type\":\"accuracy\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"count\":5}",
                "line 3: not a telemetry object: expected a number for 'accuracy' but it is missing or null"},
            {"{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"millis\":null}",
                "line 3: not a telemetry object: expected a number for 'millis' but it is missing or null"},
            {"{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"" + at(1) + "\",\"millis\":\"fast\"}",
                "line 3: not a telemetry object: Cannot deserialize value of type `double` from String \"fast\""},
        };
        for (Object[] c : cases) {
            Path file = Files.write(tmp.resolve("bad.ndjson"), List.of(good, "", (String) c[0], good));
            CliRun r = run("monitor", "replay", "--telemetry", file.toString());
            assertThat(r.exit()).as((String) c[0]).isEqualTo(1);
            assertThat(r.out()).as((String) c[0]).isEmpty();
            assertThat(r.errLines()).as((String) c[0]).hasSize(1);
            assertThat(r.err()).as((String) c[0]).startsWith("visutility: " + file + " ").contains((String) c[1]);
        }
        Path badPolicy = Files.writeString(tmp.resolve("bad-policy.json"),
                "{\"detectors\": [{\"type\": \"telepathy\"}]}");
        Path emptyPolicy = Files.writeString(tmp.resolve("empty-policy.json"), "{\"cooldown_seconds\": 60, \"detectors\": []}");
        Path notJson = Files.writeString(tmp.resolve("not-json.json"), "{nope");
        String missing = tmp.resolve("missing.ndjson").toString();
        Object[][] more = {
            {1, badPolicy + ": invalid monitor policy at detectors[0]",
                new String[] {"monitor", "replay", "--policy", badPolicy.toString(), "--telemetry", ndjson}},
            {1, "at least one detector",
                new String[] {"monitor", "replay", "--policy", emptyPolicy.toString(), "--telemetry", ndjson}},
            {1, "monitor policy is not valid JSON",
                new String[] {"monitor", "replay", "--policy", notJson.toString(), "--telemetry", ndjson}},
            {1, "expected --policy to name a readable file but '" + missing + "' does not exist",
                new String[] {"monitor", "replay", "--policy", missing, "--telemetry", ndjson}},
            {1, "expected --telemetry to name a readable file but '" + missing + "' does not exist",
                new String[] {"monitor", "replay", "--telemetry", missing}},
            {2, "Missing required option: '--telemetry=FILE.ndjson'", new String[] {"monitor", "replay"}},
            {2, "Unknown options: '--polcy', 'x'", new String[] {"monitor", "replay", "--polcy", "x", "--telemetry", ndjson}},
            {2, "expected a monitor command: replay or policy-default", new String[] {"monitor"}},
        };
        for (Object[] c : more) {
            String[] args = (String[]) c[2];
            String what = String.join(" ", args);
            CliRun r = run(args);
            assertThat(r.exit()).as(what).isEqualTo((int) c[0]);
            assertThat(r.out()).as(what).isEmpty();
            assertThat(r.errLines()).as(what).hasSize(1);
            assertThat(r.err()).as(what).startsWith("visutility: ").contains((String) c[1]);
        }
        assertThat(data).doesNotExist();
    }
}
