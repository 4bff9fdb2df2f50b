package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP exchange with the server, and the one place where an answer becomes a value or a
 * {@link VisutilityException}: 2xx bodies are read as JSON, error bodies as problem documents, I/O
 * failures are wrapped with the method and URL.
 */
final class Http {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final URI base;
    private final String authorization;
    private final Duration requestTimeout;

    Http(HttpClient client, URI base, String token, Duration requestTimeout) {
        this.client = client;
        this.base = base;
        this.authorization = token == null ? null : "Bearer " + token;
        this.requestTimeout = requestTimeout;
    }

    HttpClient client() {
        return client;
    }

    /** The absolute URL of an API path such as {@code /api/v1/telemetry}, below the base URL's path. */
    URI uri(String path) {
        return base.resolve(path.substring(1));
    }

    /** A request to {@code uri} carrying the token and the request timeout. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Sends {@code request}; the body as JSON when the status is 2xx, else the server's error. */
    JsonNode json(HttpRequest request) {
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw problem(request, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new VisutilityException(request.method(), request.uri(), response.statusCode(),
                    VisutilityException.UNEXPECTED_RESPONSE, "expected a JSON body but got " + snippet(response.body()), e);
        }
    }

    /** Sends {@code request} and returns the answer whatever its status; fails only without one. */
    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.TIMEOUT,
                    "no answer within " + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.UNREACHABLE,
                    "cannot reach the server: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.INTERRUPTED,
                    "interrupted while waiting for the answer", e);
        }
    }

    /** The error an answer with status {@code status} stands for, from its problem document when it has one. */
    static VisutilityException problem(HttpRequest request, int status, String contentType, byte[] body) {
        if (contentType.startsWith("application/problem+json") || contentType.startsWith("application/json")) {
            try {
                JsonNode p = MAPPER.readTree(body);
                if (p != null && p.hasNonNull("code")) {
                    String detail = p.hasNonNull("detail") ? p.get("detail").asText() : p.path("title").asText("");
                    return new VisutilityException(request.method(), request.uri(), status, p.get("code").asText(),
                            detail, null);
                }
            } catch (IOException e) {
                // not a problem document after all: described below by its first bytes
            }
        }
        return new VisutilityException(request.method(), request.uri(), status, VisutilityException.HTTP_ERROR,
                "expected a problem document but got " + snippet(body), null);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length == 0 ? "an empty body" : "'" + text + (body.length > 200 ? "…'" : "'");
    }
}
