package io.visutility.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code key=value} options. */
final class KeyValues {
    private KeyValues() {}

    static Map<String, String> strings(String option, List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new VisutilityCommand.UserError("expected " + option + " KEY=VALUE but got '" + p + "'");
            }
            String key = p.substring(0, eq);
            if (out.put(key, p.substring(eq + 1)) != null) {
                throw new VisutilityCommand.UserError("expected each " + option + " key once but '" + key
                        + "' is given twice");
            }
        }
        return out;
    }

    /** One {@code key=value} option value. */
    static Map.Entry<String, String> pair(String option, String text) {
        return strings(option, List.of(text)).entrySet().iterator().next();
    }

    /** Values that parse as JSON (numbers, booleans, objects) keep their type; others become strings. */
    static Map<String, JsonNode> json(String option, List<String> pairs, boolean numbersOnly) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        strings(option, pairs).forEach((k, v) -> {
            JsonNode node;
            try {
                node = Output.JSON.readTree(v);
            } catch (JsonProcessingException e) {
                node = null;
            }
            if (node == null || node.isMissingNode()) {
                node = TextNode.valueOf(v);
            }
            if (numbersOnly && !node.isNumber() && !node.isObject()) {
                throw new VisutilityCommand.UserError("expected a number (or a JSON object) for " + option + " " + k
                        + " but got '" + v + "'");
            }
            out.put(k, node);
        });
        return out;
    }
}
