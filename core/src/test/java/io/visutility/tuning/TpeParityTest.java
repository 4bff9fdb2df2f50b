package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visutility.tuning.Parameter.CategoricalParam;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Our TPE against Optuna 3.1's TPESampler, number by number, for fixed histories: the good/bad split,
 * each parameter's Parzen estimators (kernel positions, bandwidths and weights, or per-choice
 * probabilities), log l and log g at fixed values, and, with the same uniforms fed to both, the 24
 * candidates drawn, their log densities and the value chosen.
 *
 * <p>The reference numbers are in {@code tuning/tpe_parity.json}, written by
 * {@code /usr/bin/python3 scripts/tpe_parity.py > core/src/test/resources/tuning/tpe_parity.json}
 * with Debian's python3-optuna 3.1.0 (numpy 1.24.2): histories of Optuna's own runs of the benchmark
 * objectives (toy_cv_train7, rosenbrock4, hartmann6), and everything else computed by Optuna's
 * sampler code on them (see the script's docstring).
 */
class TpeParityTest {
    /** Relative to max(1, |expected|). */
    private static final double TOLERANCE = 1e-9;
    private static final JsonNode FIXTURE = load();

    private static JsonNode load() {
        try (InputStream in = TpeParityTest.class.getResourceAsStream("/tuning/tpe_parity.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesOptuna31() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            String label = c.get("objective").asText() + " seed " + c.get("seed").asInt() + " after "
                    + c.get("trials").asInt() + " trials";
            tests.add(DynamicTest.dynamicTest(label, () -> checkCase(c)));
        }
        return tests.stream();
    }

    private static void checkCase(JsonNode c) {
        SoftAssertions softly = new SoftAssertions();
        SearchSpace space = SearchSpace.fromJson(c.get("space").toString());
        List<Trial> trials = new ArrayList<>();
        for (JsonNode t : c.get("history")) {
            Map<String, Object> params = new LinkedHashMap<>();
            t.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), value(e.getValue())));
            trials.add(new Trial(t.get("number").asInt(), space.validate(params), TrialState.COMPLETE,
                    OptionalDouble.of(t.get("value").asDouble()), Optional.empty()));
        }
        Direction direction = switch (c.get("direction").asText()) {
            case "minimize" -> Direction.MINIMIZE;
            case "maximize" -> Direction.MAXIMIZE;
            default -> throw new IllegalArgumentException(c.get("direction").asText());
        };
        History history = new History(space, direction, trials);
        TpeSampler sampler = new TpeSampler(c.get("seed").asLong(), TpeSettings.defaults());
        TpeSampler.Split split = sampler.split(history);
        assertThat(split).isNotNull();

        for (JsonNode expected : c.get("parameters")) {
            String name = expected.get("name").asText();
            Parameter p = space.parameter(name).orElseThrow();
            softly.assertThat(numbers(split.below())).as(name + " below").isEqualTo(intList(expected.get("below")));
            softly.assertThat(numbers(split.above())).as(name + " above").isEqualTo(intList(expected.get("above")));
            if (p instanceof CategoricalParam cp) {
                checkCategorical(softly, name, sampler.fitCategorical(cp, split.below()), expected.get("l"), expected, "log_l");
                checkCategorical(softly, name, sampler.fitCategorical(cp, split.above()), expected.get("g"), expected, "log_g");
            } else {
                NumericScale scale = NumericScale.of(p);
                checkNumeric(softly, name, scale, sampler.fitNumeric(scale, split.below()), expected.get("l"), expected, "log_l");
                checkNumeric(softly, name, scale, sampler.fitNumeric(scale, split.above()), expected.get("g"), expected, "log_g");
            }
            checkScripted(softly, name, p, sampler, split, expected.get("scripted"));
        }
        softly.assertAll();
    }

    private static void checkNumeric(SoftAssertions softly, String name, NumericScale scale, NumericParzen parzen, JsonNode expected,
            JsonNode parameter, String densities) {
        String what = name + " " + densities.substring(4);
        close(softly, what + " low", scale.low(), expected.get("low").asDouble());
        close(softly, what + " high", scale.high(), expected.get("high").asDouble());
        softly.assertThat(scale.step()).as(what + " q").isEqualTo(expected.get("q").isNull() ? 0 : expected.get("q").asDouble());
        close(softly, what + " mus", parzen.mus(), doubles(expected.get("mus")));
        close(softly, what + " sigmas", parzen.sigmas(), doubles(expected.get("sigmas")));
        close(softly, what + " weights", parzen.weights(), doubles(expected.get("weights")));
        double[] points = doubles(parameter.get("points"));
        double[] actual = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            actual[i] = parzen.logDensity(scale.internal(points[i]));
        }
        close(softly, what + " log density at " + parameter.get("points"), actual, doubles(parameter.get(densities)));
    }

    private static void checkCategorical(SoftAssertions softly, String name, CategoricalParzen parzen, JsonNode expected, JsonNode parameter,
            String densities) {
        String what = name + " " + densities.substring(4);
        close(softly, what + " weights", parzen.weights(), doubles(expected.get("weights")));
        close(softly, what + " probabilities", parzen.probabilities(), doubles(expected.get("probabilities")));
        int[] points = ints(parameter.get("points"));
        double[] actual = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            actual[i] = parzen.logDensity(points[i]);
        }
        close(softly, what + " log density", actual, doubles(parameter.get(densities)));
    }

    private static void checkScripted(SoftAssertions softly, String name, Parameter p, TpeSampler sampler, TpeSampler.Split split,
            JsonNode expected) {
        double[] kernel = doubles(expected.get("kernel_uniforms"));
        double[] value = doubles(expected.get("value_uniforms"));
        List<TpeSampler.Candidate> candidates = sampler.candidates(p, split, kernel, value);
        JsonNode values = expected.get("candidates");
        softly.assertThat(candidates).hasSize(values.size());
        double[] logL = new double[candidates.size()];
        double[] logG = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            checkValue(softly, name + " candidate " + i, p, candidates.get(i).value(), values.get(i));
            logL[i] = candidates.get(i).logL();
            logG[i] = candidates.get(i).logG();
        }
        close(softly, name + " candidates' log l", logL, doubles(expected.get("log_l")));
        close(softly, name + " candidates' log g", logG, doubles(expected.get("log_g")));
        checkValue(softly, name + " chosen", p, sampler.choose(p, split, kernel, value), expected.get("chosen"));
    }

    private static void checkValue(SoftAssertions softly, String what, Parameter p, Object actual, JsonNode expected) {
        switch (p) {
            case CategoricalParam c -> softly.assertThat(c.indexOf(actual)).as(what).isEqualTo(expected.asInt());
            case Parameter.IntParam i -> softly.assertThat(actual).as(what).isEqualTo(expected.asLong());
            case Parameter.FloatParam f -> close(softly, what, (Double) actual, expected.asDouble());
        }
    }

    @Test
    void ourOrderOfEqualValuesIsNumpysDefaultArgsort() {
        for (JsonNode c : FIXTURE.get("argsort")) {
            double[] values = doubles(c.get("values"));
            assertThat(Numpy.argsort(values)).as("argsort of %s", c.get("values")).containsExactly(ints(c.get("argsort")));
        }
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        return v.asDouble();
    }

    private static List<Integer> numbers(List<Trial> trials) {
        return trials.stream().map(Trial::number).toList();
    }

    private static List<Integer> intList(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static void close(SoftAssertions softly, String what, double actual, double expected) {
        softly.assertThat(actual).as(what).isCloseTo(expected, within(TOLERANCE * Math.max(1, Math.abs(expected))));
    }

    private static void close(SoftAssertions softly, String what, double[] actual, double[] expected) {
        softly.assertThat(actual).as(what + " (length)").hasSameSizeAs(expected);
        for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
            close(softly, what + " [" + i + "]", actual[i], expected[i]);
        }
    }
}
