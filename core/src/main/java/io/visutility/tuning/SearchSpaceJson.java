package io.visutility.tuning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/** Reads and writes the JSON form of a {@link SearchSpace}; see its class comment for the format. */
final class SearchSpaceJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Map<String, Set<String>> KEYS = Map.of(
            "float", Set.of("type", "low", "high", "log", "step"),
            "int", Set.of("type", "low", "high", "log", "step"),
            "categorical", Set.of("type", "choices"));

    private SearchSpaceJson() {}

    static SearchSpace parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a search space as JSON but it does not parse: "
                    + e.getOriginalMessage(), e);
        }
        return parse(root);
    }

    static SearchSpace parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a search space as a JSON object of parameter name to "
                    + "definition but got " + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            parameters.add(parameter(field.getKey(), field.getValue()));
        }
        return SearchSpace.of(parameters);
    }

    private static Parameter parameter(String name, JsonNode node) {
        if (!node.isObject()) {
            throw invalid(name, "expected an object like {\"type\": \"float\", \"low\": 0, \"high\": 1} but got " + node);
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual() || !KEYS.containsKey(typeNode.asText())) {
            throw invalid(name, "expected \"type\" to be \"float\", \"int\" or \"categorical\" but got "
                    + (typeNode == null ? "nothing" : typeNode.toString()));
        }
        String type = typeNode.asText();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!KEYS.get(type).contains(key)) {
                throw invalid(name, "unknown key \"" + key + "\" for type " + type + "; expected only "
                        + KEYS.get(type).stream().sorted().toList());
            }
        }
        return switch (type) {
            case "float" -> {
                boolean log = bool(name, node, "log");
                JsonNode step = node.get("step");
                yield new FloatParam(name, number(name, node, "low"), number(name, node, "high"), log,
                        step == null ? OptionalDouble.empty() : OptionalDouble.of(number(name, node, "step")));
            }
            case "int" -> {
                boolean log = bool(name, node, "log");
                long step = node.has("step") ? integer(name, node, "step") : 1;
                yield new IntParam(name, integer(name, node, "low"), integer(name, node, "high"), step, log);
            }
            default -> {
                JsonNode choices = node.get("choices");
                if (choices == null || !choices.isArray()) {
                    throw invalid(name, "expected \"choices\" to be an array of strings, numbers or booleans but got "
                            + (choices == null ? "nothing" : choices.toString()));
                }
                List<Object> values = new ArrayList<>();
                for (JsonNode choice : choices) {
                    values.add(choice(name, choice));
                }
                yield new CategoricalParam(name, values);
            }
        };
    }

    private static Object choice(String name, JsonNode choice) {
        if (choice.isTextual()) {
            return choice.asText();
        }
        if (choice.isBoolean()) {
            return choice.asBoolean();
        }
        if (choice.isIntegralNumber() && choice.canConvertToLong()) {
            return choice.asLong();
        }
        if (choice.isNumber()) {
            return choice.asDouble();
        }
        throw invalid(name, "expected choices that are strings, numbers or booleans but got " + choice);
    }

    private static double number(String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber()) {
            throw invalid(name, "expected \"" + key + "\" to be a number but got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asDouble();
    }

    private static long integer(String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw invalid(name, "expected \"" + key + "\" to be an integer but got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asLong();
    }

    private static boolean bool(String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "expected \"" + key + "\" to be true or false but got " + value);
        }
        return value.asBoolean();
    }

    static String write(SearchSpace space) {
        ObjectNode root = MAPPER.createObjectNode();
        for (Parameter p : space.parameters()) {
            ObjectNode node = root.putObject(p.name());
            switch (p) {
                case FloatParam f -> {
                    node.put("type", "float").put("low", f.low()).put("high", f.high());
                    if (f.log()) {
                        node.put("log", true);
                    }
                    f.step().ifPresent(q -> node.put("step", q));
                }
                case IntParam i -> {
                    node.put("type", "int").put("low", i.low()).put("high", i.high());
                    if (i.step() != 1) {
                        node.put("step", i.step());
                    }
                    if (i.log()) {
                        node.put("log", true);
                    }
                }
                case CategoricalParam c -> {
                    node.put("type", "categorical");
                    ArrayNode choices = node.putArray("choices");
                    for (Object choice : c.choices()) {
                        switch (choice) {
                            case String s -> choices.add(s);
                            case Boolean b -> choices.add(b);
                            case Long l -> choices.add(l);
                            case Double d -> choices.add(d);
                            default -> throw new IllegalStateException("unexpected choice " + choice);
                        }
                    }
                }
            }
        }
        return root.toString();
    }

    private static IllegalArgumentException invalid(String name, String message) {
        return new IllegalArgumentException("parameter '" + name + "': " + message);
    }
}
