package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The live dashboard's static files: {@code GET /} (the page), {@code GET /dashboard/{file}} (its
 * script and style sheet) and {@code GET /webjars/uplot/1.6.30/dist/{file}} (the uPlot chart library
 * from its WebJar). Only the dashboard's own three file names, and uPlot file names matching a strict
 * pattern, are looked up, always under a fixed classpath folder, so no request can name another
 * resource. They carry no data: the page reads everything through the API with the user's token.
 */
final class DashboardRoutes {
    static final String UPLOT_VERSION = "1.6.30";
    static final String UPLOT_PATH = "/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final String DASHBOARD_FOLDER = "/io/visutility/dashboard/";
    private static final String UPLOT_FOLDER = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final Map<String, String> DASHBOARD_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Pattern UPLOT_FILE = Pattern.compile("[A-Za-z][A-Za-z0-9.-]{0,63}\\.(js|css)");
    /** The page only talks to this server; uPlot sets element styles, hence the inline styles. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> dashboard;
    /** uPlot files found so far (at most the WebJar's handful: only existing names are cached). */
    private final Map<String, byte[]> uplot = new ConcurrentHashMap<>();

    DashboardRoutes() {
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        for (String name : DASHBOARD_FILES.keySet()) {
            files.put(name, resource(DASHBOARD_FOLDER + name).orElseThrow(() -> new IllegalStateException(
                    "the dashboard's " + name + " is missing from the server's resources")));
        }
        this.dashboard = Map.copyOf(files);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> send(res, "index.html"))
                .get("/dashboard/{file}", (req, res) -> send(res, ModelRoutes.param(req, "file")))
                .get(UPLOT_PATH + "{file}", this::uplot);
        MethodNotAllowed.register(routing, "/", Method.GET);
        MethodNotAllowed.register(routing, "/dashboard/{file}", Method.GET);
        MethodNotAllowed.register(routing, UPLOT_PATH + "{file}", Method.GET);
    }

    private void send(ServerResponse res, String name) {
        byte[] body = dashboard.get(name);
        if (body == null) {
            throw new RegistryException(RegistryException.Code.NOT_FOUND, "expected a dashboard file among "
                    + DASHBOARD_FILES.keySet().stream().sorted().toList() + " but got '" + Texts.abbreviate(name) + "'");
        }
        res.header(HeaderNames.CONTENT_TYPE, DASHBOARD_FILES.get(name));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        headers(res);
        res.send(body);
    }

    private void uplot(ServerRequest req, ServerResponse res) {
        String name = ModelRoutes.param(req, "file");
        if (!UPLOT_FILE.matcher(name).matches()) {
            throw new RegistryException(RegistryException.Code.NOT_FOUND, "expected a uPlot file name like"
                    + " uPlot.iife.min.js or uPlot.min.css but got '" + Texts.abbreviate(name) + "'");
        }
        byte[] body = uplot.get(name);
        if (body == null) {
            body = resource(UPLOT_FOLDER + name).orElseThrow(() -> new RegistryException(
                    RegistryException.Code.NOT_FOUND, "uPlot " + UPLOT_VERSION + " has no file '" + name + "'"));
            uplot.put(name, body);
        }
        res.header(HeaderNames.CONTENT_TYPE, name.endsWith(".css") ? "text/css; charset=utf-8"
                : "text/javascript; charset=utf-8");
        // the path names the version, so the file never changes
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        headers(res);
        res.send(body);
    }

    private static void headers(ServerResponse res) {
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.header("Referrer-Policy", "no-referrer");
    }

    private static Optional<byte[]> resource(String path) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + path, e);
        }
    }
}
