package io.visutility.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code sha256=} and the hex HMAC-SHA256, keyed with the endpoint's secret, of
 * {@code <event id>.<unix timestamp>.<body>}. Signing the id and timestamp with the body lets a
 * receiver reject replays (an old timestamp) and swapped ids.
 */
public final class Signature {
    public static final String ID_HEADER = "X-Visutility-Event-Id";
    public static final String TYPE_HEADER = "X-Visutility-Event-Type";
    public static final String TIMESTAMP_HEADER = "X-Visutility-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Visutility-Signature";

    private Signature() {}

    public static String sign(String secret, long eventId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((eventId + "." + timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
