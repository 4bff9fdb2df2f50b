package io.visutility.tuning;

import io.visutility.tuning.Parameter.FloatParam;
import java.util.List;
import java.util.Map;

/**
 * A fixed schedule rather than a search: one float parameter starts at {@code initial} and each trial
 * multiplies the previous trial's value by {@code factor}, floored at {@code floor} (and at the
 * parameter's low). It reads the previous value from the history, so a rebuilt study continues the
 * schedule. When the previous value is already at the floor the schedule cannot move and the
 * sampler answers exhausted instead of repeating it.
 */
final class DecaySampler implements Sampler {
    private final double initial;
    private final double factor;
    private final double floor;

    DecaySampler(double initial, double factor, double floor) {
        if (!(initial > 0) || !Double.isFinite(initial)) {
            throw new IllegalArgumentException("decay: expected a positive initial value but got " + initial);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("decay: expected a factor within (0, 1) but got " + factor);
        }
        if (!(floor > 0 && floor <= initial)) {
            throw new IllegalArgumentException("decay: expected a floor within (0, initial=" + initial + "] but got "
                    + floor);
        }
        this.initial = initial;
        this.factor = factor;
        this.floor = floor;
    }

    @Override
    public Proposal propose(History history) {
        List<Parameter> parameters = history.space().parameters();
        if (parameters.size() != 1 || !(parameters.getFirst() instanceof FloatParam p) || p.step().isPresent()) {
            throw new IllegalArgumentException("the decay sampler tunes a space of exactly one float parameter "
                    + "without a step, but got " + history.space().toJson());
        }
        if (initial < p.low() || initial > p.high()) {
            throw new IllegalArgumentException("decay: expected initial value " + initial + " within parameter '"
                    + p.name() + "' range [" + p.low() + ", " + p.high() + "]");
        }
        double lowest = Math.max(floor, p.low());
        List<Trial> trials = history.trials();
        if (trials.isEmpty()) {
            return new Proposal.Params(Map.of(p.name(), initial));
        }
        double previous = trials.getLast().doubleParam(p.name());
        double next = Math.max(lowest, previous * factor);
        if (next >= previous) {
            return new Proposal.Exhausted("'" + p.name() + "' reached its floor " + lowest + " after "
                    + trials.size() + " trials; decaying by " + factor + " cannot move it further");
        }
        return new Proposal.Params(Map.of(p.name(), next));
    }

    @Override
    public String toString() {
        return "decay(initial=" + initial + ", factor=" + factor + ", floor=" + floor + ")";
    }
}
