package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.visutility.registry.RegistryException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void mapsEveryRegistryCodeToItsStatus() {
        Map<RegistryException.Code, Integer> expected = Map.of(RegistryException.Code.INVALID_INPUT, 400,
                RegistryException.Code.NOT_FOUND, 404, RegistryException.Code.CHECKSUM_CONFLICT, 409,
                RegistryException.Code.DEPRECATED, 409, RegistryException.Code.CONFLICT, 409);
        for (RegistryException.Code code : RegistryException.Code.values()) {
            Problems.Problem p = Problems.of(new RegistryException(code, "because"));
            assertThat(p.status()).as(code.id()).isEqualTo(expected.get(code));
            assertThat(p.code()).isEqualTo(code.id());
            assertThat(p.detail()).isEqualTo("because");
        }
    }

    @Test
    void answersUnexpectedFailuresWith500ThatRevealsNothing() {
        Problems.Problem p = Problems.of(new IllegalStateException("secret at /var/lib/visutility/journal/00001.seg"));

        assertThat(p.status()).isEqualTo(500);
        assertThat(p.code()).isEqualTo("internal_error");
        assertThat(p.detail()).doesNotContain("secret", "/var", "IllegalState");
    }

    @Test
    void describesJsonErrorsWithoutNamingOurClasses() {
        JsonProcessingException e = org.junit.jupiter.api.Assertions.assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"version\":1}", RequestBodies.MoveAlias.class));

        Problems.Problem p = Problems.of(e);

        assertThat(p.status()).isEqualTo(400);
        assertThat(p.code()).isEqualTo("invalid_input");
        assertThat(p.detail()).isEqualTo("field 'version' has the wrong type at line 1, column 12; expected a string")
                .doesNotContain("io.visutility", "java.lang");
    }

    @Test
    void saysWhereAJsonBodyEndsTooEarly() {
        JsonProcessingException e = org.junit.jupiter.api.Assertions.assertThrows(JsonProcessingException.class,
                () -> Json.MAPPER.readValue("{\"version\":\"1.0", RequestBodies.MoveAlias.class));

        assertThat(Problems.of(e).detail()).startsWith("malformed JSON at line 1, column ")
                .contains("end-of-input");
    }

    @Test
    void keepsTheWebServersOwnRefusalsAs4xx() {
        Problems.Problem p = Problems.of(new io.helidon.http.HttpException("Invalid chunk length",
                io.helidon.http.Status.BAD_REQUEST_400));

        assertThat(p.status()).isEqualTo(400);
        assertThat(p.code()).isEqualTo("invalid_input");
        assertThat(p.detail()).isEqualTo("Invalid chunk length");
    }
}
