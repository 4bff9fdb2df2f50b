package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.drift.ChangeDetector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeDetectorsTest {

    static List<String> names() {
        return ChangeDetectors.names();
    }

    @Test
    void listsTheSevenDetectorsInAStableOrder() {
        assertThat(ChangeDetectors.names())
                .containsExactly("adwin", "page-hinkley", "ddm", "eddm", "hddm-a", "hddm-w", "kswin");
    }

    @ParameterizedTest
    @MethodSource("names")
    void createsEachDetectorUnderItsName(String name) {
        ChangeDetector detector = ChangeDetectors.create(name);

        assertThat(detector.name()).isEqualTo(name);
        assertThat(detector.evidence()).containsEntry("detector", name);
    }

    @Test
    void describesEachParameterWithRiversDefault() {
        assertThat(defaults("adwin")).containsExactly(Map.entry("delta", "0.002"), Map.entry("clock", "32"),
                Map.entry("max_buckets", "5"), Map.entry("min_window_length", "5"), Map.entry("grace_period", "10"));
        assertThat(defaults("page-hinkley")).containsExactly(Map.entry("min_instances", "30"),
                Map.entry("delta", "0.005"), Map.entry("threshold", "50.0"), Map.entry("alpha", "0.9999"),
                Map.entry("mode", "both"));
        assertThat(defaults("ddm")).containsExactly(Map.entry("warm_start", "30"),
                Map.entry("warning_threshold", "2.0"), Map.entry("drift_threshold", "3.0"));
        assertThat(defaults("eddm")).containsExactly(Map.entry("warm_start", "30"), Map.entry("alpha", "0.95"),
                Map.entry("beta", "0.9"));
        assertThat(defaults("hddm-a")).containsExactly(Map.entry("drift_confidence", "0.001"),
                Map.entry("warning_confidence", "0.005"), Map.entry("two_sided", "false"));
        assertThat(defaults("hddm-w")).containsExactly(Map.entry("drift_confidence", "0.001"),
                Map.entry("warning_confidence", "0.005"), Map.entry("lambda", "0.05"),
                Map.entry("two_sided", "false"));
        assertThat(defaults("kswin")).containsExactly(Map.entry("alpha", "0.005"), Map.entry("window_size", "100"),
                Map.entry("stat_size", "30"), Map.entry("seed", "42"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void describesWhatEachParameterAccepts(String name) {
        assertThat(ChangeDetectors.parameters(name)).allSatisfy(p -> {
            assertThat(p.name()).matches("[a-z][a-z_]*");
            assertThat(p.accepted()).isNotBlank();
            assertThat(p.description()).isNotBlank();
        });
    }

    @ParameterizedTest
    @MethodSource("names")
    void spellingOutTheDefaultsChangesNothing(String name) {
        Map<String, String> explicit = new HashMap<>();
        ChangeDetectors.parameters(name).forEach(p -> explicit.put(p.name(), p.defaultValue()));
        double[] stream = DetectorLifecycleTest.streamFor(name);

        assertThat(Run.of(ChangeDetectors.create(name, explicit), stream))
                .isEqualTo(Run.of(ChangeDetectors.create(name), stream));
    }

    @Test
    void rejectsAnUnknownDetectorListingTheKnownOnes() {
        assertThatThrownBy(() -> ChangeDetectors.create("cusum", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown change detector 'cusum'; expected one of adwin, page-hinkley, ddm, eddm, hddm-a,"
                        + " hddm-w, kswin");
        assertThatThrownBy(() -> ChangeDetectors.parameters("ADWIN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnUnknownParameterListingTheAcceptedOnes() {
        assertThatThrownBy(() -> ChangeDetectors.create("ddm", Map.of("warning_level", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detector 'ddm' has no parameter 'warning_level'; expected one of warm_start,"
                        + " warning_threshold, drift_threshold");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            adwin        | delta              | 0          | a number in (0, 1)
            adwin        | delta              | 1          | a number in (0, 1)
            adwin        | delta              | abc        | a number in (0, 1)
            adwin        | delta              | NaN        | a number in (0, 1)
            adwin        | clock              | 0          | an integer in [1, 2147483647]
            adwin        | clock              | 2.5        | an integer in [1, 2147483647]
            adwin        | max_buckets        | 2000       | an integer in [2, 1024]
            adwin        | max_buckets        | 1          | an integer in [2, 1024]
            adwin        | grace_period       | -1         | an integer in [0, 2147483647]
            page-hinkley | threshold          | 0          | a number > 0
            page-hinkley | threshold          | Infinity   | a number > 0
            page-hinkley | alpha              | 1.5        | a number in (0, 1]
            page-hinkley | delta              | -0.1       | a number >= 0
            page-hinkley | mode               | sideways   | one of up, down, both
            page-hinkley | min_instances      | 99999999999 | an integer in [1, 2147483647]
            ddm          | warm_start         | 0          | an integer in [1, 2147483647]
            ddm          | drift_threshold    | -3         | a number > 0
            eddm         | beta               | 1          | a number in (0, 1)
            hddm-a       | two_sided          | yes        | true or false
            hddm-w       | lambda             | 0          | a number in (0, 1]
            hddm-w       | warning_confidence | 0.5.1      | a number in (0, 1)
            kswin        | window_size        | 1          | an integer in [2, 1000000]
            kswin        | seed               | forty-two  | a 64-bit integer
            """)
    void rejectsAValueOutsideItsRangeNamingDetectorParameterAndRange(String detector, String parameter,
            String value, String accepted) {
        assertThatThrownBy(() -> ChangeDetectors.create(detector, Map.of(parameter, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detector '" + detector + "': parameter '" + parameter + "' must be " + accepted
                        + ", but got '" + value + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ddm    | warning_threshold=3.5                         | detector 'ddm': parameter 'warning_threshold' must be at most drift_threshold (3.0), but got 3.5
            eddm   | beta=0.96                                     | detector 'eddm': parameter 'beta' must be at most alpha (0.95), but got 0.96
            hddm-a | drift_confidence=0.01                         | detector 'hddm-a': parameter 'drift_confidence' must be at most warning_confidence (0.005), but got 0.01
            hddm-w | warning_confidence=0.0005                     | detector 'hddm-w': parameter 'drift_confidence' must be at most warning_confidence (5.0E-4), but got 0.001
            kswin  | stat_size=51                                  | detector 'kswin': parameter 'stat_size' must be at most half of window_size (100), but got 51
            """)
    void rejectsParametersThatContradictEachOther(String detector, String assignment, String message) {
        String[] kv = assignment.split("=");

        assertThatThrownBy(() -> ChangeDetectors.create(detector, Map.of(kv[0], kv[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsValuesWithSurroundingSpaceAndAnyCaseForWords() {
        ChangeDetector detector = ChangeDetectors.create("hddm-w",
                Map.of("lambda", " 1 ", "two_sided", "TRUE", "drift_confidence", "1e-4"));

        assertThat(detector.evidence()).containsEntry("lambda", 1.0).containsEntry("two_sided", true)
                .containsEntry("drift_confidence", 1e-4);
    }

    @Test
    void rejectsANullValue() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("delta", null);

        assertThatThrownBy(() -> ChangeDetectors.create("adwin", parameters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delta' must be a number in (0, 1), but got 'null'");
    }

    @Test
    void parametersChangeBehaviour() {
        double[] numeric = ReferenceStreams.numeric();
        double[] binary = ReferenceStreams.binary();

        assertThat(Run.of(ChangeDetectors.create("page-hinkley", Map.of("mode", "down")), numeric).drifts())
                .isEmpty();
        assertThat(Run.of(ChangeDetectors.create("page-hinkley", Map.of("mode", "up")), numeric).drifts())
                .containsExactly(1006);
        assertThat(Run.of(ChangeDetectors.create("adwin", Map.of("clock", "1")), numeric).drifts().get(0))
                .isLessThan(1023);
        assertThat(Run.of(ChangeDetectors.create("ddm", Map.of("drift_threshold", "2.5")), binary).drifts().get(0))
                .isLessThan(1334);
        assertThat(Run.of(ChangeDetectors.create("kswin", Map.of("alpha", "0.0001", "stat_size", "20")), numeric)
                .drifts().get(0)).isNotEqualTo(1016);
    }

    private static Map<String, String> defaults(String name) {
        Map<String, String> defaults = new LinkedHashMap<>();
        ChangeDetectors.parameters(name).forEach(p -> defaults.put(p.name(), p.defaultValue()));
        return defaults;
    }
}
