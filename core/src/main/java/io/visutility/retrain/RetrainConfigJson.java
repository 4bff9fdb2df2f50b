package io.visutility.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.tuning.Direction;
import io.visutility.tuning.SearchSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A model's retrain configuration as a JSON document, the form the journal keeps and the CLI reads.
 * Only {@code trainer.command} is required ({@code working_dir}, absolute, is where the program runs;
 * by default the attempt's fresh output directory):
 *
 * <pre>{@code
 * {"trainer":   {"command": ["python3", "train.py", "--data", "/data/cams"], "working_dir": "/opt/cams"},
 *  "space":     {"lr": {"type": "float", "low": 1e-5, "high": 1, "log": true}},
 *  "sampler":   {"name": "tpe", "seed": 42, "startup_trials": 10},
 *  "study":     "default",
 *  "policy":    {"cooldown_seconds": 3600, "detections_required": 1, "detection_window_seconds": 3600,
 *                "on_warnings": false, "on_deprecation": true, "max_attempts": 3, "backoff_seconds": 60,
 *                "max_backoff_seconds": 3600, "timeout_seconds": 7200, "bump": "patch", "trials_per_job": 1},
 *  "promotion": {"metric": "accuracy", "direction": "maximize", "min_improvement": 0.0, "mode": "auto",
 *                "alias": "production", "champion_value": "registered"}}
 * }</pre>
 *
 * The decay sampler is {@code {"name": "decay", "initial": 0.1, "factor": 0.8, "floor": 1e-5}}. Unknown
 * fields are refused, so a misspelt setting is not silently ignored; every error names the field.
 */
public final class RetrainConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetrainConfigJson() {}

    /**
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public static RetrainConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("retrain config is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    public static RetrainConfig parse(JsonNode root) {
        object(root, "retrain config");
        known(root, "retrain config", Set.of("trainer", "space", "sampler", "study", "policy", "promotion"));
        JsonNode trainer = root.get("trainer");
        if (trainer == null) {
            throw new IllegalArgumentException("retrain config: expected \"trainer\": {\"command\": [...]} but got none");
        }
        object(trainer, "trainer");
        known(trainer, "trainer", Set.of("command", "working_dir"));
        JsonNode command = trainer.get("command");
        if (command == null || !command.isArray() || command.isEmpty()) {
            throw new IllegalArgumentException("trainer.command: expected a non-empty array of strings (the program and "
                    + "its arguments, never a shell string) but got " + command);
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode a : command) {
            if (!a.isTextual()) {
                throw new IllegalArgumentException("trainer.command: expected strings but got " + a);
            }
            argv.add(a.asText());
        }
        SearchSpace space = null;
        if (root.hasNonNull("space")) {
            try {
                space = SearchSpace.fromJson(root.get("space").toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("space: " + e.getMessage(), e);
            }
        }
        String study = null;
        if (root.has("study")) {
            study = text(root, "study", "study");
        }
        Path workingDir = null;
        if (trainer.has("working_dir")) {
            workingDir = Path.of(text(trainer, "working_dir", "trainer.working_dir"));
            if (!workingDir.isAbsolute()) {
                throw new IllegalArgumentException("trainer.working_dir: expected an absolute path (the orchestrator may "
                        + "run anywhere) but got '" + workingDir + "'");
            }
        }
        SamplerChoice sampler = sampler(root.get("sampler"));
        PromotionPolicy promotion = promotion(root.get("promotion"));
        RetrainPolicy policy = policy(root.get("policy"));
        try {
            return new RetrainConfig(new CommandTrainer(argv, workingDir, new CommandRunner()), space, sampler, study,
                    policy, promotion);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retrain config: " + e.getMessage(), e);
        }
    }

    private static SamplerChoice sampler(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        object(node, "sampler");
        known(node, "sampler", Set.of("name", "seed", "initial", "factor", "floor", "startup_trials"));
        String name = text(node, "name", "sampler.name");
        long seed = node.has("seed") ? integer(node, "seed", "sampler.seed") : 0;
        double initial = node.has("initial") ? number(node, "initial", "sampler.initial") : 0.1;
        double factor = node.has("factor") ? number(node, "factor", "sampler.factor") : 0.8;
        double floor = node.has("floor") ? number(node, "floor", "sampler.floor") : 1e-5;
        int startup = node.has("startup_trials") ? (int) integer(node, "startup_trials", "sampler.startup_trials")
                : io.visutility.tuning.TpeSettings.defaults().startupTrials();
        if (node.has("startup_trials") && !"tpe".equals(name)) {
            throw new IllegalArgumentException("sampler: startup_trials applies to the tpe sampler only, not '" + name
                    + "'");
        }
        try {
            return new SamplerChoice(name, seed, initial, factor, floor, startup);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampler: " + e.getMessage(), e);
        }
    }

    private static RetrainPolicy policy(JsonNode node) {
        RetrainPolicy d = RetrainPolicy.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        object(node, "policy");
        known(node, "policy", Set.of("cooldown_seconds", "detections_required", "detection_window_seconds",
                "on_warnings", "on_deprecation", "max_attempts", "backoff_seconds", "max_backoff_seconds",
                "timeout_seconds", "bump", "trials_per_job"));
        try {
            return new RetrainPolicy(seconds(node, "cooldown_seconds", d.cooldown()),
                    node.has("detections_required") ? (int) integer(node, "detections_required",
                            "policy.detections_required") : d.detectionsRequired(),
                    seconds(node, "detection_window_seconds", d.detectionWindow()),
                    bool(node, "on_warnings", d.onWarnings()), bool(node, "on_deprecation", d.onDeprecation()),
                    node.has("max_attempts") ? (int) integer(node, "max_attempts", "policy.max_attempts")
                            : d.maxAttempts(),
                    seconds(node, "backoff_seconds", d.backoff()), seconds(node, "max_backoff_seconds", d.maxBackoff()),
                    seconds(node, "timeout_seconds", d.timeout()),
                    node.has("bump") ? VersionBump.parse(text(node, "bump", "policy.bump")) : d.bump(),
                    node.has("trials_per_job") ? (int) integer(node, "trials_per_job", "policy.trials_per_job")
                            : d.trialsPerJob());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("policy") ? e : new IllegalArgumentException("policy: " + e.getMessage(), e);
        }
    }

    private static PromotionPolicy promotion(JsonNode node) {
        PromotionPolicy d = PromotionPolicy.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        object(node, "promotion");
        known(node, "promotion", Set.of("metric", "direction", "min_improvement", "mode", "alias", "champion_value"));
        try {
            return new PromotionPolicy(node.has("metric") ? text(node, "metric", "promotion.metric") : d.metric(),
                    node.has("direction") ? Direction.parse(text(node, "direction", "promotion.direction"))
                            : d.direction(),
                    node.has("min_improvement") ? number(node, "min_improvement", "promotion.min_improvement")
                            : d.minImprovement(),
                    node.has("mode") ? PromotionPolicy.Mode.parse(text(node, "mode", "promotion.mode")) : d.mode(),
                    node.has("alias") ? text(node, "alias", "promotion.alias") : d.alias(),
                    node.has("champion_value") ? PromotionPolicy.ChampionValue.parse(text(node, "champion_value",
                            "promotion.champion_value")) : d.championValue());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("promotion") ? e
                    : new IllegalArgumentException("promotion: " + e.getMessage(), e);
        }
    }

    /**
     * The document for a configuration whose trainer is a command (in-process trainers have no JSON form).
     *
     * @throws IllegalArgumentException for an in-process trainer
     */
    public static ObjectNode toJson(RetrainConfig c) {
        if (!(c.trainer() instanceof CommandTrainer t)) {
            throw new IllegalArgumentException("only a command trainer can be written as JSON; an in-process trainer "
                    + "is configured through the Java API");
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode trainer = root.putObject("trainer");
        ArrayNode argv = trainer.putArray("command");
        t.command().forEach(argv::add);
        t.workingDir().ifPresent(d -> trainer.put("working_dir", d.toString()));
        if (c.space() != null) {
            try {
                root.set("space", JSON.readTree(c.space().toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a search space's own JSON does not parse", e);
            }
        }
        ObjectNode s = root.putObject("sampler").put("name", c.sampler().name());
        switch (c.sampler().name()) {
            case "tpe" -> s.put("seed", c.sampler().seed()).put("startup_trials", c.sampler().tpeStartupTrials());
            case "random" -> s.put("seed", c.sampler().seed());
            case "decay" -> s.put("initial", c.sampler().decayInitial()).put("factor", c.sampler().decayFactor())
                    .put("floor", c.sampler().decayFloor());
            default -> { }
        }
        root.put("study", c.study());
        RetrainPolicy p = c.policy();
        root.putObject("policy").put("cooldown_seconds", p.cooldown().toSeconds())
                .put("detections_required", p.detectionsRequired())
                .put("detection_window_seconds", p.detectionWindow().toSeconds()).put("on_warnings", p.onWarnings())
                .put("on_deprecation", p.onDeprecation()).put("max_attempts", p.maxAttempts())
                .put("backoff_seconds", p.backoff().toSeconds()).put("max_backoff_seconds", p.maxBackoff().toSeconds())
                .put("timeout_seconds", p.timeout().toSeconds())
                .put("bump", p.bump().name().toLowerCase(java.util.Locale.ROOT))
                .put("trials_per_job", p.trialsPerJob());
        PromotionPolicy q = c.promotion();
        root.putObject("promotion").put("metric", q.metric()).put("direction", q.direction().id())
                .put("min_improvement", q.minImprovement())
                .put("mode", q.mode().name().toLowerCase(java.util.Locale.ROOT)).put("alias", q.alias())
                .put("champion_value", q.championValue().id());
        return root;
    }

    private static void object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object but got " + node);
        }
    }

    private static void known(JsonNode node, String what, Set<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new IllegalArgumentException(what + ": unknown field '" + f + "' (expected one of "
                        + new java.util.TreeSet<>(fields) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(path + ": expected a non-empty string but got " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException(path + ": expected a finite number but got " + v);
        }
        return v.doubleValue();
    }

    private static long integer(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(path + ": expected an integer but got " + v);
        }
        return v.longValue();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("policy." + field + ": expected true or false but got " + v);
        }
        return v.booleanValue();
    }

    private static Duration seconds(JsonNode node, String field, Duration fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        long s = integer(node, field, "policy." + field);
        if (s < 0) {
            throw new IllegalArgumentException("policy." + field + ": expected zero or more seconds but got " + s);
        }
        return Duration.ofSeconds(s);
    }
}
