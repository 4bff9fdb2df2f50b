package io.visutility.registry;

import io.visutility.event.DetectionRaised;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent detections of one model, oldest first, at most {@link #RETAINED}: enough for the
 * dashboard and the API; the journal holds every one until it is compacted. Written by the applier
 * thread, read by anyone (guarded by this object's monitor; detections are rare).
 */
final class Detections {
    static final int RETAINED = 1_000;

    /** A detection and its journal position (its id). */
    record Entry(long position, DetectionRaised event) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    synchronized void add(long position, DetectionRaised e) {
        if (entries.size() == RETAINED) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(position, e));
    }

    synchronized List<Entry> list() {
        return new ArrayList<>(entries);
    }
}
