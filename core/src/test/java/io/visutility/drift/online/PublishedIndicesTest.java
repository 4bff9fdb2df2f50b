package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each detector reproduces the indices river's documentation publishes for the same streams and
 * parameters (test resources {@code drift/online/README.md}); an index is the 0-based position of the
 * update that returned the signal.
 */
class PublishedIndicesTest {

    private static Run numeric(String detector, Map<String, String> parameters) {
        return Run.of(ChangeDetectors.create(detector, parameters), ReferenceStreams.numeric());
    }

    private static Run binary(String detector, Map<String, String> parameters) {
        return Run.of(ChangeDetectors.create(detector, parameters), ReferenceStreams.binary());
    }

    @Test
    void adwinDetectsTheJumpOnceAt1023() {
        Run run = numeric("adwin", Map.of());

        assertThat(run.drifts()).containsExactly(1023);
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void pageHinkleyDetectsTheJumpOnceAt1006() {
        Run run = numeric("page-hinkley", Map.of());

        assertThat(run.drifts()).containsExactly(1006);
    }

    @Test
    void ddmWarnsFirstAt1084AndDetectsAt1334() {
        Run run = binary("ddm", Map.of());

        assertThat(run.firstWarning()).isEqualTo(1084);
        assertThat(run.drifts()).containsExactly(1334);
    }

    @Test
    void hddmAWarnsFirstAt451AndDetectsAt1206() {
        Run run = binary("hddm-a", Map.of());

        assertThat(run.firstWarning()).isEqualTo(451);
        assertThat(run.drifts()).containsExactly(1206);
    }

    @Test
    void hddmWWarnsFirstAt451AndDetectsAt1077() {
        Run run = binary("hddm-w", Map.of());

        assertThat(run.firstWarning()).isEqualTo(451);
        assertThat(run.drifts()).containsExactly(1077);
    }

    @Test
    void eddmWarnsFirstAt1059AndDetectsAt1278() {
        Run run = binary("eddm", Map.of("alpha", "0.8", "beta", "0.75"));

        assertThat(run.firstWarning()).isEqualTo(1059);
        assertThat(run.drifts()).containsExactly(1278);
    }

    /**
     * river draws KSWIN's older sample with Python's {@code random.Random(42)}; replaying those draws
     * ({@link PythonRandomDraw}) gives river's run exactly. With this project's own draw see
     * {@link KswinTest}.
     */
    @Test
    void kswinWithRiversDrawsDetectsTheJumpOnceAt1016() {
        Kswin kswin = new Kswin(1e-4, 100, 30, 42, PythonRandomDraw::new);

        Run run = Run.of(kswin, ReferenceStreams.numeric());

        assertThat(run.drifts()).containsExactly(1016);
    }
}
