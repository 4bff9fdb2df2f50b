package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DriftMethodTest {

    @ParameterizedTest
    @EnumSource(DriftMethod.class)
    void parsesItsOwnCliName(DriftMethod method) {
        assertThat(DriftMethod.parse(method.cliName())).isSameAs(method);
    }

    @Test
    void cliNamesAreTheLowercaseCommandLineNames() {
        assertThat(DriftMethod.values()).extracting(DriftMethod::cliName)
                .containsExactly("auto", "ks", "chisquare", "wasserstein", "jensenshannon", "psi");
    }

    @Test
    void refusesAnUnknownNameListingTheValidOnes() {
        assertThatThrownBy(() -> DriftMethod.parse("kolmogorov"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a drift method, one of auto|ks|chisquare|wasserstein|jensenshannon|psi, "
                        + "but got 'kolmogorov'");
    }

    @Test
    void refusesOtherCaseWithAHint() {
        assertThatThrownBy(() -> DriftMethod.parse("KS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but got 'KS'")
                .hasMessageContaining("names are lowercase: 'ks'");
    }

    @Test
    void refusesNullAndEmpty() {
        assertThatThrownBy(() -> DriftMethod.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but got 'null'");
        assertThatThrownBy(() -> DriftMethod.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but got ''");
    }

    @Test
    void pValueMethodsDefaultTo005AndDistancesTo01() {
        assertThat(DriftMethod.KS.hasPValue()).isTrue();
        assertThat(DriftMethod.CHISQUARE.hasPValue()).isTrue();
        assertThat(DriftMethod.KS.defaultThreshold()).isEqualTo(0.05);
        assertThat(DriftMethod.CHISQUARE.defaultThreshold()).isEqualTo(0.05);
        for (DriftMethod m : new DriftMethod[] {DriftMethod.WASSERSTEIN, DriftMethod.JENSENSHANNON, DriftMethod.PSI}) {
            assertThat(m.hasPValue()).as(m.cliName()).isFalse();
            assertThat(m.defaultThreshold()).as(m.cliName()).isEqualTo(0.1);
        }
    }

    @Test
    void autoHasNoThresholdOfItsOwn() {
        assertThatThrownBy(DriftMethod.AUTO::hasPValue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(DriftMethod.AUTO::defaultThreshold).isInstanceOf(IllegalStateException.class);
    }
}
