package io.visutility.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for {@code POST /api/v1/telemetry}: answers the first {@code failures} requests with
 * {@code failureStatus}, then 202 with every line accepted, and records every line it accepted.
 */
final class StubTelemetryServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final int failureStatus;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** When set, the first request waits for it to open before it is answered. */
    volatile CountDownLatch holdFirst;

    StubTelemetryServer(int failures, int failureStatus) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.failureStatus = failureStatus;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/telemetry", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        CountDownLatch hold = holdFirst;
        if (requests.incrementAndGet() == 1 && hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (failuresLeft.getAndDecrement() > 0) {
            answer(exchange, failureStatus, "application/problem+json",
                    "{\"type\":\"https://visutility.io/problems/x\",\"title\":\"x\",\"status\":" + failureStatus
                            + ",\"detail\":\"stub failure\",\"code\":\"stub_failure\"}");
            return;
        }
        List<String> batch = body.lines().filter(l -> !l.isBlank()).toList();
        lines.addAll(batch);
        answer(exchange, 202, "application/json",
                "{\"accepted\":" + batch.size() + ",\"rejected\":0,\"dropped\":0,\"rejections\":[]}");
    }

    private static void answer(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
