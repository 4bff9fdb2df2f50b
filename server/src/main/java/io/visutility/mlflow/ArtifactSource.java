package io.visutility.mlflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version's MLflow {@code source}: our artifacts are content-addressed, so a source names one
 * by its SHA-256, either as {@code sha256:<64 hex>} or as a URL ending in
 * {@code /api/v1/artifacts/<64 hex>} (what this API hands out, so a source read here can be sent back).
 */
final class ArtifactSource {
    private static final Pattern SHA = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+(?:/[^?#]*)?"
            + "/api/v1/artifacts/([0-9a-f]{64})");

    private ArtifactSource() {}

    /** The SHA-256 a source names. */
    static String sha256(String source) {
        if (source == null || source.isEmpty()) {
            throw MlflowException.invalid("expected field 'source', naming a stored artifact as sha256:<64 hex digits>"
                    + " or a URL ending in /api/v1/artifacts/<64 hex digits>, but it is missing");
        }
        Matcher m = SHA.matcher(source);
        if (m.matches()) {
            return m.group(1);
        }
        m = URL.matcher(source);
        if (m.matches()) {
            return m.group(1);
        }
        throw MlflowException.invalid("expected 'source' to name a stored artifact as sha256:<64 lowercase hex digits>"
                + " or a URL ending in /api/v1/artifacts/<64 lowercase hex digits>, but got '" + Texts.cut(source)
                + "'; upload the artifact with PUT /api/v1/artifacts first");
    }

    /** Where the artifact is downloaded from this server, whose address is {@code base}. */
    static String uri(String base, String sha256) {
        return base + "/api/v1/artifacts/" + sha256;
    }
}
