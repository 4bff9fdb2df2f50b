package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.NewVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-Sent Events at /api/v1/events: order, ids, resumption with Last-Event-ID, filters, shutdown. */
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    Orchestrator orchestrator;
    ApiServer server;
    Api api;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<InputStream> streams = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
    }

    @AfterEach
    void close() throws IOException {
        for (InputStream s : streams) {
            s.close();
        }
        server.close();
        orchestrator.close();
    }

    /** One SSE event as received. */
    record Sse(String id, String event, String data) {
        JsonNode json() throws IOException {
            return JSON.readTree(data);
        }
    }

    /** Reads SSE events off an open stream (comments skipped). */
    static final class SseReader {
        final BufferedReader in;

        SseReader(InputStream in) {
            this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        Sse next() throws IOException {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return new Sse(id, event, data.toString());
                    }
                    continue;
                }
                if (line.startsWith(":") || line.startsWith("retry:")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = line.substring(0, colon);
                String value = line.substring(colon + 1).stripLeading();
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> throw new AssertionError("unexpected SSE field: " + line);
                }
            }
            return null;
        }
    }

    private HttpResponse<InputStream> open(String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri("/api/v1/events" + query)).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        streams.add(r.body());
        return r;
    }

    private void register(String model, String version) throws IOException {
        String sha = orchestrator.registry().artifacts().put(
                new java.io.ByteArrayInputStream((model + version).getBytes(StandardCharsets.UTF_8))).sha256();
        orchestrator.registry().register(new NewVersion(model, version, sha, Map.of(), Map.of(), Map.of(), null));
    }

    @Test
    void streamsEveryEventInJournalOrderWithItsPositionAsId() throws Exception {
        HttpResponse<InputStream> r = open("", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        SseReader sse = new SseReader(r.body());

        register("det", "1.0.0");
        orchestrator.registry().promote("det", "1.0.0", "production");
        register("det", "1.0.1");

        Sse first = sse.next();
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.event()).isEqualTo("model_version_registered");
        JsonNode j = first.json();
        assertThat(j.get("id").asLong()).isEqualTo(1);
        assertThat(j.get("type").asText()).isEqualTo("model_version_registered");
        assertThat(j.get("model").asText()).isEqualTo("det");
        assertThat(j.get("event").get("version").asText()).isEqualTo("1.0.0");
        Sse second = sse.next();
        assertThat(second.id()).isEqualTo("2");
        assertThat(second.event()).isEqualTo("alias_moved");
        assertThat(second.json().get("event").get("alias").asText()).isEqualTo("production");
        assertThat(sse.next().id()).isEqualTo("3");
    }

    @Test
    void resumesAfterLastEventIdOrAfterAndReplaysFromTheJournal() throws Exception {
        for (int i = 0; i < 5; i++) {
            register("det", "1.0." + i);
        }
        SseReader fromHeader = new SseReader(open("", "2").body());
        SseReader fromQuery = new SseReader(open("?after=0", null).body());
        register("det", "1.0.5");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(fromHeader.next().id());
        }
        assertThat(ids).containsExactly("3", "4", "5", "6");
        for (int i = 1; i <= 6; i++) {
            assertThat(fromQuery.next().id()).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void filtersByModelAndType() throws Exception {
        SseReader sse = new SseReader(open("?model=b&types=alias_moved", null).body());
        register("a", "1.0.0");
        register("b", "1.0.0");
        orchestrator.registry().promote("a", "1.0.0", "production");
        orchestrator.registry().promote("b", "1.0.0", "production");

        Sse only = sse.next();
        assertThat(only.id()).isEqualTo("4");
        assertThat(only.json().get("model").asText()).isEqualTo("b");
    }

    @Test
    void refusesBadResumePositionsAndTypesWithProblems() throws Exception {
        register("det", "1.0.0");
        Api.Answer ahead = api.send(HttpRequest.newBuilder(api.uri("/api/v1/events")).header("Last-Event-ID", "99"));
        assertThat(ahead.status()).isEqualTo(400);
        assertThat(ahead.contentType()).isEqualTo("application/problem+json");
        assertThat(ahead.json().get("detail").asText()).contains("Last-Event-ID 99 is after the last event");
        assertThat(api.get("/api/v1/events?after=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?after=x").code()).isEqualTo("invalid_input");
        assertThat(api.get("/api/v1/events?types=nope").json().get("detail").asText())
                .contains("expected event types among");
    }

    @Test
    void closingTheServerEndsOpenStreamsSoItStopsPromptly() throws Exception {
        SseReader sse = new SseReader(open("", null).body());
        register("det", "1.0.0");
        assertThat(sse.next().id()).isEqualTo("1");

        long start = System.nanoTime();
        CompletableFuture<Sse> end = CompletableFuture.supplyAsync(() -> {
            try {
                return sse.next();
            } catch (IOException e) {
                return null;
            }
        });
        server.close();
        assertThat(end.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0); // for close()
    }
}
