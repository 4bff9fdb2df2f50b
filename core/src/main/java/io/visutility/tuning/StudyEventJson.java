package io.visutility.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.tuning.StudyEvent.TrialAsked;
import io.visutility.tuning.StudyEvent.TrialCompleted;
import io.visutility.tuning.StudyEvent.TrialFailed;
import io.visutility.tuning.StudyEvent.TrialPruned;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SequencedMap;

/** The JSON form of {@link StudyEvent}s: {@code {"type": id, "v": schema version, "trial": n, …}}. */
final class StudyEventJson {
    private StudyEventJson() {}

    static String write(StudyEvent event) {
        ObjectNode node = SearchSpaceJson.MAPPER.createObjectNode();
        node.put("type", event.typeId()).put("v", StudyEvent.SCHEMA_VERSION).put("trial", event.trialNumber());
        switch (event) {
            case TrialAsked e -> {
                ObjectNode params = node.putObject("params");
                for (Map.Entry<String, Object> p : e.params().entrySet()) {
                    switch (p.getValue()) {
                        case String s -> params.put(p.getKey(), s);
                        case Boolean b -> params.put(p.getKey(), b);
                        case Long l -> params.put(p.getKey(), l);
                        case Integer i -> params.put(p.getKey(), i);
                        case Double d -> params.put(p.getKey(), d);
                        default -> throw new IllegalArgumentException("parameter '" + p.getKey()
                                + "': cannot write " + ParamValues.show(p.getValue()) + " as JSON");
                    }
                }
            }
            case TrialCompleted e -> node.put("value", e.value());
            case TrialFailed e -> node.put("reason", e.reason());
            case TrialPruned e -> e.lastValue().ifPresent(v -> node.put("value", v));
        }
        return node.toString();
    }

    static StudyEvent read(String json) {
        JsonNode node;
        try {
            node = SearchSpaceJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a study event as JSON but it does not parse: "
                    + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a study event as a JSON object but got " + json);
        }
        int version = node.path("v").asInt(-1);
        if (version != StudyEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("expected study event schema version " + StudyEvent.SCHEMA_VERSION
                    + " but got " + node.path("v"));
        }
        JsonNode trial = node.get("trial");
        if (trial == null || !trial.canConvertToInt() || !trial.isIntegralNumber()) {
            throw new IllegalArgumentException("expected an integer \"trial\" in study event " + json);
        }
        int number = trial.asInt();
        String type = node.path("type").asText("");
        return switch (type) {
            case "trial_asked" -> {
                JsonNode params = node.get("params");
                if (params == null || !params.isObject()) {
                    throw new IllegalArgumentException("expected an object \"params\" in study event " + json);
                }
                SequencedMap<String, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> p : params.properties()) {
                    JsonNode v = p.getValue();
                    values.put(p.getKey(), v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean()
                            : v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? (Object) v.asDouble() : null);
                    if (values.get(p.getKey()) == null) {
                        throw new IllegalArgumentException("expected parameter '" + p.getKey()
                                + "' to be a string, number or boolean in study event " + json);
                    }
                }
                yield new TrialAsked(number, values);
            }
            case "trial_completed" -> new TrialCompleted(number, requiredNumber(node, json));
            case "trial_failed" -> new TrialFailed(number, node.path("reason").asText(""));
            case "trial_pruned" -> new TrialPruned(number, node.hasNonNull("value")
                    ? OptionalDouble.of(requiredNumber(node, json)) : OptionalDouble.empty());
            default -> throw new IllegalArgumentException("expected a study event type trial_asked, trial_completed, "
                    + "trial_failed or trial_pruned but got '" + type + "'");
        };
    }

    private static double requiredNumber(JsonNode node, String json) {
        JsonNode value = node.get("value");
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("expected a number \"value\" in study event " + json);
        }
        return value.asDouble();
    }
}
