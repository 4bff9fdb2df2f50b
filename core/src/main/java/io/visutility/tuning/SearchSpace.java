package io.visutility.tuning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The hyper-parameters a study tunes, in a fixed order, and the values each may take. Immutable.
 *
 * <p>As JSON (see {@link #fromJson}) it is an object of parameter name to definition:
 * <pre>{@code
 * {"lr":         {"type": "float", "low": 1e-5, "high": 1, "log": true},
 *  "batch_size": {"type": "int", "low": 16, "high": 512, "log": true},
 *  "epochs":     {"type": "int", "low": 5, "high": 100, "step": 5},
 *  "optimizer":  {"type": "categorical", "choices": ["sgd", "adam"]}}
 * }</pre>
 * {@code float} takes {@code low}, {@code high} and optionally {@code log} or {@code step};
 * {@code int} takes {@code low}, {@code high} and optionally {@code step} or {@code log};
 * {@code categorical} takes {@code choices} (strings, numbers or booleans). Other keys are refused.
 */
public final class SearchSpace {
    private final SequencedMap<String, Parameter> parameters;

    private SearchSpace(SequencedMap<String, Parameter> parameters) {
        this.parameters = parameters;
    }

    /** A space of {@code parameters} in the given order; names must be unique and there must be at least one. */
    public static SearchSpace of(List<? extends Parameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("expected a search space with at least one parameter but got none");
        }
        SequencedMap<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Objects.requireNonNull(p, "parameter");
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is defined twice");
            }
        }
        return new SearchSpace(Collections.unmodifiableSequencedMap(byName));
    }

    public static SearchSpace of(Parameter... parameters) {
        return of(List.of(parameters));
    }

    /**
     * Parses a space from its JSON form (see the class comment). Errors name the parameter and say
     * what was expected: {@code parameter 'lr': expected low > 0 for a log-scaled parameter but got low=0.0}.
     */
    public static SearchSpace fromJson(String json) {
        return SearchSpaceJson.parse(json);
    }

    /** The JSON form, which {@link #fromJson} reads back to an equal space. */
    public String toJson() {
        return SearchSpaceJson.write(this);
    }

    /** The parameters in order. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters.values());
    }

    public Optional<Parameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public int size() {
        return parameters.size();
    }

    /**
     * Checks that {@code values} gives a legal value to every parameter and to nothing else, and
     * returns them in canonical form (see {@link Parameter}) and in the space's order.
     *
     * @throws IllegalArgumentException naming the first parameter that is missing, unknown or out of range
     */
    public SequencedMap<String, Object> validate(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        for (String name : values.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; the space has "
                        + parameters.keySet());
            }
        }
        SequencedMap<String, Object> canonical = new LinkedHashMap<>();
        for (Parameter p : parameters.values()) {
            if (!values.containsKey(p.name())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "': expected a value but it is missing");
            }
            canonical.put(p.name(), ParamValues.canonical(p, values.get(p.name())));
        }
        return Collections.unmodifiableSequencedMap(canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace other && List.copyOf(parameters.values()).equals(other.parameters());
    }

    @Override
    public int hashCode() {
        return parameters.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
