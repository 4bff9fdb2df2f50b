package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.zafarkhaja.semver.Version;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The compact key orders, equals and prints exactly as java-semver's {@code Version} does. */
class VersionKeyProperties {

    @Provide
    Arbitrary<String> versions() {
        // numbers either side of the 21-bit packing limit, with and without pre-release and build parts
        Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 5),
                Arbitraries.of(2_097_150L, 2_097_151L, 2_097_152L, 9_000_000_000L));
        Arbitrary<String> pre = Arbitraries.of("-alpha", "-alpha.1", "-beta", "-rc.1", "-1", "");
        Arbitrary<String> build = Arbitraries.of("+001", "+exp.sha.5114f85", "");
        return Combinators.combine(number, number, number, pre, build)
                .as((a, b, c, p, m) -> a + "." + b + "." + c + p + m);
    }

    @Property(tries = 2_000)
    void ordersLikeJavaSemver(@ForAll("versions") String a, @ForAll("versions") String b) {
        Version va = Version.parse(a);
        Version vb = Version.parse(b);
        VersionKey ka = VersionKey.of(va);
        VersionKey kb = VersionKey.of(vb);
        assertThat(Integer.signum(ka.compareTo(kb))).isEqualTo(Integer.signum(va.compareTo(vb)));
        assertThat(ka.equals(kb)).isEqualTo(va.compareTo(vb) == 0);
        if (ka.equals(kb)) {
            assertThat(ka.hashCode()).isEqualTo(kb.hashCode());
        }
        assertThat(ka.toString()).isEqualTo(va.toString());
        assertThat(ka.version()).isEqualTo(va);
    }
}
