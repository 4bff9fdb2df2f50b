package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.ApiServer;
import io.visutility.webhooks.Webhooks;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the REST API until SIGTERM or SIGINT. This process owns the data directory and retrains every
 * configured model. On a signal it ends live-event streams, stops the web server (requests in
 * flight finish), stops webhook deliveries and then closes the orchestrator, so every acknowledged
 * write is in a cleanly closed journal.
 *
 * <p>Settings come from flags, else the environment ({@code VISUTILITY_BIND}, {@code VISUTILITY_PORT}),
 * else a properties file given with {@code --config}, else the defaults.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Serve the REST API (until SIGTERM/SIGINT) and retrain models as their policies say.")
final class ServeCommand implements Callable<Integer> {
    private static final Set<String> KEYS = Set.of("bind", "port", "shutdown_grace_seconds",
            "webhook_initial_backoff_ms", "webhook_max_backoff_seconds", "webhook_timeout_seconds");

    @Mixin
    Context ctx;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on (default: $VISUTILITY_BIND, the config file, or 127.0.0.1). "
                    + "Any non-loopback address needs API tokens (visutility token create).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port; 0 picks a free one (default: $VISUTILITY_PORT, the config file, or 8080).")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with any of: " + "bind, port, shutdown_grace_seconds, "
                    + "webhook_initial_backoff_ms, webhook_max_backoff_seconds, webhook_timeout_seconds.")
    Path config;

    /** Reads the environment; tests substitute their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (environment.get("VISUTILITY_LOG") == null) {
            // a server's log is its record of what happened (jobs, detections, webhooks): INFO by default
            java.util.logging.Logger.getLogger("io.visutility").setLevel(java.util.logging.Level.INFO);
        }
        Properties file = config == null ? new Properties() : readConfig(config);
        String bindText = first(bind, environment.get("VISUTILITY_BIND"), file.getProperty("bind"), "127.0.0.1");
        int portNumber = integer("port", first(port == null ? null : port.toString(), environment.get("VISUTILITY_PORT"),
                file.getProperty("port"), "8080"), 0, 65535);
        Duration grace = Duration.ofSeconds(integer("shutdown_grace_seconds",
                file.getProperty("shutdown_grace_seconds", "10"), 0, 3600));
        Webhooks.Options webhooks = new Webhooks.Options(
                Duration.ofMillis(integer("webhook_initial_backoff_ms", file.getProperty("webhook_initial_backoff_ms",
                        "1000"), 1, 3_600_000)),
                Duration.ofSeconds(integer("webhook_max_backoff_seconds", file.getProperty("webhook_max_backoff_seconds",
                        "60"), 1, 86_400)),
                Duration.ofSeconds(integer("webhook_timeout_seconds", file.getProperty("webhook_timeout_seconds", "10"),
                        1, 600)));
        InetAddress address = resolve(bindText);
        Orchestrator orchestrator = Orchestrator.open(OrchestratorConfig.of(ctx.data()));
        ApiServer server;
        try {
            server = ApiServer.start(orchestrator, new ApiServer.Settings(address, portNumber, webhooks, grace));
        } catch (IllegalStateException e) {
            orchestrator.close();
            throw new VisutilityCommand.UserError(e.getMessage());
        } catch (RuntimeException e) {
            orchestrator.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("visutility-shutdown").unstarted(() -> {
            try {
                server.close();
                orchestrator.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("visutility: closing the data directory failed: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        String host = address.getHostAddress();
        ctx.out().println("listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
        ctx.out().flush();
        stopped.await();
        return 0;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        throw new IllegalStateException("no default");
    }

    private static int integer(String key, String text, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new VisutilityCommand.UserError("expected " + key + " to be a whole number but got '" + text + "'");
        }
        if (v < min || v > max) {
            throw new VisutilityCommand.UserError("expected " + key + " between " + min + " and " + max + " but got " + v);
        }
        return v;
    }

    private static Properties readConfig(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new VisutilityCommand.UserError("cannot read the config file " + file + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new VisutilityCommand.UserError("unknown setting(s) " + unknown + " in " + file + "; expected any of "
                    + new TreeSet<>(KEYS));
        }
        return p;
    }

    private static InetAddress resolve(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new VisutilityCommand.UserError("expected --bind to be an address or host name but cannot resolve '"
                    + bind + "'");
        }
    }
}
