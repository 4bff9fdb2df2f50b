package io.visutility.registry;

import io.visutility.event.PromotionDecided;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The champion/challenger decisions per model, in order.
 * Written only by the applying thread; lists are copy-on-write so readers iterate safely.
 */
final class PromotionLog {
    private final ConcurrentHashMap<String, List<PromotionDecided>> decisions = new ConcurrentHashMap<>();

    void apply(PromotionDecided e) {
        decisions.computeIfAbsent(e.model(), m -> new CopyOnWriteArrayList<>()).add(e);
    }

    List<PromotionDecided> of(String model) {
        List<PromotionDecided> d = decisions.get(model);
        return d == null ? List.of() : List.copyOf(d);
    }

    /** Candidates held for approval and not yet approved, rejected or otherwise decided, oldest first. */
    List<PromotionDecided> pending(String model) {
        List<PromotionDecided> out = new ArrayList<>();
        for (PromotionDecided d : of(model)) {
            out.removeIf(p -> p.candidate().equals(d.candidate()) && p.alias().equals(d.alias()));
            if (d.decision().equals("held")) {
                out.add(d);
            }
        }
        return out;
    }

    Map<String, List<PromotionDecided>> all() {
        return decisions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromotionLog other && decisions.equals(other.decisions);
    }

    @Override
    public int hashCode() {
        return decisions.keySet().hashCode();
    }
}
