package io.visutility.monitor;

import java.util.Optional;

/**
 * One way of noticing that a model got worse, applied to one model version's telemetry stream.
 * Stateful (windows, running statistics) and confined to the monitor's thread; a fresh instance per
 * model version comes from {@link DetectorSpec#create}. Sees only telemetry that passed validation.
 */
public interface Detector {

    /** The detector's name as it appears in detections, e.g. {@code error_rate}. */
    String name();

    /**
     * Whether this detector looks at telemetry of {@code kind} at all; the monitor calls
     * {@link #analyse} only with kinds it consumes.
     */
    default boolean consumes(Class<? extends Telemetry> kind) {
        return true;
    }

    /** Looks at one piece of telemetry; a detection when this one tips the balance. */
    Optional<Detection> analyse(ModelKey key, Telemetry telemetry);

}
