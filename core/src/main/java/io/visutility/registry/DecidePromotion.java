package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import io.visutility.event.AliasMoved;
import io.visutility.event.Event;
import io.visutility.event.PromotionDecided;
import io.visutility.store.Command;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Record a champion/challenger decision and, when it moves the alias, move it in the same commit.
 * The decision was made against a champion; if the alias moved since, it is refused as a conflict so
 * the caller decides again. Approving or rejecting needs a candidate held for approval; a rollback
 * restores the champion that the current holder replaced.
 */
final class DecidePromotion implements Command<RegistryState, PromotionDecided> {
    private final PromotionDecided proposed;
    private final boolean checkChampion;
    private PromotionDecided decided;

    /**
     * @param proposed the decision; for a rollback its candidate is null (found here)
     * @param checkChampion refuse when the alias no longer points at {@code proposed.champion()}
     */
    DecidePromotion(PromotionDecided proposed, boolean checkChampion) {
        this.proposed = proposed;
        this.checkChampion = checkChampion;
    }

    @Override
    public Set<String> keys() {
        return Set.of(MoveAlias.modelKey(proposed.model()));
    }

    @Override
    public List<Event> decide(RegistryState state) {
        String model = proposed.model();
        String alias = proposed.alias();
        ModelEntry m = Lookups.existingModel(state, model);
        Version held = m.aliases.get(alias);
        String current = held == null ? null : held.toString();
        if (checkChampion && !Objects.equals(current, proposed.champion())) {
            throw RegistryException.conflict("'" + alias + "' of model '" + model + "' moved from "
                    + proposed.champion() + " to " + current + " while the decision about " + proposed.candidate()
                    + " was being made; decide again");
        }
        String candidate = switch (proposed.decision()) {
            case "rolled_back" -> rollbackTarget(state, model, alias, current);
            case "approved", "rejected" -> {
                if (state.promotions().pending(model).stream().noneMatch(p -> p.candidate().equals(proposed.candidate())
                        && p.alias().equals(alias))) {
                    throw RegistryException.conflict("model '" + model + "' version " + proposed.candidate()
                            + " is not awaiting approval for '" + alias + "'");
                }
                yield proposed.candidate();
            }
            case "promoted", "kept", "held" -> proposed.candidate();
            default -> throw new IllegalArgumentException("unknown promotion decision '" + proposed.decision() + "'");
        };
        VersionEntry target = Lookups.existing(state, model, Names.version(model, candidate));
        boolean moves = switch (proposed.decision()) {
            case "promoted", "approved", "rolled_back" -> true;
            default -> false;
        };
        if (moves && target.deprecated()) {
            throw new RegistryException(RegistryException.Code.DEPRECATED, "model '" + model + "' version " + candidate
                    + " is deprecated (" + target.deprecation().reason() + ") and cannot become '" + alias + "'");
        }
        decided = new PromotionDecided(model, alias, proposed.decision(), candidate, current, proposed.jobId(),
                proposed.metric(), proposed.candidateValue(), proposed.championValue(), proposed.reason(),
                proposed.decidedAt());
        List<Event> events = new ArrayList<>(2);
        events.add(decided);
        if (moves && !candidate.equals(current)) {
            events.add(new AliasMoved(model, alias, candidate, current, proposed.decidedAt()));
        }
        return events;
    }

    /**
     * The version the current holder replaced when it was promoted or approved. Rollbacks are not
     * followed, so rolling back again walks further back (1.0.2 → 1.0.1 → 1.0.0) instead of undoing.
     */
    private static String rollbackTarget(RegistryState state, String model, String alias, String current) {
        if (current == null) {
            throw RegistryException.conflict("model '" + model + "' has no '" + alias + "' version to roll back");
        }
        List<PromotionDecided> history = state.promotions().of(model);
        for (int i = history.size() - 1; i >= 0; i--) {
            PromotionDecided d = history.get(i);
            boolean moved = switch (d.decision()) {
                case "promoted", "approved" -> true;
                default -> false;
            };
            if (moved && d.alias().equals(alias) && d.candidate().equals(current) && d.champion() != null) {
                return d.champion();
            }
        }
        throw RegistryException.conflict("no earlier '" + alias + "' version of model '" + model + "' is recorded ("
                + current + " was not promoted over another version by a promotion decision); promote a version explicitly");
    }

    @Override
    public PromotionDecided result(RegistryState state) {
        return decided;
    }
}
