package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.ArrayList;
import java.util.List;

/** What a detector said over a whole stream: every signal, and the indices of warnings and drifts. */
record Run(List<Signal> signals, List<Integer> warnings, List<Integer> drifts) {

    static Run of(ChangeDetector detector, double[] stream) {
        List<Signal> signals = new ArrayList<>(stream.length);
        List<Integer> warnings = new ArrayList<>();
        List<Integer> drifts = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            Signal signal = detector.update(stream[i]);
            signals.add(signal);
            switch (signal) {
                case WARNING -> warnings.add(i);
                case DRIFT -> drifts.add(i);
                case NONE -> { }
            }
        }
        return new Run(List.copyOf(signals), List.copyOf(warnings), List.copyOf(drifts));
    }

    int firstWarning() {
        return warnings.isEmpty() ? -1 : warnings.get(0);
    }
}
