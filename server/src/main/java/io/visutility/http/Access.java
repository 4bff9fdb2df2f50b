package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what. Every request but {@code /health}, the OpenAPI document and the dashboard's static
 * files ({@link #isStaticFile}) needs a token once
 * tokens are required: reads need {@link Role#READ}; the few writes that serving endpoints and CI
 * make need {@link Role#WRITE}; every other change needs {@link Role#ADMIN}, so an endpoint added
 * later is admin-only until it is listed here.
 *
 * <p>Tokens are required when the server listens beyond loopback, or as soon as any token exists.
 */
final class Access implements Filter {
    static final String BEARER = "Bearer ";
    private static final Set<String> PUBLIC = Set.of("/health", "/api/v1/openapi.json");

    private final ApiTokens tokens;
    private final boolean alwaysRequired;

    /**
     * @param tokens the data directory's tokens, or null for none at all (tests)
     * @param alwaysRequired require tokens even when none exist (the server is reachable from other machines)
     */
    Access(ApiTokens tokens, boolean alwaysRequired) {
        this.tokens = tokens;
        this.alwaysRequired = alwaysRequired;
    }

    boolean required() {
        return alwaysRequired || (tokens != null && !tokens.isEmpty());
    }

    /** The role a request needs, or empty for the public endpoints. */
    static Optional<Role> needed(Method method, String path) {
        if (PUBLIC.contains(path)) {
            return Optional.empty();
        }
        if ((method == Method.GET || method == Method.HEAD) && isStaticFile(path)) {
            return Optional.empty();
        }
        if (method == Method.GET || method == Method.HEAD || method == Method.OPTIONS) {
            return Optional.of(Role.READ);
        }
        if (method == Method.POST && path.equals("/api/2.0/mlflow/registered-models/get-latest-versions")) {
            return Optional.of(Role.READ); // a read that MLflow clients send as POST
        }
        if ((method == Method.PUT && path.equals("/api/v1/artifacts"))
                || (method == Method.POST && (path.equals("/api/v1/telemetry")
                        || (path.startsWith("/api/v1/models/") && path.endsWith("/versions")
                                && path.indexOf('/', "/api/v1/models/".length()) == path.length() - "/versions".length())
                        || path.equals("/api/2.0/mlflow/registered-models/create")
                        || path.equals("/api/2.0/mlflow/model-versions/create")))) {
            return Optional.of(Role.WRITE);
        }
        return Optional.of(Role.ADMIN);
    }

    /**
     * The dashboard's static files: the page at {@code /}, its files under {@code /dashboard/} and the
     * uPlot library. They hold no data (the page reads the API with the user's token), so they are
     * public: a browser must load the page before it can ask for a token.
     */
    static boolean isStaticFile(String path) {
        return path.equals("/") || path.startsWith("/dashboard/") || path.startsWith("/webjars/uplot/");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!required()) {
            chain.proceed();
            return;
        }
        Optional<Role> needed = needed(req.prologue().method(), req.path().path());
        if (needed.isEmpty()) {
            chain.proceed();
            return;
        }
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(res, 401, "unauthorized", "Unauthorized", "this request needs an API token: send 'Authorization: Bearer "
                    + "<token>' (create one with 'visutility token create --role " + needed.get().jsonName() + "')");
            return;
        }
        Optional<ApiTokens.Token> token = tokens == null ? Optional.empty()
                : tokens.authenticate(header.get().substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            refuse(res, 401, "unauthorized", "Unauthorized", "the API token is not valid (unknown, revoked or mistyped)");
            return;
        }
        if (!token.get().role().includes(needed.get())) {
            refuse(res, 403, "forbidden", "Forbidden", "token " + token.get().id() + " has role "
                    + token.get().role().jsonName() + "; " + req.prologue().method().text() + " "
                    + Texts.abbreviate(req.path().path()) + " needs role " + needed.get().jsonName());
            return;
        }
        chain.proceed();
    }

    private static void refuse(RoutingResponse res, int status, String code, String title, String detail) {
        if (status == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"visutility\"");
        }
        Problems.send(res, new Problems.Problem(status, code, title, detail));
    }
}
