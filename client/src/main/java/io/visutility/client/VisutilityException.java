package io.visutility.client;

import java.net.URI;

/**
 * A call of {@link VisutilityClient} that failed: the server answered with an error (then
 * {@link #status()}, {@link #code()} and {@link #detail()} come from its
 * <a href="https://www.rfc-editor.org/rfc/rfc9457">problem document</a>), or it could not be reached
 * or did not answer in time (then {@code status()} is 0 and the code is one of the client's own below).
 *
 * <pre>{@code
 * try {
 *     client.register("detector", registration);
 * } catch (VisutilityException e) {
 *     if (e.code().equals("checksum_conflict")) {
 *         // this version exists with another artifact: register a new version instead
 *     }
 *     throw e;
 * }
 * }</pre>
 */
public final class VisutilityException extends RuntimeException {
    /** The server could not be reached (connection refused, DNS, TLS, reset). */
    public static final String UNREACHABLE = "unreachable";
    /** The server did not answer within the request timeout. */
    public static final String TIMEOUT = "timeout";
    /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
    public static final String INTERRUPTED = "interrupted";
    /** The server answered, but not with what the API describes (not JSON, missing fields). */
    public static final String UNEXPECTED_RESPONSE = "unexpected_response";
    /** An error status without a problem document (a proxy's page, for example). */
    public static final String HTTP_ERROR = "http_error";

    private final String method;
    private final URI uri;
    private final int status;
    private final String code;
    private final String detail;

    VisutilityException(String method, URI uri, int status, String code, String detail, Throwable cause) {
        super(method + " " + uri + (status == 0 ? " failed" : " answered " + status) + " (" + code + "): " + detail,
                cause);
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    /** The HTTP method of the failed request. */
    public String method() {
        return method;
    }

    /** The URL of the failed request (never with credentials: the token travels in a header). */
    public URI uri() {
        return uri;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /**
     * A stable, machine-readable reason: the server's {@code code} ({@code not_found},
     * {@code checksum_conflict}, {@code invalid_input}, {@code unauthorized}, …) or one of this class's
     * constants.
     */
    public String code() {
        return code;
    }

    /** What went wrong, for people: the server's {@code detail} or the network error's message. */
    public String detail() {
        return detail;
    }
}
