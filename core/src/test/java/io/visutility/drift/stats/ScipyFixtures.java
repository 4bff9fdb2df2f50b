package io.visutility.drift.stats;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures written by {@code scripts/drift_fixtures.py} from scipy 1.10 / numpy 1.24, read from
 * the test classpath ({@code drift/stats/}).
 */
final class ScipyFixtures {
    static final String DIR = "/drift/stats/";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ScipyFixtures() {}

    /** One sample pair and what scipy computed for it. */
    record Fixture(String name, String description, boolean numeric, JsonNode reference, JsonNode current,
            JsonNode expected) {

        Column referenceColumn() {
            return numeric ? Column.numeric(doubles(reference)) : Column.categorical(strings(reference));
        }

        Column currentColumn() {
            return numeric ? Column.numeric(doubles(current)) : Column.categorical(strings(current));
        }

        double[] referenceValues() {
            return doubles(reference);
        }

        double[] currentValues() {
            return doubles(current);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fixture> all() {
        List<Fixture> fixtures = new ArrayList<>();
        for (JsonNode name : read("index.json").get("fixtures")) {
            JsonNode f = read(name.asText() + ".json");
            fixtures.add(new Fixture(f.get("name").asText(), f.get("description").asText(),
                    f.get("kind").asText().equals("numeric"), f.get("reference"), f.get("current"),
                    f.get("expected")));
        }
        return fixtures;
    }

    static JsonNode read(String file) {
        try (InputStream in = ScipyFixtures.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + file
                        + "; regenerate with /usr/bin/python3 scripts/drift_fixtures.py");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    static String[] strings(JsonNode array) {
        String[] values = new String[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asText();
        }
        return values;
    }
}
