package io.visutility.tuning;

import io.visutility.tuning.StudyEvent.TrialAsked;
import io.visutility.tuning.StudyEvent.TrialCompleted;
import io.visutility.tuning.StudyEvent.TrialFailed;
import io.visutility.tuning.StudyEvent.TrialPruned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A hyper-parameter search driven from outside (ask/tell): {@link #ask()} hands out a trial's
 * parameters and records it as running; the caller trains and evaluates, then reports with
 * {@link #tell}, {@link #fail} or {@link #prune}. Many workers may ask concurrently; with TPE's
 * constant liar their running trials push later suggestions elsewhere.
 *
 * <p>Every change is a {@link StudyEvent} applied by one applier, live and at {@link #replay}, so the
 * list from {@link #events()} rebuilds the study exactly; with the same sampler it then suggests what
 * the original would have. Broken rules (telling an unknown or finished trial, a non-finite value,
 * an inconsistent history) throw {@link IllegalArgumentException} or {@link IllegalStateException}
 * and change nothing.
 *
 * <p>Thread-safe: the study's monitor guards {@code trials} and {@code events}; the sampler runs
 * under it, so asks are serialised and each sees every earlier ask.
 */
public final class Study {
    private final SearchSpace space;
    private final Direction direction;
    private final Sampler sampler;
    /** Trial i at index i. Guarded by this. */
    private final List<Trial> trials = new ArrayList<>();
    /** Every applied event, in order. Guarded by this. */
    private final List<StudyEvent> events = new ArrayList<>();

    private Study(SearchSpace space, Direction direction, Sampler sampler) {
        this.space = Objects.requireNonNull(space, "space");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
    }

    /** A study with no trials. */
    public static Study create(SearchSpace space, Direction direction, Sampler sampler) {
        return new Study(space, direction, sampler);
    }

    /**
     * The study that {@code history} (from {@link #events()}, perhaps through a journal) describes.
     * Trials still running in the history stay running: their worker may yet report.
     *
     * @throws IllegalArgumentException if an event does not follow from the ones before it (a gap in
     *     trial numbers, a report for an unknown or finished trial, params outside the space)
     */
    public static Study replay(SearchSpace space, Direction direction, Sampler sampler,
            List<? extends StudyEvent> history) {
        Study study = new Study(space, direction, sampler);
        synchronized (study) {
            int position = 0;
            for (StudyEvent event : history) {
                try {
                    study.apply(event);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException("study event " + position + " (" + event.typeId() + " of trial "
                            + event.trialNumber() + ") does not follow from the ones before it: " + e.getMessage(), e);
                }
                position++;
            }
        }
        return study;
    }

    /**
     * A new study that starts from {@code earlier} trials (of another study with a compatible space):
     * they are renumbered 0, 1, … in the given order and all count for the sampler. Trials that were
     * still running are recorded as failed, since nobody will report them to this study.
     */
    public static Study warmStart(SearchSpace space, Direction direction, Sampler sampler, List<Trial> earlier) {
        List<StudyEvent> history = new ArrayList<>();
        int number = 0;
        for (Trial t : earlier) {
            history.add(new TrialAsked(number, t.params()));
            history.add(switch (t.state()) {
                case COMPLETE -> new TrialCompleted(number, t.value().orElseThrow());
                case PRUNED -> new TrialPruned(number, t.value());
                case FAILED -> new TrialFailed(number, t.failure().orElse(""));
                case RUNNING -> new TrialFailed(number, "still running (as trial " + t.number()
                        + ") when this study was warm-started");
            });
            number++;
        }
        return replay(space, direction, sampler, history);
    }

    /**
     * The next trial, recorded as running, or {@link Suggestion.Exhausted} if the sampler has nothing
     * left (nothing is recorded then).
     */
    public synchronized Suggestion ask() {
        int number = trials.size();
        Proposal proposal = sampler.propose(new History(space, direction, trials));
        return switch (proposal) {
            case Proposal.Exhausted e -> new Suggestion.Exhausted(e.reason());
            case Proposal.Params p -> {
                TrialAsked event;
                try {
                    event = new TrialAsked(number, space.validate(p.values()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("sampler " + sampler + " proposed values outside the space for trial "
                            + number + ": " + e.getMessage(), e);
                }
                apply(event);
                yield new Suggestion.Next(trials.get(number));
            }
        };
    }

    /** Completes a running trial with its objective value (finite). */
    public synchronized Trial tell(int trialNumber, double value) {
        return apply(new TrialCompleted(trialNumber, value));
    }

    /** Marks a running trial failed: it produced no value (crash, infeasible configuration, timeout). */
    public synchronized Trial fail(int trialNumber, String reason) {
        return apply(new TrialFailed(trialNumber, Objects.requireNonNull(reason, "reason")));
    }

    /** Marks a running trial pruned, without an intermediate value. */
    public synchronized Trial prune(int trialNumber) {
        return apply(new TrialPruned(trialNumber, OptionalDouble.empty()));
    }

    /** Marks a running trial pruned after it reported {@code lastValue} (finite) as its last intermediate value. */
    public synchronized Trial prune(int trialNumber, double lastValue) {
        return apply(new TrialPruned(trialNumber, OptionalDouble.of(lastValue)));
    }

    /** The complete trial with the best value (the earliest on ties); failed, pruned and running ones never are. */
    public synchronized Optional<Trial> best() {
        return trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE)
                .min(Comparator.comparingDouble((Trial t) -> direction.loss(t.value().getAsDouble()))
                        .thenComparingInt(Trial::number));
    }

    /** Every trial, in number order. A snapshot. */
    public synchronized List<Trial> trials() {
        return List.copyOf(trials);
    }

    public synchronized Trial trial(int number) {
        return existing(number);
    }

    /** Every event so far, in order: what {@link #replay} needs to rebuild this study. A snapshot. */
    public synchronized List<StudyEvent> events() {
        return List.copyOf(events);
    }

    public SearchSpace space() {
        return space;
    }

    public Direction direction() {
        return direction;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** The one applier: checks that {@code event} follows from the current state, then records it. */
    private Trial apply(StudyEvent event) {
        Trial updated = switch (event) {
            case TrialAsked e -> {
                if (e.trialNumber() != trials.size()) {
                    throw new IllegalArgumentException("expected trial number " + trials.size()
                            + " to be asked next but got " + e.trialNumber());
                }
                Trial t = Trial.running(e.trialNumber(), space.validate(e.params()));
                trials.add(t);
                yield t;
            }
            case TrialCompleted e -> {
                if (!Double.isFinite(e.value())) {
                    throw new IllegalArgumentException("expected a finite objective value for trial " + e.trialNumber()
                            + " but got " + e.value() + "; report a trial without a value with fail()");
                }
                yield finish(e.trialNumber(), TrialState.COMPLETE, OptionalDouble.of(e.value()), Optional.empty());
            }
            case TrialFailed e -> finish(e.trialNumber(), TrialState.FAILED, OptionalDouble.empty(),
                    Optional.of(e.reason()));
            case TrialPruned e -> {
                if (e.lastValue().isPresent() && !Double.isFinite(e.lastValue().getAsDouble())) {
                    throw new IllegalArgumentException("expected a finite last value for pruned trial "
                            + e.trialNumber() + " but got " + e.lastValue().getAsDouble());
                }
                yield finish(e.trialNumber(), TrialState.PRUNED, e.lastValue(), Optional.empty());
            }
        };
        events.add(event);
        return updated;
    }

    private Trial finish(int number, TrialState state, OptionalDouble value, Optional<String> reason) {
        Trial t = existing(number);
        if (t.state() != TrialState.RUNNING) {
            throw new IllegalStateException("trial " + number + " is already " + t.state().name().toLowerCase(Locale.ROOT) + "; expected a running trial");
        }
        Trial finished = t.finish(state, value, reason);
        trials.set(number, finished);
        return finished;
    }

    private Trial existing(int number) {
        if (number < 0 || number >= trials.size()) {
            throw new IllegalArgumentException("no trial " + number + " in this study"
                    + (trials.isEmpty() ? " (none asked yet)" : " (trials are 0.." + (trials.size() - 1) + ")"));
        }
        return trials.get(number);
    }
}
