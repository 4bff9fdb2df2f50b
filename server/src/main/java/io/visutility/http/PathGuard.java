package io.visutility.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;

/**
 * Refuses request paths that try to smuggle a separator or a relative segment into a path parameter
 * ({@code ..%2F..%2Fjournal}, {@code /a/../b}, a backslash). The registry checks every name it is
 * given anyway; this turns such requests into a clear 400 instead of a confusing 404 from a route
 * that no longer matches once the path is decoded.
 */
final class PathGuard implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String raw = req.prologue().uriPath().rawPath();
        if (smuggles(raw)) {
            Problems.send(res, Problems.of(RequestBodies.invalid("expected a request path whose segments are names,"
                    + " versions or digests, without '/', '\\', '.' or '..' hidden in them, but got '"
                    + Texts.abbreviate(raw) + "'")));
            return;
        }
        chain.proceed();
    }

    static boolean smuggles(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\") || lower.contains("%00")) {
            return true;
        }
        for (String segment : lower.replace("%2e", ".").split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
