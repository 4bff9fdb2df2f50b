package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-feature and per-data-set comparison: Evidently's automatic choice, decisions, thresholds and refusals. */
class DriftComparisonTest {

    @ParameterizedTest(name = "{0} reference values, {1} distinct, numeric={2} -> {3}")
    @CsvSource({
        "1000, 6, true, KS",
        "1000, 5, true, CHISQUARE",
        "1000, 2, true, CHISQUARE",
        "1000, 1, true, CHISQUARE",
        "1000, 40, false, CHISQUARE",
        "1000, 2, false, CHISQUARE",
        "1001, 6, true, WASSERSTEIN",
        "1001, 5, true, JENSENSHANNON",
        "1001, 2, false, JENSENSHANNON",
        "10, 6, true, KS",
    })
    void autoChoosesEvidentlysDefault(int size, int distinct, boolean numeric, DriftMethod expected) {
        Column reference = column(size, distinct, numeric);
        Column current = column(50, distinct, numeric);
        assertThat(DriftComparison.chooseAuto(reference, current)).isEqualTo(expected);
        FeatureDrift d = DriftComparison.compare("f", reference, current, DriftMethod.AUTO, OptionalDouble.empty());
        assertThat(d.method()).isEqualTo(expected);
        assertThat(d.threshold()).isEqualTo(expected.defaultThreshold());
        assertThat(d.pValue().isPresent()).isEqualTo(expected.hasPValue());
    }

    @Test
    void autoCountsTheDistinctValuesOfBothSamples() {
        Column reference = column(100, 5, true); // 0..4
        assertThat(DriftComparison.chooseAuto(reference, Column.numeric(new double[] {0, 1}))).isEqualTo(DriftMethod.CHISQUARE);
        assertThat(DriftComparison.chooseAuto(reference, Column.numeric(new double[] {0, 7}))).isEqualTo(DriftMethod.KS);
    }

    @Test
    void aPValueEqualToTheThresholdIsNotDrift() {
        // One value below 19 others: p is exactly 2/20 = 0.1.
        Column single = Column.numeric(new double[] {0});
        Column others = Column.numeric(IntStream.rangeClosed(1, 19).asDoubleStream().toArray());
        FeatureDrift d = DriftComparison.compare("x", single, others, DriftMethod.KS, OptionalDouble.of(0.1));
        assertThat(d.pValue()).hasValue(0.1);
        assertThat(d.drifted()).isFalse();
        assertThat(DriftComparison.compare("x", single, others, DriftMethod.KS, OptionalDouble.of(0.10000001)).drifted())
                .isTrue();
    }

    @Test
    void aDistanceEqualToTheThresholdIsDrift() {
        // A shift by one reference standard deviation: normed Wasserstein distance exactly 1.
        Column reference = Column.numeric(new double[] {0, 2});
        Column current = Column.numeric(new double[] {1, 3});
        FeatureDrift d = DriftComparison.compare("x", reference, current, DriftMethod.WASSERSTEIN, OptionalDouble.of(1.0));
        assertThat(d.statistic()).isEqualTo(1.0);
        assertThat(d.drifted()).isTrue();
        assertThat(d.pValue()).isEmpty();
        assertThat(DriftComparison.compare("x", reference, current, DriftMethod.WASSERSTEIN, OptionalDouble.of(1.5)).drifted())
                .isFalse();
    }

    @Test
    void refusesNumericOnlyMethodsForCategoricalFeatures() {
        Column cats = Column.categorical(new String[] {"a", "b"});
        for (DriftMethod m : List.of(DriftMethod.KS, DriftMethod.WASSERSTEIN)) {
            assertThatThrownBy(() -> DriftComparison.compare("color", cats, cats, m, OptionalDouble.empty()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(m.cliName() + " compares numbers, but feature 'color' is categorical; "
                            + "use chisquare, jensenshannon, psi or auto");
        }
        for (DriftMethod m : List.of(DriftMethod.CHISQUARE, DriftMethod.JENSENSHANNON, DriftMethod.PSI, DriftMethod.AUTO)) {
            assertThat(DriftComparison.compare("color", cats, cats, m, OptionalDouble.empty()).drifted()).isFalse();
        }
    }

    @Test
    void refusesColumnsOfDifferentKinds() {
        assertThatThrownBy(() -> DriftComparison.compare("code", Column.numeric(new double[] {1, 2}),
                        Column.categorical(new String[] {"E1"}), DriftMethod.AUTO, OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'code' is numeric in the reference but categorical in the current data "
                        + "(a column is numeric only when every value is a number)");
    }

    @Test
    void refusesThresholdsOutsideTheirRange() {
        Column c = Column.numeric(new double[] {1, 2, 3});
        for (double t : new double[] {0, -0.05, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> DriftComparison.compare("x", c, c, DriftMethod.KS, OptionalDouble.of(t)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a ks threshold in (0, 1] (a p-value) for feature 'x', but got " + t);
        }
        for (double t : new double[] {0, Double.POSITIVE_INFINITY, Double.NaN}) {
            assertThatThrownBy(() -> DriftComparison.compare("x", c, c, DriftMethod.PSI, OptionalDouble.of(t)))
                    .hasMessageContaining("expected a psi threshold above 0 (a distance)");
        }
        assertThat(DriftComparison.compare("x", c, c, DriftMethod.PSI, OptionalDouble.of(2.5)).threshold()).isEqualTo(2.5);
    }

    @Test
    void featureDriftNeverRecordsAutoAndHasAPValueExactlyForPValueMethods() {
        assertThatThrownBy(() -> new FeatureDrift("x", DriftMethod.AUTO, 0, OptionalDouble.empty(), 0.1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but got 'auto'");
        assertThatThrownBy(() -> new FeatureDrift("x", DriftMethod.KS, 0, OptionalDouble.empty(), 0.05, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a p-value for ks");
        assertThatThrownBy(() -> new FeatureDrift("x", DriftMethod.PSI, 0, OptionalDouble.of(0.5), 0.1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected no p-value for psi");
    }

    @Test
    void dataSetDriftsWhenAtLeastHalfTheFeaturesDrift() {
        assertThat(DatasetDrift.of(List.of(drift("a", true), drift("b", false))))
                .satisfies(d -> {
                    assertThat(d.driftedShare()).isEqualTo(0.5);
                    assertThat(d.datasetDrift()).isTrue();
                });
        assertThat(DatasetDrift.of(List.of(drift("a", true), drift("b", false), drift("c", false))))
                .satisfies(d -> {
                    assertThat(d.driftedShare()).isEqualTo(1.0 / 3);
                    assertThat(d.datasetDrift()).isFalse();
                });
        assertThatThrownBy(() -> DatasetDrift.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesDataSetsInTheReferencesColumnOrderIgnoringExtraCurrentColumns() throws IOException {
        Dataset reference = csv("reference.csv", "b,a\n1,x\n2,y\n3,x\n4,y\n5,x\n6,y\n7,x\n");
        Dataset current = csv("current.csv", "a,extra,b\nx,q,11\nx,q,12\nx,q,13\nx,q,14\nx,q,15\nx,q,16\n");
        DatasetDrift d = DriftComparison.compare(reference, current, DriftMethod.AUTO);
        assertThat(d.features()).extracting(FeatureDrift::name).containsExactly("b", "a");
        assertThat(d.features()).extracting(FeatureDrift::method).containsExactly(DriftMethod.KS, DriftMethod.CHISQUARE);
        assertThat(d.features().get(0).drifted()).isTrue();
        assertThat(d.driftedShare()).isEqualTo(d.features().stream().filter(FeatureDrift::drifted).count() / 2.0);
    }

    @Test
    void refusesADataSetThatLacksAReferenceFeature() throws IOException {
        Dataset reference = csv("reference.csv", "age,city\n1,x\n");
        Dataset current = csv("current.csv", "age\n2\n");
        assertThatThrownBy(() -> DriftComparison.compare(reference, current, DriftMethod.AUTO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'city' of the reference (reference.csv) is missing from the current data "
                        + "(current.csv), which has [age]");
    }

    @Test
    void aDataSetWideThresholdAppliesToEveryFeature() throws IOException {
        Dataset reference = csv("r", "x,y\n1,a\n2,b\n3,a\n");
        Dataset current = csv("c", "x,y\n1,a\n2,b\n3,b\n");
        DatasetDrift d = DriftComparison.compare(reference, current, DriftMethod.PSI, OptionalDouble.of(0.25));
        assertThat(d.features()).extracting(FeatureDrift::threshold).containsOnly(0.25);
    }

    @Test
    void matchesScipyOnTheCsvDataSetFixture() throws IOException {
        Dataset reference = resourceCsv("dataset_reference.csv");
        Dataset current = resourceCsv("dataset_current.csv");
        JsonNode expected = ScipyFixtures.read("dataset_expected.json");
        DatasetDrift d = DriftComparison.compare(reference, current, DriftMethod.AUTO);
        assertThat(d.features()).hasSize(expected.get("features").size());
        for (int i = 0; i < d.features().size(); i++) {
            FeatureDrift actual = d.features().get(i);
            JsonNode e = expected.get("features").get(i);
            assertThat(actual.name()).isEqualTo(e.get("name").asText());
            assertThat(actual.method()).as(actual.name()).isEqualTo(DriftMethod.parse(e.get("method").asText()));
            ScipyAgreementTest.assertClose(actual.statistic(), e.get("statistic"), actual.name() + " statistic");
            if (e.has("p_value")) {
                ScipyAgreementTest.assertClose(actual.pValue().orElseThrow(), e.get("p_value"), actual.name() + " p-value");
            }
            assertThat(actual.drifted()).as(actual.name() + " drifted").isEqualTo(e.get("drifted").asBoolean());
        }
        assertThat(d.driftedShare()).isEqualTo(expected.get("drifted_share").doubleValue());
        assertThat(d.datasetDrift()).isEqualTo(expected.get("dataset_drift").asBoolean());
    }

    /** {@code size} values cycling through {@code distinct} values. */
    private static Column column(int size, int distinct, boolean numeric) {
        if (numeric) {
            return Column.numeric(IntStream.range(0, size).mapToDouble(i -> i % distinct).toArray());
        }
        return Column.categorical(IntStream.range(0, size).mapToObj(i -> "c" + i % distinct).toArray(String[]::new));
    }

    private static FeatureDrift drift(String name, boolean drifted) {
        return new FeatureDrift(name, DriftMethod.PSI, drifted ? 1 : 0, OptionalDouble.empty(), 0.1, drifted);
    }

    private static Dataset csv(String source, String text) throws IOException {
        return Dataset.readCsv(new StringReader(text), source);
    }

    private static Dataset resourceCsv(String file) throws IOException {
        InputStream in = DriftComparisonTest.class.getResourceAsStream(ScipyFixtures.DIR + file);
        assertThat(in).as(file).isNotNull();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Dataset.readCsv(reader, file);
        }
    }
}
