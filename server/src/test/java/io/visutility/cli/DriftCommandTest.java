package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.drift.online.ChangeDetectors;
import io.visutility.drift.online.DetectorParameter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {
    @TempDir
    Path tmp;
    Path data;
    Path reference;
    Path shifted;
    Path stable;
    Path river;

    @BeforeEach
    void setUp() throws IOException, URISyntaxException {
        data = tmp.resolve("data");
        SplittableRandom random = new SplittableRandom(20261123);
        reference = csv("reference.csv", 500, () -> normal(random, 0), () -> normal(random, 10));
        shifted = csv("shifted.csv", 500, () -> normal(random, 1), () -> normal(random, 11));
        stable = csv("stable.csv", 500, () -> normal(random, 0), () -> normal(random, 10));
        river = Path.of(DriftCommandTest.class.getResource("/drift/river_doc_numeric.csv").toURI());
    }

    private CliRun run(String... args) {
        return CliRun.run(data, args);
    }

    private static double normal(SplittableRandom random, double mean) {
        // Box-Muller: one standard normal value from two uniform ones
        double u = 1 - random.nextDouble();
        return mean + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private Path csv(String name, int rows, DoubleSupplier brightness, DoubleSupplier contrast) throws IOException {
        StringBuilder b = new StringBuilder("brightness,contrast\n");
        for (int i = 0; i < rows; i++) {
            b.append(String.format(Locale.ROOT, "%.6f,%.6f%n", brightness.getAsDouble(), contrast.getAsDouble()));
        }
        return Files.writeString(tmp.resolve(name), b);
    }

    @Test
    void shiftedNormalSamplesDriftUnderKsAndTheJsonHasTheDocumentedShape() throws IOException {
        CliRun r = run("drift", "compare", "--reference", reference.toString(), "--current", shifted.toString(),
                "--method", "ks", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = r.json();
        assertThat(CliRun.fields(json)).containsExactly("features", "drifted_share", "dataset_drift");
        assertThat(json.get("features")).hasSize(2);
        for (JsonNode f : json.get("features")) {
            assertThat(CliRun.fields(f)).containsExactly("name", "method", "statistic", "p_value", "threshold", "drifted");
            assertThat(f.get("method").asText()).isEqualTo("ks");
            assertThat(f.get("statistic").asDouble()).isGreaterThan(0.3); // a shift of one standard deviation
            assertThat(f.get("p_value").asDouble()).isLessThan(1e-10);
            assertThat(f.get("threshold").asDouble()).isEqualTo(0.05);
            assertThat(f.get("drifted").asBoolean()).isTrue();
        }
        assertThat(json.get("features").get(0).get("name").asText()).isEqualTo("brightness");
        assertThat(json.get("features").get(1).get("name").asText()).isEqualTo("contrast");
        assertThat(json.get("drifted_share").asDouble()).isEqualTo(1.0);
        assertThat(json.get("dataset_drift").asBoolean()).isTrue();
        assertThat(data).doesNotExist();
    }

    @Test
    void samplesOfTheSameDistributionDoNotDrift() throws IOException {
        JsonNode json = run("drift", "compare", "--reference", reference.toString(), "--current", stable.toString(),
                "--method", "ks", "--json").json();
        for (JsonNode f : json.get("features")) {
            assertThat(f.get("statistic").asDouble()).isLessThan(0.1);
            assertThat(f.get("p_value").asDouble()).isGreaterThan(0.05);
            assertThat(f.get("drifted").asBoolean()).isFalse();
        }
        assertThat(json.get("drifted_share").asDouble()).isZero();
        assertThat(json.get("dataset_drift").asBoolean()).isFalse();
    }

    @Test
    void theMethodIsChosenPerFeatureOrAsAsked() throws IOException {
        Path cameras = Files.writeString(tmp.resolve("cameras-ref.csv"), "camera,exposure\n" + "a,1\nb,2\nc,3\n".repeat(40));
        Path camerasNow = Files.writeString(tmp.resolve("cameras-cur.csv"), "camera,exposure\n" + "a,1\na,2\nc,3\n".repeat(40));
        // auto: few reference values, so a test; chi-square for categories and for numbers with few values
        JsonNode auto = run("drift", "compare", "--reference", cameras.toString(), "--current", camerasNow.toString(),
                "--json").json();
        assertThat(auto.get("features").findValuesAsText("method")).containsExactly("chisquare", "chisquare");
        assertThat(auto.get("features").get(0).get("drifted").asBoolean()).isTrue();
        assertThat(auto.get("features").get(1).get("drifted").asBoolean()).isFalse();
        // auto on many distinct numbers: ks
        JsonNode ks = run("drift", "compare", "--reference", reference.toString(), "--current", stable.toString(),
                "--json").json();
        assertThat(ks.get("features").findValuesAsText("method")).containsExactly("ks", "ks");
        // distances have no p-value, and a 0.1 default threshold unless one is given
        for (String method : List.of("wasserstein", "jensenshannon", "psi")) {
            JsonNode d = run("drift", "compare", "--reference", reference.toString(), "--current", shifted.toString(),
                    "--method", method, "--json").json();
            JsonNode first = d.get("features").get(0);
            assertThat(CliRun.fields(first)).as(method).containsExactly("name", "method", "statistic", "threshold",
                    "drifted");
            assertThat(first.get("method").asText()).isEqualTo(method);
            assertThat(first.get("threshold").asDouble()).isEqualTo(0.1);
            assertThat(first.get("drifted").asBoolean()).as(method).isTrue();
        }
        JsonNode w = run("drift", "compare", "--reference", reference.toString(), "--current", shifted.toString(),
                "--method", "wasserstein", "--threshold", "5", "--json").json();
        assertThat(w.get("features").get(0).get("threshold").asDouble()).isEqualTo(5.0);
        assertThat(w.get("features").get(0).get("drifted").asBoolean()).isFalse();
        assertThat(w.get("dataset_drift").asBoolean()).isFalse();
    }

    @Test
    void textOutputIsATableAndASummary() {
        CliRun r = run("drift", "compare", "--reference", reference.toString(), "--current", shifted.toString());
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("feature +method +statistic +p_value +threshold +drifted");
        assertThat(lines.get(1)).startsWith("brightness  ks").endsWith("0.05       yes");
        assertThat(lines.get(2)).startsWith("contrast    ks").endsWith("yes");
        assertThat(lines.get(0).indexOf("p_value")).isEqualTo(lines.get(1).indexOf(lines.get(1).split(" +")[3]));
        assertThat(lines).last().isEqualTo("2 of 2 feature(s) drifted (share 1.00): dataset drift");
    }

    @Test
    void detectReproducesAdwinsPublishedDriftOnRiversStream() throws IOException {
        CliRun r = run("drift", "detect", "--detector", "adwin", "--input", river.toString(), "--json");
        assertThat(r.exit()).isZero();
        JsonNode json = r.json();
        assertThat(CliRun.fields(json)).containsExactly("warnings", "drifts");
        assertThat(json.get("warnings")).isEmpty();
        assertThat(json.get("drifts")).hasSize(1);
        assertThat(json.get("drifts").get(0).asInt()).isEqualTo(1023);

        CliRun text = run("drift", "detect", "--detector", "adwin", "--input", river.toString(), "--column", "value");
        assertThat(text.out().lines()).containsExactly(
                "adwin on column 'value' of " + river + ": 2000 value(s)", "warnings (0): none", "drifts (1): 1023");
        assertThat(data).doesNotExist();
    }

    @Test
    void detectPassesParametersToTheDetector() throws IOException {
        // Page-Hinkley with the parameters of river's example (its defaults) drifts at 1006
        JsonNode published = run("drift", "detect", "--detector", "page-hinkley", "--param", "min_instances=30",
                "--param", "delta=0.005", "--param", "threshold=50", "--param", "alpha=0.9999", "--input",
                river.toString(), "--json").json();
        assertThat(published.get("drifts").get(0).asInt()).isEqualTo(1006);
        JsonNode deaf = run("drift", "detect", "--detector", "page-hinkley", "--param", "threshold=1e9", "--input",
                river.toString(), "--json").json();
        assertThat(deaf.get("drifts")).isEmpty();
    }

    @Test
    void detectReportsWarningsBeforeDriftsOnARisingErrorRate() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder b = new StringBuilder("request,wrong\n");
        for (int i = 0; i < 2000; i++) {
            b.append(i).append(',').append(random.nextDouble() < (i < 1000 ? 0.1 : 0.5) ? 1 : 0).append('\n');
            if (i % 500 == 0) {
                b.append('\n'); // blank lines are skipped and do not count as positions
            }
        }
        Path errors = Files.writeString(tmp.resolve("errors.csv"), b);
        JsonNode json = run("drift", "detect", "--detector", "hddm-a", "--input", errors.toString(), "--json").json();
        List<Integer> warnings = ints(json.get("warnings"));
        List<Integer> drifts = ints(json.get("drifts"));
        assertThat(drifts).isNotEmpty().allMatch(i -> i >= 1000 && i < 2000);
        assertThat(warnings).isNotEmpty().allMatch(i -> i < 2000)
                .anyMatch(i -> i >= 1000 && i < drifts.get(0)); // the warning zone comes first

        CliRun text = run("drift", "detect", "--detector", "hddm-a", "--input", errors.toString());
        assertThat(text.out()).contains("hddm-a on column 'wrong' of " + errors + ": 2000 value(s)")
                .contains("warnings (" + warnings.size() + "): " + warnings.get(0))
                .contains("drifts (" + drifts.size() + "): " + drifts.get(0));
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void detectHelpListsEveryDetectorsParametersAndDefaults() {
        CliRun r = run("drift", "detect", "--help");
        assertThat(r.exit()).isZero();
        for (String name : ChangeDetectors.names()) {
            assertThat(r.out()).contains("\n  " + name + "\n");
            for (DetectorParameter p : ChangeDetectors.parameters(name)) {
                assertThat(r.out()).contains("    " + p.name() + " [" + p.defaultValue() + "]  " + p.accepted());
            }
        }
        assertThat(r.out().lines()).allMatch(line -> line.length() <= 80);
    }

    @Test
    void badInputIsOneLineOnStderrANonZeroExitAndNoDataDirectory() throws IOException {
        Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        Path blankCell = Files.writeString(tmp.resolve("blank.csv"), "index,value\n0,1.5\n1,\n2,3\n");
        Path text = Files.writeString(tmp.resolve("text.csv"), "index,value\n0,1.5\n1,2\n2,high\n");
        Path binary = Files.writeString(tmp.resolve("binary.csv"), "wrong\n0\n1\n2\n");
        Path otherFeatures = Files.writeString(tmp.resolve("other.csv"), "a,b\n1,2\n3,4\n");
        String missing = tmp.resolve("missing.csv").toString();
        String ref = reference.toString();
        String cur = shifted.toString();
        String in = river.toString();
        Object[][] cases = {
            {1, "expected --current to name a readable file but '" + missing + "' does not exist",
                new String[] {"drift", "compare", "--reference", ref, "--current", missing}},
            {1, "ragged.csv line 3: expected 2 cells like the header, but got 1",
                new String[] {"drift", "compare", "--reference", ragged.toString(), "--current", cur}},
            {1, "feature 'a' of the reference",
                new String[] {"drift", "compare", "--reference", otherFeatures.toString(), "--current", cur}},
            {1, "expected a ks threshold in (0, 1] (a p-value)",
                new String[] {"drift", "compare", "--reference", ref, "--current", cur, "--method", "ks",
                    "--threshold", "2"}},
            {2, "Invalid value for option '--method': expected a drift method",
                new String[] {"drift", "compare", "--reference", ref, "--current", cur, "--method", "KS"}},
            {2, "'abc' is not a double",
                new String[] {"drift", "compare", "--reference", ref, "--current", cur, "--threshold", "abc"}},
            {2, "Missing required option: '--current=CUR.csv'", new String[] {"drift", "compare", "--reference", ref}},
            {2, "expected a drift command: compare or detect", new String[] {"drift"}},
            {2, "unknown change detector 'adwinn'; expected one of adwin",
                new String[] {"drift", "detect", "--detector", "adwinn", "--input", in}},
            {1, "detector 'adwin': parameter 'delta' must be a number in (0, 1), but got '2'",
                new String[] {"drift", "detect", "--detector", "adwin", "--param", "delta=2", "--input", in}},
            {1, "detector 'adwin' has no parameter 'colour'",
                new String[] {"drift", "detect", "--detector", "adwin", "--param", "colour=red", "--input", in}},
            {1, "expected --param KEY=VALUE but got 'delta'",
                new String[] {"drift", "detect", "--detector", "adwin", "--param", "delta", "--input", in}},
            {1, "expected --input to name a readable file but '" + missing + "' does not exist",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", missing}},
            {1, "expected a column 'speed' but the header names [index, value]",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", in, "--column", "speed"}},
            {1, "ragged.csv line 3: expected 2 cell(s) like the header, but got 1",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", ragged.toString()}},
            {1, "empty.csv: expected a header row naming the columns, but the file is empty",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", empty.toString()}},
            {1, "blank.csv line 3: column 'value': expected a number but the cell is empty",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", blankCell.toString()}},
            {1, "text.csv line 4: column 'value': expected a finite number but got 'high'",
                new String[] {"drift", "detect", "--detector", "adwin", "--input", text.toString()}},
            {1, "binary.csv line 4: detector 'ddm' expected an error indicator in [0, 1]",
                new String[] {"drift", "detect", "--detector", "ddm", "--input", binary.toString()}},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[2];
            CliRun r = run(args);
            String what = String.join(" ", args);
            assertThat(r.exit()).as(what).isEqualTo((int) c[0]);
            assertThat(r.errLines()).as(what).hasSize(1);
            assertThat(r.err()).as(what).startsWith("visutility: ").contains((String) c[1]);
            assertThat(r.out()).as(what).isEmpty();
        }
        assertThat(data).doesNotExist();
    }
}
