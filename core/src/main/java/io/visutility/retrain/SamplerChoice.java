package io.visutility.retrain;

import io.visutility.tuning.Sampler;
import io.visutility.tuning.TpeSettings;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which sampler a model's study uses, by name, with its seed: {@code tpe}, {@code random},
 * {@code grid}, or {@code decay} (learning-rate decay from {@code decayInitial} by {@code decayFactor},
 * floored at {@code decayFloor}; seed 003's schedule is 0.1 × 0.8 down to 1e-5). Each model's
 * sampler is seeded with the seed mixed with the model's name, so that two models retrained at the
 * same time, from the same configuration, try different parameters — and the same model always
 * gets the same sequence. {@code tpeStartupTrials} is how many finished trials TPE waits for
 * before it models them (random until then; 10 by default, as Optuna).
 */
public record SamplerChoice(String name, long seed, double decayInitial, double decayFactor, double decayFloor,
        int tpeStartupTrials) {

    public SamplerChoice(String name, long seed, double decayInitial, double decayFactor, double decayFloor) {
        this(name, seed, decayInitial, decayFactor, decayFloor, TpeSettings.defaults().startupTrials());
    }

    public SamplerChoice {
        if (tpeStartupTrials < 0) {
            throw new IllegalArgumentException("expected startup_trials ≥ 0 but got " + tpeStartupTrials);
        }
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        switch (name) {
            case "tpe", "random", "grid" -> { }
            case "decay" -> Sampler.decay(decayInitial, decayFactor, decayFloor); // validates the schedule
            default -> throw new IllegalArgumentException("expected a sampler of tpe, random, grid or decay but got '"
                    + name + "'");
        }
    }

    public static SamplerChoice tpe(long seed) {
        return new SamplerChoice("tpe", seed, 0.1, 0.8, 1e-5);
    }

    public static SamplerChoice random(long seed) {
        return new SamplerChoice("random", seed, 0.1, 0.8, 1e-5);
    }

    public static SamplerChoice grid() {
        return new SamplerChoice("grid", 0, 0.1, 0.8, 1e-5);
    }

    /** TPE that starts modelling after {@code n} finished trials instead of 10. */
    public SamplerChoice withTpeStartupTrials(int n) {
        return new SamplerChoice(name, seed, decayInitial, decayFactor, decayFloor, n);
    }

    /** Seed 003's schedule when given (0.1, 0.8, 1e-5). */
    public static SamplerChoice decay(double initial, double factor, double floor) {
        return new SamplerChoice("decay", 0, initial, factor, floor);
    }

    /** The seed this choice gives {@code model}'s study. */
    public long seedFor(String model) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the model name, then mixed with the seed
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return seed ^ h;
    }

    public Sampler samplerFor(String model) {
        return switch (name) {
            case "tpe" -> Sampler.tpe(seedFor(model), TpeSettings.defaults().withStartupTrials(tpeStartupTrials));
            case "random" -> Sampler.random(seedFor(model));
            case "grid" -> Sampler.grid();
            case "decay" -> Sampler.decay(decayInitial, decayFactor, decayFloor);
            default -> throw new IllegalStateException(name);
        };
    }

    /** How the journal records it for a model, e.g. {@code tpe(seed=42, model seed=-7312…)}. */
    public String describe(String model) {
        return switch (name) {
            case "tpe" -> name + "(seed=" + seed + ", model seed=" + seedFor(model)
                    + (tpeStartupTrials == TpeSettings.defaults().startupTrials() ? ""
                            : ", startup trials=" + tpeStartupTrials) + ")";
            case "random" -> name + "(seed=" + seed + ", model seed=" + seedFor(model) + ")";
            case "grid" -> "grid";
            case "decay" -> "decay(initial=" + decayInitial + ", factor=" + decayFactor + ", floor=" + decayFloor + ")";
            default -> throw new IllegalStateException(name);
        };
    }
}
