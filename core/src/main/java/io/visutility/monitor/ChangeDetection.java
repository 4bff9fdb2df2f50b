package io.visutility.monitor;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An online change detector ({@link ChangeDetector}) watching one stream of a model's telemetry. */
final class ChangeDetection implements Detector {
    private final DetectorSpec.Change spec;
    private final ChangeDetector detector;
    private final String name;
    private long seen;
    private Signal previous = Signal.NONE;

    ChangeDetection(DetectorSpec.Change spec, ChangeDetector detector) {
        this.spec = spec;
        this.detector = detector;
        this.name = "change:" + spec.detector() + ":" + spec.stream().jsonName();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return switch (spec.stream()) {
            case ERRORS -> kind == Telemetry.Outcome.class;
            case LATENCY -> kind == Telemetry.Latency.class;
            case ACCURACY -> kind == Telemetry.AccuracySample.class;
        };
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        double value;
        switch (spec.stream()) {
            case ERRORS -> {
                if (!(t instanceof Telemetry.Outcome o)) {
                    return Optional.empty();
                }
                value = o.predictionWasRight() ? 0 : 1;
            }
            case LATENCY -> {
                if (!(t instanceof Telemetry.Latency l)) {
                    return Optional.empty();
                }
                value = l.millis();
            }
            case ACCURACY -> {
                if (!(t instanceof Telemetry.AccuracySample a)) {
                    return Optional.empty();
                }
                value = a.accuracy();
            }
            default -> throw new IllegalStateException("unhandled stream " + spec.stream());
        }
        seen++;
        Signal s = detector.update(value);
        Signal before = previous;
        previous = s;
        if (s == Signal.NONE || (s == Signal.WARNING && before == Signal.WARNING)) {
            return Optional.empty(); // a warning is reported when the warning zone is entered, not on every value in it
        }
        Map<String, Object> evidence = new HashMap<>(detector.evidence());
        evidence.put("stream", spec.stream().jsonName());
        evidence.put("values_seen", seen);
        Severity severity = s == Signal.DRIFT ? Severity.DRIFT : Severity.WARNING;
        String what = switch (spec.stream()) {
            case ERRORS -> "error rate of predictions";
            case LATENCY -> "latency";
            case ACCURACY -> "accuracy";
        };
        return Optional.of(new Detection(key, name, severity, spec.detector() + " signals "
                + (s == Signal.DRIFT ? "a change" : "a possible change (warning zone)") + " in the " + what
                + " after " + seen + " values", evidence, t.at()));
    }

}
