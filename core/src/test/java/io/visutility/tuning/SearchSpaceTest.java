package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchSpaceTest {
    static final String EXAMPLE = """
            {"lr":{"type":"float","low":1e-5,"high":1,"log":true},\
            "batch_size":{"type":"int","low":16,"high":512,"log":true},\
            "epochs":{"type":"int","low":5,"high":100,"step":5},\
            "optimizer":{"type":"categorical","choices":["sgd","adam"]}}""";

    @Test
    void parsesTheDocumentedExampleInOrder() {
        SearchSpace space = SearchSpace.fromJson(EXAMPLE);

        assertThat(space.parameters()).containsExactly(
                new FloatParam("lr", 1e-5, 1, true, OptionalDouble.empty()),
                new IntParam("batch_size", 16, 512, 1, true),
                new IntParam("epochs", 5, 100, 5, false),
                new CategoricalParam("optimizer", List.of("sgd", "adam")));
    }

    @Test
    void toJsonReadsBackToAnEqualSpace() {
        SearchSpace space = SearchSpace.fromJson("""
                {"a":{"type":"float","low":-1.5,"high":2.5,"step":0.5},"b":{"type":"float","low":0,"high":1},
                 "c":{"type":"categorical","choices":["x",3,2.5,true]},"d":{"type":"int","low":-3,"high":9,"step":3},
                 "lr":{"type":"float","low":1e-5,"high":1,"log":true}}""");

        assertThat(SearchSpace.fromJson(space.toJson())).isEqualTo(space);
        assertThat(SearchSpace.fromJson(SearchSpace.fromJson(EXAMPLE).toJson())).isEqualTo(SearchSpace.fromJson(EXAMPLE));
    }

    @Test
    void categoricalChoicesKeepTheirJsonTypes() {
        CategoricalParam c = (CategoricalParam) SearchSpace.fromJson(
                "{\"c\":{\"type\":\"categorical\",\"choices\":[\"x\",3,2.5,true]}}").parameters().getFirst();

        assertThat(c.choices()).containsExactly("x", 3L, 2.5, true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            low not below high   | {"x":{"type":"float","low":1,"high":1}}                          | parameter 'x': expected low < high but got low=1.0, high=1.0
            int low above high   | {"n":{"type":"int","low":10,"high":2}}                           | parameter 'n': expected low < high but got low=10, high=2
            log with zero low    | {"lr":{"type":"float","low":0,"high":1,"log":true}}              | parameter 'lr': expected low > 0 for a log-scaled parameter but got low=0.0
            log int from zero    | {"n":{"type":"int","low":0,"high":8,"log":true}}                 | parameter 'n': expected low ≥ 1 for a log-scaled parameter but got low=0
            step and log         | {"n":{"type":"int","low":1,"high":9,"step":2,"log":true}}        | parameter 'n': step and log are exclusive, but got both (step=2, log=true)
            float step and log   | {"x":{"type":"float","low":1,"high":9,"step":2,"log":true}}      | parameter 'x': step and log are exclusive, but got both (step=2.0, log=true)
            step not dividing    | {"epochs":{"type":"int","low":5,"high":100,"step":7}}            | parameter 'epochs': expected step 7 to divide high − low = 95 (the largest high it fits is 96)
            float step not dividing | {"x":{"type":"float","low":0,"high":1,"step":0.3}}           | parameter 'x': expected step 0.3 to divide high − low = 1.0 (the largest high it fits is 0.8999999999999999)
            zero step            | {"n":{"type":"int","low":1,"high":9,"step":0}}                   | parameter 'n': expected step ≥ 1 but got step=0
            no choices           | {"o":{"type":"categorical","choices":[]}}                        | parameter 'o': expected at least one choice but got none
            repeated choice      | {"o":{"type":"categorical","choices":["sgd","adam","sgd"]}}      | parameter 'o': expected unique choices but 'sgd' appears twice
            same number twice    | {"o":{"type":"categorical","choices":[1,1.0]}}                   | parameter 'o': expected unique choices but 1.0 appears twice
            null choice          | {"o":{"type":"categorical","choices":["a",null]}}                | parameter 'o': expected choices that are strings, numbers or booleans but got null
            unknown key          | {"lr":{"type":"float","low":0,"high":1,"base":10}}               | parameter 'lr': unknown key "base" for type float; expected only [high, log, low, step, type]
            choices on a float   | {"lr":{"type":"float","low":0,"high":1,"choices":[1]}}           | parameter 'lr': unknown key "choices" for type float; expected only [high, log, low, step, type]
            unknown type         | {"lr":{"type":"double","low":0,"high":1}}                        | parameter 'lr': expected "type" to be "float", "int" or "categorical" but got "double"
            missing high         | {"lr":{"type":"float","low":0}}                                  | parameter 'lr': expected "high" to be a number but got nothing
            fractional int bound | {"n":{"type":"int","low":1.5,"high":4}}                          | parameter 'n': expected "low" to be an integer but got 1.5
            string bound         | {"n":{"type":"int","low":"1","high":4}}                          | parameter 'n': expected "low" to be an integer but got "1"
            log not boolean      | {"x":{"type":"float","low":1,"high":4,"log":"yes"}}              | parameter 'x': expected "log" to be true or false but got "yes"
            definition not object | {"x":[1,2]}                                                     | parameter 'x': expected an object like {"type": "float", "low": 0, "high": 1} but got [1,2]
            empty space          | {}                                                               | expected a search space with at least one parameter but got none
            not an object        | [1,2]                                                            | expected a search space as a JSON object of parameter name to definition but got array
            """)
    void refusesInvalidSpacesNamingTheParameter(String why, String json, String message) {
        assertThatThrownBy(() -> SearchSpace.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void refusesAParameterDefinedTwiceInTheJson() {
        assertThatThrownBy(() -> SearchSpace.fromJson("{\"lr\":{\"type\":\"float\",\"low\":0,\"high\":1},"
                + "\"lr\":{\"type\":\"float\",\"low\":0,\"high\":2}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'lr'");
    }

    @Test
    void refusesJsonThatDoesNotParse() {
        assertThatThrownBy(() -> SearchSpace.fromJson("{\"lr\": "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a search space as JSON but it does not parse");
    }

    @Test
    void refusesTwoParametersWithOneName() {
        assertThatThrownBy(() -> SearchSpace.of(Parameter.intRange("n", 1, 3), Parameter.floatRange("n", 0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'n' is defined twice");
    }

    @Test
    void validateCanonicalisesValuesInTheSpacesOrder() {
        SearchSpace space = SearchSpace.fromJson(EXAMPLE);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("optimizer", "adam");
        values.put("epochs", 25.0);
        values.put("batch_size", 64);
        values.put("lr", 0.01f);

        Map<String, Object> canonical = space.validate(values);

        assertThat(canonical).containsExactly(Map.entry("lr", (double) 0.01f), Map.entry("batch_size", 64L),
                Map.entry("epochs", 25L), Map.entry("optimizer", "adam"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            below low         | lr        | 0.0      | parameter 'lr': expected a value within [1.0E-5, 1.0] but got 0.0
            off the step      | epochs    | 12       | parameter 'epochs': expected low + k·step (low=5, step=5) but got 12
            not an integer    | epochs    | 12.5     | parameter 'epochs': expected an integer but got 12.5
            unknown choice    | optimizer | rmsprop  | parameter 'optimizer': expected one of [sgd, adam] but got 'rmsprop'
            """)
    void validateNamesTheOffendingParameter(String why, String name, String raw, String message) {
        SearchSpace space = SearchSpace.fromJson(EXAMPLE);
        Map<String, Object> values = new LinkedHashMap<>(Map.of("lr", 0.1, "batch_size", 32, "epochs", 10,
                "optimizer", "sgd"));
        values.put(name, name.equals("optimizer") ? raw : raw.contains(".") ? (Object) Double.parseDouble(raw)
                : (Object) Long.parseLong(raw));

        assertThatThrownBy(() -> space.validate(values)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void validateRefusesMissingAndUnknownParameters() {
        SearchSpace space = SearchSpace.of(Parameter.intRange("n", 1, 3));

        assertThatThrownBy(() -> space.validate(Map.of()))
                .hasMessage("parameter 'n': expected a value but it is missing");
        assertThatThrownBy(() -> space.validate(Map.of("n", 1, "m", 2)))
                .hasMessage("unknown parameter 'm'; the space has [n]");
    }

    @Test
    void steppedFloatsSnapToTheirGrid() {
        SearchSpace space = SearchSpace.of(Parameter.steppedFloat("x", 0, 1, 0.1));

        assertThat(space.validate(Map.of("x", 0.30000000000000004))).containsEntry("x", 0.30000000000000004);
        assertThat(space.validate(Map.of("x", 1.0))).containsEntry("x", 1.0);
        assertThatThrownBy(() -> space.validate(Map.of("x", 0.35)))
                .hasMessage("parameter 'x': expected low + k·step (low=0.0, step=0.1) but got 0.35");
    }
}
