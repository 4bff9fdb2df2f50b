package io.visutility.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import io.visutility.tuning.Direction;
import java.util.Locale;
import java.util.Optional;

/**
 * Champion/challenger: a retrained version (the challenger) replaces the version holding
 * {@code alias} (the champion) when its validation {@code metric} is better by at least
 * {@code minImprovement}, in {@code direction}. With {@link Mode#MANUAL} a better challenger is held for
 * approval instead of promoted. The same metric and direction are the tuner's objective.
 *
 * <p>The champion's value is, by default, the metric it was registered with. When the data moved
 * (drift), that number was measured on other data than the challenger's; with
 * {@link ChampionValue#RESCORED} the champion's value is instead the challenger's
 * {@code parent_<metric>} metric — the trainer's score of the parent version on the challenger's own
 * validation data — whenever the champion is that parent.
 */
public record PromotionPolicy(String metric, Direction direction, double minImprovement, Mode mode, String alias,
        ChampionValue championValue) {

    /** Where the champion's value comes from. */
    public enum ChampionValue {
        /** The metric the champion was registered with. */
        REGISTERED,
        /** The challenger's {@code parent_<metric>}: the champion re-scored on the challenger's validation data. */
        RESCORED;

        public static ChampionValue parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("expected a champion value of registered or rescored but got '"
                        + text + "'");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Promote a better challenger at once, or hold it until someone approves or rejects it. */
    public enum Mode {
        AUTO, MANUAL;

        public static Mode parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("expected a promotion mode of auto or manual but got '" + text + "'");
            }
        }
    }

    /** What the policy concluded, with both metric values (null where a version lacks the metric). */
    public record Verdict(String decision, Double candidateValue, Double championValue, String reason) {}

    public PromotionPolicy {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("expected the name of the metric to compare but got none");
        }
        if (direction == null || mode == null) {
            throw new IllegalArgumentException("expected a direction (maximize|minimize) and a mode (auto|manual)");
        }
        if (!(minImprovement >= 0) || !Double.isFinite(minImprovement)) {
            throw new IllegalArgumentException("expected a minimum improvement of zero or more but got " + minImprovement);
        }
        alias = alias == null ? Registry.PRODUCTION : alias;
        championValue = championValue == null ? ChampionValue.REGISTERED : championValue;
        try {
            Registry.checkAlias(alias);
        } catch (io.visutility.registry.RegistryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Compares with the champion's registered metric. */
    public PromotionPolicy(String metric, Direction direction, double minImprovement, Mode mode, String alias) {
        this(metric, direction, minImprovement, mode, alias, ChampionValue.REGISTERED);
    }

    /** Maximise {@code accuracy}, any improvement counts, promote automatically into {@code production}. */
    public static PromotionPolicy defaults() {
        return new PromotionPolicy("accuracy", Direction.MAXIMIZE, 0.0, Mode.AUTO, Registry.PRODUCTION);
    }

    public PromotionPolicy withMetric(String m, Direction d) {
        return new PromotionPolicy(m, d, minImprovement, mode, alias, championValue);
    }

    public PromotionPolicy withMinImprovement(double m) {
        return new PromotionPolicy(metric, direction, m, mode, alias, championValue);
    }

    public PromotionPolicy withMode(Mode m) {
        return new PromotionPolicy(metric, direction, minImprovement, m, alias, championValue);
    }

    public PromotionPolicy withChampionValue(ChampionValue v) {
        return new PromotionPolicy(metric, direction, minImprovement, mode, alias, v);
    }

    /** The metric a challenger reports for its parent re-scored on its own validation data. */
    public String rescoredMetric() {
        return "parent_" + metric;
    }

    /** {@code x} to 9 significant digits: differences of metrics read 0.0275, not 0.02749999999999997. */
    private static String rounded(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
    }

    /** The metric's value in a version's metrics, if it has a finite number there. */
    public Optional<Double> valueOf(ModelVersion version) {
        return valueOf(version, metric);
    }

    private static Optional<Double> valueOf(ModelVersion version, String name) {
        JsonNode v = version.metrics().get(name);
        return v != null && v.isNumber() && Double.isFinite(v.doubleValue()) ? Optional.of(v.doubleValue())
                : Optional.empty();
    }

    /**
     * Compares a challenger with the champion (absent when nothing holds the alias). Decisions:
     * {@code promoted}, {@code held} (better, but manual mode — or the champion has no value to compare
     * with) or {@code kept}.
     */
    public Verdict judge(ModelVersion challenger, Optional<ModelVersion> champion) {
        Double c = valueOf(challenger).orElse(null);
        if (c == null) {
            return new Verdict("kept", null, champion.flatMap(this::valueOf).orElse(null), "candidate "
                    + challenger.version() + " reported no '" + metric + "' metric to compare");
        }
        if (champion.isEmpty()) {
            String why = "no version holds '" + alias + "'; candidate " + challenger.version() + " has " + metric + "="
                    + c;
            return mode == Mode.AUTO ? new Verdict("promoted", c, null, why) : new Verdict("held", c, null, why
                    + "; waiting for approval");
        }
        ModelVersion champ = champion.get();
        Double p = valueOf(champ).orElse(null);
        String source = "";
        if (championValue == ChampionValue.RESCORED) {
            Optional<Double> rescored = champ.version().equals(challenger.lineage() == null ? null
                    : challenger.lineage().parentVersion()) ? valueOf(challenger, rescoredMetric()) : Optional.empty();
            if (rescored.isPresent()) {
                p = rescored.get();
                source = ", re-scored on the candidate's validation data";
            } else {
                source = ", as registered: the candidate has no " + rescoredMetric() + " for it";
            }
        }
        if (p == null) {
            return new Verdict("held", c, null, "champion " + champ.version() + " has no '" + metric
                    + "' metric to compare with; waiting for approval");
        }
        double gain = direction == Direction.MAXIMIZE ? c - p : p - c;
        String comparison = metric + " " + c + " (candidate " + challenger.version() + ") vs " + p + " (champion "
                + champ.version() + source + "), " + direction.id() + ", improvement " + rounded(gain)
                + ", required > 0 and ≥ " + minImprovement;
        if (!(gain > 0 && gain >= minImprovement)) {
            return new Verdict("kept", c, p, "not better: " + comparison);
        }
        return mode == Mode.AUTO ? new Verdict("promoted", c, p, "better: " + comparison)
                : new Verdict("held", c, p, "better: " + comparison + "; waiting for approval");
    }
}
