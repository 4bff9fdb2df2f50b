package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;

/**
 * Refuses a request whose body length is ambiguous: several Content-Length values, or Content-Length
 * together with Transfer-Encoding (RFC 9112 §6.3). The web server reads one of them and ignores the
 * rest, and a proxy in front of it may read another, which is how requests are smuggled.
 */
final class RequestFraming {
    private RequestFraming() {}

    static void check(ServerRequest req) {
        ServerRequestHeaders h = req.headers();
        if (!h.contains(HeaderNames.CONTENT_LENGTH)) {
            return;
        }
        List<String> lengths = h.get(HeaderNames.CONTENT_LENGTH).allValues();
        if (lengths.size() != 1 || !lengths.getFirst().trim().matches("[0-9]{1,18}")) {
            throw RequestBodies.invalid("expected one Content-Length of decimal digits but got "
                    + Texts.abbreviate(String.join(", ", lengths)));
        }
        if (h.contains(HeaderNames.TRANSFER_ENCODING)) {
            throw RequestBodies.invalid("expected either Content-Length or Transfer-Encoding but got both");
        }
    }
}
