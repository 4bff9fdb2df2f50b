package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;

/**
 * One hostile request and the refusal it must get: the exact status, a problem document with a
 * stable code, and no change to anything the server holds.
 */
record ApiBadInputCase(String name, String method, String target, String contentType, byte[] body,
        ApiBadInputRaw.Framing framing, int status, String code, Map<String, String> headers) {

    static ApiBadInputCase json(String name, String method, String target, String body, int status, String code) {
        return new ApiBadInputCase(name, method, target, "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), ApiBadInputRaw.Framing.CONTENT_LENGTH,
                status, code, Map.of());
    }

    static ApiBadInputCase bytes(String name, String method, String target, String contentType, byte[] body,
            ApiBadInputRaw.Framing framing, int status, String code) {
        return new ApiBadInputCase(name, method, target, contentType, body, framing, status, code, Map.of());
    }

    static ApiBadInputCase bare(String name, String method, String target, int status, String code) {
        return new ApiBadInputCase(name, method, target, null, null, ApiBadInputRaw.Framing.CONTENT_LENGTH, status,
                code, Map.of());
    }

    ApiBadInputCase withHeaders(Map<String, String> h) {
        return new ApiBadInputCase(name, method, target, contentType, body, framing, status, code, h);
    }

    DynamicTest test(ApiBadInputFixture f) {
        String target = this.target.length() > 120 ? this.target.substring(0, 120) + "…" : this.target;
        return DynamicTest.dynamicTest(method + " " + target + ": " + name, () -> run(f));
    }

    ApiBadInputRaw.Reply run(ApiBadInputFixture f) {
        ApiBadInputFixture.State before = f.state();
        ApiBadInputRaw.Reply r = f.raw.send(method, target, contentType, body, framing, headers);
        assertProblem(r, status, code, method + " " + Texts.abbreviate(target) + " (" + name + ")");
        assertThat(f.state()).as("nothing changed after " + name).isEqualTo(before);
        return r;
    }

    static void assertProblem(ApiBadInputRaw.Reply r, int status, String code) {
        assertProblem(r, status, code, "");
    }

    static void assertProblem(ApiBadInputRaw.Reply r, int status, String code, String request) {
        assertThat(r.status()).as(request + " -> " + r).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).isEqualTo("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).as(request).isNotBlank().doesNotContain("io.visutility", "Exception");
    }
}
