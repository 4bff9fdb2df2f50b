package io.visutility.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.visutility.Orchestrator;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;

/**
 * The REST API over one open {@link Orchestrator}: a Helidon SE web server whose handlers run on
 * virtual threads. It does not own the orchestrator; whoever opened it closes it after
 * {@link #close()}.
 */
public final class ApiServer implements AutoCloseable {
    private final WebServer server;

    private ApiServer(WebServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code address:port} (port 0 picks a free one).
     *
     * @throws UncheckedIOException when it cannot listen there (the port is taken, the address is not local)
     */
    public static ApiServer start(Orchestrator orchestrator, InetAddress address, int port) {
        byte[] openApi = openApiDocument();
        WebServer server = WebServer.builder()
                .address(address)
                .port(port)
                .shutdownHook(false) // the caller decides when to stop, before it closes the journal
                .directHandlers(d -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        d.addHandler(type, Problems::direct);
                    }
                })
                .routing(r -> routes(r, orchestrator, openApi))
                .build()
                .start();
        // Helidon logs a listener that failed to bind and returns a server that is not running
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port,
                    new BindException("the port is in use or the address is not available"));
        }
        return new ApiServer(server);
    }

    private static void routes(HttpRouting.Builder r, Orchestrator orchestrator, byte[] openApi) {
        r.addFilter(new PathGuard());
        r.get("/health", (req, res) -> Json.send(res, 200, Json.MAPPER.createObjectNode().put("status", "up")));
        r.get("/api/v1/openapi.json", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, Json.MEDIA_TYPE);
            res.send(openApi);
        });
        new ArtifactRoutes(orchestrator.registry().artifacts()).register(r);
        new ModelRoutes(orchestrator.registry()).register(r);
        new TelemetryRoutes(orchestrator.telemetry()).register(r);
        new MonitorRoutes(orchestrator).register(r);
        new RetrainRoutes(orchestrator).register(r);
        r.any((req, res) -> {
            throw new RegistryException(RegistryException.Code.NOT_FOUND, "no endpoint "
                    + req.prologue().method().text() + " " + Texts.abbreviate(req.path().path()));
        });
        r.error(Exception.class, Problems::handle);
    }

    private static byte[] openApiDocument() {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Stops accepting connections and lets requests in flight finish. */
    @Override
    public void close() {
        server.stop();
    }
}
