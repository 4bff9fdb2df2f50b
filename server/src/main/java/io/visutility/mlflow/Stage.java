package io.visutility.mlflow;

import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * MLflow's model-version stages, derived from our aliases: the version holding {@code production} is
 * in Production, the one holding {@code staging} in Staging, a deprecated version is Archived, and
 * every other version is in None. Stages are read-only here; aliases move them.
 */
enum Stage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    static final String STAGING_ALIAS = "staging";

    private final String text;

    Stage(String text) {
        this.text = text;
    }

    /** As MLflow writes it: {@code Production}. */
    String text() {
        return text;
    }

    static Stage of(ModelVersion v) {
        if (v.deprecated()) {
            return ARCHIVED; // a deprecated version holds no alias
        }
        if (v.aliases().contains(Registry.PRODUCTION)) {
            return PRODUCTION;
        }
        return v.aliases().contains(STAGING_ALIAS) ? STAGING : NONE;
    }

    /** A stage named in a request, in any letter case, as MLflow accepts it. */
    static Stage parse(String text) {
        for (Stage s : values()) {
            if (s.text.equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw MlflowException.invalid("expected a stage among " + Arrays.stream(values()).map(Stage::text)
                .collect(Collectors.joining(", ")) + " (in any letter case) but got '" + Texts.cut(text) + "'");
    }
}
