package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the online change detectors by name, with parameters given as text (from a command line
 * or a policy file), and describes their parameters.
 *
 * <table>
 *   <caption>Detectors and their published sources</caption>
 *   <tr><th>name</th><th>algorithm</th><th>input</th></tr>
 *   <tr><td>{@code adwin}</td><td>ADWIN2, Bifet &amp; Gavaldà 2007</td><td>any finite value</td></tr>
 *   <tr><td>{@code page-hinkley}</td><td>Page 1954, streaming form with fading factor</td><td>any finite value</td></tr>
 *   <tr><td>{@code ddm}</td><td>Gama et al. 2004</td><td>error indicator in [0, 1]</td></tr>
 *   <tr><td>{@code eddm}</td><td>Baena-García et al. 2006</td><td>0 (right) or 1 (wrong)</td></tr>
 *   <tr><td>{@code hddm-a}</td><td>Frías-Blanco et al. 2015, A-test</td><td>value in [0, 1]</td></tr>
 *   <tr><td>{@code hddm-w}</td><td>Frías-Blanco et al. 2015, W-test</td><td>value in [0, 1]</td></tr>
 *   <tr><td>{@code kswin}</td><td>Raab et al. 2020</td><td>any finite value</td></tr>
 * </table>
 *
 * <p>Defaults are river's (and, where MOA has the detector, MOA's). Parameter keys are snake_case;
 * an unknown detector or key, a value that does not parse or is out of range, or two values that
 * contradict each other are rejected with an {@link IllegalArgumentException} naming the detector,
 * the parameter and what it accepts. Detectors are not thread-safe.
 */
public final class ChangeDetectors {
    private static final Map<String, DetectorSpec> SPECS = specs(
            Adwin.spec(), PageHinkley.spec(), Ddm.spec(), Eddm.spec(), HddmA.spec(), HddmW.spec(), Kswin.spec());

    private ChangeDetectors() {}

    /** Creates the detector called {@code name}; absent parameters take their defaults. */
    public static ChangeDetector create(String name, Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return spec(name).create(parameters);
    }

    /** Creates the detector called {@code name} with every parameter at its default. */
    public static ChangeDetector create(String name) {
        return create(name, Map.of());
    }

    /** The detector names, e.g. {@code adwin}, in a stable order. */
    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    /** The parameters the detector called {@code name} accepts, with defaults and accepted values. */
    public static List<DetectorParameter> parameters(String name) {
        return spec(name).describe();
    }

    private static DetectorSpec spec(String name) {
        DetectorSpec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown change detector '" + name + "'; expected one of "
                    + String.join(", ", SPECS.keySet()));
        }
        return spec;
    }

    private static Map<String, DetectorSpec> specs(DetectorSpec... specs) {
        Map<String, DetectorSpec> byName = new LinkedHashMap<>();
        for (DetectorSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        return byName;
    }
}
