package io.visutility.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The server's REST API as the CLI calls it: JSON in and out over HTTP/1.1, an optional bearer token,
 * and every failure turned into the one-line error the CLI prints. A problem+json answer whose
 * {@code code} is a registry refusal becomes the same {@link RegistryException} the local mode throws,
 * so both print {@code <detail> [<code>]}; anything else becomes a {@link VisutilityCommand.UserError}
 * that names the server. The token is sent, never printed.
 */
final class RemoteApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest wait for a JSON answer; artifact uploads and log downloads have none (they may be large). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";

    private final URI base;
    private final String token;
    private final HttpClient http;

    private RemoteApi(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param url the server, {@code http(s)://host[:port][/prefix]}
     * @param token the API token, or null or blank for none
     * @throws VisutilityCommand.UserError for a URL that is not such a one
     */
    static RemoteApi connect(String url, String token) {
        return new RemoteApi(baseUri(url), token == null || token.isBlank() ? null : token.strip());
    }

    /** Checks a server URL and drops a trailing slash. */
    static URI baseUri(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw badUrl(url, "it is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw badUrl(url, uri.getScheme() == null ? "it has no scheme" : "its scheme is '" + uri.getScheme() + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw badUrl("(a URL with user information)",
                    "it contains user information; pass the API token in VISUTILITY_TOKEN instead");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badUrl(url, "it has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw badUrl(url, "it has a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static VisutilityCommand.UserError badUrl(String url, String why) {
        return new VisutilityCommand.UserError("expected --server (or VISUTILITY_SERVER) to be a URL like"
                + " http://host:8080 (http or https, no user name or password) but got " + url + ": " + why);
    }

    /** The server as the user named it (without a trailing slash). */
    String server() {
        return base.toString();
    }

    /** {@code /api/v1/…} from path segments, each percent-encoded. */
    static String path(String... segments) {
        return "/api/v1/" + Arrays.stream(segments)
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /** The absolute URL of an API path. */
    String url(String path) {
        return base + path;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().timeout(REQUEST_TIMEOUT), "GET", path));
    }

    /** A GET whose {@code not_found} answer means "there is none". */
    Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (RegistryException e) {
            if (e.code() == RegistryException.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(withBody(path).method("POST", publisher(body)), "POST", path));
    }

    JsonNode put(String path, JsonNode body) {
        return json(send(withBody(path).method("PUT", publisher(body)), "PUT", path));
    }

    /** Streams a file as the request body (never read into memory). */
    JsonNode putFile(String path, Path file) throws IOException {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new VisutilityCommand.UserError("cannot read artifact " + file + ": " + e.getMessage());
        }
        return json(send(request(path).header("Content-Type", "application/octet-stream").PUT(body), "PUT", path));
    }

    /** A streamed body (a log); the caller closes it. */
    InputStream stream(String path) {
        HttpResponse<InputStream> res = exchange(request(path).GET(), "GET", path);
        if (res.statusCode() / 100 == 2) {
            return res.body();
        }
        byte[] body;
        try (InputStream in = res.body()) {
            body = in.readNBytes(1 << 16);
        } catch (IOException e) {
            throw unreachable(e);
        }
        throw refusal(res, body, "GET", path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Accept", JSON + ", application/problem+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpRequest.Builder withBody(String path) {
        return request(path).timeout(REQUEST_TIMEOUT).header("Content-Type", JSON);
    }

    private static HttpRequest.BodyPublisher publisher(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Output.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends and reads the whole (JSON) answer; a refusal becomes an exception. */
    private byte[] send(HttpRequest.Builder request, String method, String path) {
        HttpResponse<InputStream> res = exchange(request, method, path);
        byte[] body;
        try (InputStream in = res.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (res.statusCode() / 100 != 2) {
            throw refusal(res, body, method, path);
        }
        return body;
    }

    private HttpResponse<InputStream> exchange(HttpRequest.Builder request, String method, String path) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VisutilityCommand.UserError("interrupted while waiting for " + method + " " + url(path));
        }
    }

    private JsonNode json(byte[] body) {
        try {
            return Output.JSON.readTree(body);
        } catch (IOException e) {
            throw new VisutilityCommand.UserError("server " + base + " answered with something that is not JSON: "
                    + e.getMessage());
        }
    }

    private VisutilityCommand.UserError unreachable(IOException e) {
        String why = switch (e) {
            case HttpConnectTimeoutException t -> "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
            case HttpTimeoutException t -> "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
            case ConnectException c -> c.getMessage() == null || c.getMessage().isBlank()
                    ? (c.getCause() instanceof java.nio.channels.UnresolvedAddressException
                            ? "unknown host " + base.getHost() : "connection refused")
                    : c.getMessage().toLowerCase(Locale.ROOT).contains("refused") ? "connection refused"
                            : c.getMessage();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new VisutilityCommand.UserError("cannot reach server " + base + ": " + why);
    }

    /**
     * A non-2xx answer: registry refusals keep their code and detail (as the local mode prints them);
     * a missing or refused token says what to do; anything else names the server and status.
     */
    private RuntimeException refusal(HttpResponse<?> res, byte[] body, String method, String path) {
        int status = res.statusCode();
        JsonNode problem = null;
        try {
            problem = Output.JSON.readTree(body);
        } catch (IOException e) {
            // not a problem document: described by status below
        }
        String code = problem != null && problem.path("code").isTextual() ? problem.get("code").asText() : null;
        String detail = problem != null && problem.path("detail").isTextual() ? problem.get("detail").asText() : null;
        if (status == 401 || status == 403 || "unauthorized".equals(code) || "forbidden".equals(code)) {
            String c = code != null ? code : status == 401 ? "unauthorized" : "forbidden";
            return new VisutilityCommand.UserError("server " + base + " refused " + method + " " + path
                    + (detail == null ? "" : ": " + detail) + " [" + c + "]; "
                    + (token == null ? "set VISUTILITY_TOKEN to an API token of that server"
                            : status == 403 || "forbidden".equals(c)
                                    ? "the token in VISUTILITY_TOKEN is not allowed to do this"
                                    : "check the token in VISUTILITY_TOKEN"));
        }
        if (code != null && detail != null) {
            for (RegistryException.Code known : RegistryException.Code.values()) {
                if (known.id().equals(code)) {
                    return new RegistryException(known, detail);
                }
            }
            return new VisutilityCommand.UserError(detail + " [" + code + "]");
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new VisutilityCommand.UserError("server " + base + " answered " + status + " to " + method + " " + path
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 199) + "…" : text)));
    }
}
