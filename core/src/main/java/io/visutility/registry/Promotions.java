package io.visutility.registry;

import io.visutility.event.PromotionDecided;
import io.visutility.store.Store;
import java.time.Clock;
import java.util.List;

/**
 * Champion/challenger decisions: recorded with their reasons and, when they move an alias, together
 * with the move. The promotion policy in {@code io.visutility.retrain} makes the automatic ones;
 * people approve, reject and roll back here.
 */
public final class Promotions {
    private final Store<RegistryState> store;
    private final Clock clock;

    Promotions(Store<RegistryState> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records a {@code promoted}, {@code kept} or {@code held} decision made against {@code champion}
     * (the version that held the alias, or null); {@code promoted} moves the alias.
     *
     * @throws RegistryException {@code conflict} when the alias moved since, {@code deprecated} when the
     *     candidate to promote is deprecated, {@code not_found} for an unknown version
     */
    public PromotionDecided decide(String model, String alias, String decision, String candidate, String champion,
            String jobId, String metric, Double candidateValue, Double championValue, String reason) {
        if (!List.of("promoted", "kept", "held").contains(decision)) {
            throw new IllegalArgumentException("expected promoted, kept or held but got '" + decision + "'");
        }
        String m = Names.model(model);
        Names.version(m, candidate);
        return store.execute(new DecidePromotion(new PromotionDecided(m, Names.alias(alias), decision, candidate,
                champion, jobId, metric, candidateValue, championValue, Names.reason(reason), clock.instant()), true));
    }

    /** Promotes a candidate that was held for approval. */
    public PromotionDecided approve(String model, String version, String alias, String note) {
        return operator(model, version, alias, "approved", note == null ? "approved by an operator" : note);
    }

    /** Refuses a candidate that was held for approval; the alias stays where it is. */
    public PromotionDecided reject(String model, String version, String alias, String note) {
        return operator(model, version, alias, "rejected", note == null ? "rejected by an operator" : note);
    }

    private PromotionDecided operator(String model, String version, String alias, String decision, String note) {
        String m = Names.model(model);
        String a = Names.alias(alias == null ? Registry.PRODUCTION : alias);
        String v = Names.version(m, version).toString();
        PromotionDecided held = pending(m).stream().filter(p -> p.candidate().equals(v) && p.alias().equals(a))
                .reduce((x, y) -> y).orElse(null);
        return store.execute(new DecidePromotion(new PromotionDecided(m, a, decision, v, null,
                held == null ? null : held.jobId(), held == null ? null : held.metric(),
                held == null ? null : held.candidateValue(), held == null ? null : held.championValue(),
                Names.reason(note), clock.instant()), false));
    }

    /**
     * Moves the alias back to the version its current holder replaced when it was promoted or
     * approved; rolling back again walks further back.
     *
     * @throws RegistryException {@code conflict} when no earlier holder is recorded
     */
    public PromotionDecided rollback(String model, String alias, String reason) {
        String m = Names.model(model);
        String a = Names.alias(alias == null ? Registry.PRODUCTION : alias);
        return store.execute(new DecidePromotion(new PromotionDecided(m, a, "rolled_back", null, null, null, null,
                null, null, Names.reason(reason == null ? "rolled back by an operator" : reason), clock.instant()),
                false));
    }

    /** Every decision about a model, oldest first. */
    public List<PromotionDecided> history(String model) {
        return store.state().promotions().of(Names.model(model));
    }

    /** Candidates waiting for approval or rejection. */
    public List<PromotionDecided> pending(String model) {
        return store.state().promotions().pending(Names.model(model));
    }
}
