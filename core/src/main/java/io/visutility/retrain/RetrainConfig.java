package io.visutility.retrain;

import io.visutility.tuning.Parameter;
import io.visutility.tuning.SearchSpace;
import java.util.Objects;

/**
 * How one model is retrained: the trainer, the hyper-parameter search space and sampler (a null
 * space trains with no parameters and no study), the study the trials are recorded in, and the retrain and
 * promotion policies. The promotion policy's metric and direction are the tuner's objective.
 */
public record RetrainConfig(Trainer trainer, SearchSpace space, SamplerChoice sampler, String study,
        RetrainPolicy policy, PromotionPolicy promotion) {

    public RetrainConfig {
        Objects.requireNonNull(trainer, "trainer");
        sampler = sampler == null ? SamplerChoice.tpe(0) : sampler;
        study = study == null || study.isBlank() ? "default" : study;
        policy = policy == null ? RetrainPolicy.defaults() : policy;
        promotion = promotion == null ? PromotionPolicy.defaults() : promotion;
        if (sampler.name().equals("decay") && (space == null || space.size() != 1
                || !(space.parameters().getFirst() instanceof Parameter.FloatParam f) || f.step().isPresent())) {
            throw new IllegalArgumentException("the decay sampler tunes a space of exactly one float parameter without "
                    + "a step (such as lr), but got " + (space == null ? "no space" : space.toJson()));
        }
    }

    /** A trainer with no search space, the default study and the default policies. */
    public static RetrainConfig of(Trainer trainer) {
        return new RetrainConfig(trainer, null, null, null, null, null);
    }

    public RetrainConfig withSearch(SearchSpace s, SamplerChoice c) {
        return new RetrainConfig(trainer, s, c, study, policy, promotion);
    }

    public RetrainConfig withStudy(String name) {
        return new RetrainConfig(trainer, space, sampler, name, policy, promotion);
    }

    public RetrainConfig withPolicy(RetrainPolicy p) {
        return new RetrainConfig(trainer, space, sampler, study, p, promotion);
    }

    public RetrainConfig withPromotion(PromotionPolicy p) {
        return new RetrainConfig(trainer, space, sampler, study, policy, p);
    }
}
