package io.visutility.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns a request for a path that exists, with a method it does not have, into {@code 405} with an
 * {@code Allow} header instead of the catch-all's {@code 404}. A route class registers it for each of
 * its paths after that path's routes: Helidon tries routes in order, so it sees only the methods
 * those routes did not take.
 */
final class MethodNotAllowed {
    private MethodNotAllowed() {}

    static void register(HttpRouting.Builder routing, String path, Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        routing.any(path, (req, res) -> {
            throw new MethodNotAllowedException(req.prologue().method().text(), req.path().path(), allow);
        });
    }
}
