package io.visutility.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An opaque {@code page_token} for {@code model-versions/search}: URL-safe base64 of a small JSON
 * object holding the sort key of the last row of the page (so the next page starts strictly after it,
 * whatever was registered in between) and a digest of the query it belongs to (so a token cannot be
 * used with another filter or order). Nothing is kept on the server.
 */
final class PageToken {
    private PageToken() {}

    static String after(SearchOrder.Key last, String query) {
        ObjectNode o = MlflowJson.MAPPER.createObjectNode();
        o.put("q", digest(query));
        o.put("name", last.name());
        o.put("version", last.version());
        o.put("created", last.created());
        o.put("updated", last.updated());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key a token resumes after; a token that is not one of ours, or is for another query, is refused. */
    static SearchOrder.Key decode(String token, String query) {
        JsonNode o;
        try {
            o = MlflowJson.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid(token, "it is not a token this server issued");
        }
        if (o == null || !o.isObject() || !o.path("q").isTextual() || !o.path("name").isTextual()
                || !o.path("version").canConvertToInt() || !o.path("version").isIntegralNumber()
                || !o.path("created").isIntegralNumber() || !o.path("updated").isIntegralNumber() || o.size() != 5) {
            throw invalid(token, "it is not a token this server issued");
        }
        if (!o.get("q").textValue().equals(digest(query))) {
            throw invalid(token, "it was issued for another filter or order_by; send the same ones with it");
        }
        return new SearchOrder.Key(o.get("name").textValue(), o.get("version").intValue(), o.get("created").longValue(),
                o.get("updated").longValue());
    }

    private static MlflowException invalid(String token, String why) {
        return MlflowException.invalid("invalid page_token '" + Texts.cut(token) + "': " + why
                + " (send back the next_page_token of the previous page unchanged)");
    }

    private static String digest(String query) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
