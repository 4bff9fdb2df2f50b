package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Posts one NDJSON batch to {@code /api/v1/telemetry} and says what became of it. */
final class TelemetryPoster {
    /** What one attempt achieved. */
    sealed interface Result {
        /** 202: the server judged every event; {@code rejections} are its first reasons. */
        record Delivered(long accepted, long rejected, List<Rejection> rejections) implements Result {}

        /** Worth another attempt later: no answer, a 5xx, or 429. */
        record Retry(String reason) implements Result {}

        /** A 4xx other than 429: sending the same batch again would fail again. */
        record Refused(int status, String code, String detail) implements Result {}
    }

    /** One event the server refused, by its 0-based line in the batch. */
    record Rejection(long index, String code, String reason) {}

    private final Http http;
    private final URI uri;

    TelemetryPoster(Http http) {
        this.http = http;
        this.uri = http.uri("/api/v1/telemetry");
    }

    Result post(byte[] ndjson) throws InterruptedException {
        HttpRequest request = http.request(uri)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Result.Retry("cannot reach " + uri + ": " + Http.describe(e));
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return delivered(response.body());
        }
        if (status == 429 || status >= 500) {
            return new Result.Retry(uri + " answered " + status);
        }
        VisutilityException e = Http.problem(request, status,
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        return new Result.Refused(status, e.code(), e.detail());
    }

    private static Result delivered(byte[] body) {
        try {
            JsonNode o = Http.MAPPER.readTree(body);
            List<Rejection> rejections = new ArrayList<>();
            o.path("rejections").forEach(r -> rejections.add(
                    new Rejection(r.path("index").asLong(), r.path("code").asText(), r.path("reason").asText())));
            return new Result.Delivered(o.path("accepted").asLong(), o.path("rejected").asLong(), rejections);
        } catch (IOException e) {
            // the batch was taken (2xx); only its counts are unknown
            return new Result.Delivered(0, 0, List.of());
        }
    }
}
