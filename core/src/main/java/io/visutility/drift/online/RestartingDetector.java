package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import java.util.Map;

/**
 * What the detectors that start over after a drift (Page-Hinkley, DDM, EDDM, HDDM_A, HDDM_W) share:
 * their name, the count of drifts, and the evidence of the last drift, which {@link #evidence}
 * returns until the next update (afterwards the fresh statistics).
 */
abstract class RestartingDetector implements ChangeDetector {
    private final String name;
    private long detections;
    private Map<String, Object> atDetection;

    RestartingDetector(String name) {
        this.name = name;
    }

    /** Clears the running statistics: after a drift, and on {@link #reset}. */
    abstract void restart();

    /** The current statistics, for {@link #evidence}. */
    abstract Map<String, Object> snapshot();

    /** Drifts concluded since creation or {@link #reset}. */
    final long detections() {
        return detections;
    }

    /** Called first in every update: the last drift's evidence is no longer the latest. */
    final void beginUpdate() {
        atDetection = null;
    }

    /** Records a drift concluded by this update, keeping the statistics that caused it. */
    final void drifted() {
        detections++;
        atDetection = snapshot();
    }

    @Override
    public final void reset() {
        restart();
        detections = 0;
        atDetection = null;
    }

    @Override
    public final String name() {
        return name;
    }

    /** After a drift, the statistics that caused it; otherwise the current ones. */
    @Override
    public final Map<String, Object> evidence() {
        return atDetection != null ? atDetection : snapshot();
    }
}
