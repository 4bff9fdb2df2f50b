package io.visutility.registry;

import io.visutility.event.StudyRecorded;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Each model's studies, as the steps recorded for them. Written only by the applying thread. */
final class StudyLog {
    private final ConcurrentHashMap<String, List<StudyRecorded>> steps = new ConcurrentHashMap<>();

    private static String key(String model, String study) {
        return model + '\u0000' + study;
    }

    void apply(StudyRecorded e) {
        steps.computeIfAbsent(key(e.model(), e.study()), k -> new CopyOnWriteArrayList<>()).add(e);
    }

    List<StudyRecorded> of(String model, String study) {
        List<StudyRecorded> s = steps.get(key(model, study));
        return s == null ? List.of() : List.copyOf(s);
    }

    Map<String, List<StudyRecorded>> all() {
        return new java.util.TreeMap<>(steps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StudyLog other && steps.equals(other.steps);
    }

    @Override
    public int hashCode() {
        return steps.keySet().hashCode();
    }
}
