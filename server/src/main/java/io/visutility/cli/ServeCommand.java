package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.ApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the REST API until SIGTERM or SIGINT. This process owns the data directory and retrains every
 * configured model. On a signal it stops the web server (requests in flight finish) and then closes
 * the orchestrator, so every acknowledged write is in a cleanly closed journal.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Serve the REST API (until SIGTERM/SIGINT) and retrain models as their policies say.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Context ctx;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on; loopback only until API tokens exist (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new VisutilityCommand.UserError("expected --port between 0 and 65535 but got " + port);
        }
        InetAddress address = loopback(bind);
        Orchestrator orchestrator = Orchestrator.open(OrchestratorConfig.of(ctx.data()));
        ApiServer server;
        try {
            server = ApiServer.start(orchestrator, address, port);
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

    /** Without tokens the API has no authentication, so it must not be reachable from other machines. */
    private static InetAddress loopback(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new VisutilityCommand.UserError("expected --bind to be an address or host name but cannot resolve '"
                    + bind + "'");
        }
        if (!address.isLoopbackAddress()) {
            throw new VisutilityCommand.UserError("API tokens are not implemented yet; binding to " + bind
                    + " would expose the API without authentication (use --bind 127.0.0.1)");
        }
        return address;
    }
}
