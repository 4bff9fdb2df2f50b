package io.visutility.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search syntax on its own: filters, orders and page tokens, accepted and refused. */
class MlflowSearchSyntaxTest {

    private static void assertInvalid(Runnable r, String messagePart) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(MlflowException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE)).hasMessageContaining(messagePart);
    }

    @Test
    void aNameEqualityNarrowsTheSearchToOneModel() {
        assertThat(VersionFilter.parse("name='detector'").model()).contains("detector");
        assertThat(VersionFilter.parse("  name = \"detector\" and run_id = 'r' ").model()).contains("detector");
        assertThat(VersionFilter.parse("name LIKE 'det%'").model()).isEmpty();
        assertThat(VersionFilter.parse("").model()).isEmpty();
        assertThat(VersionFilter.parse("name = 'a' AND name = 'b'").model()).contains("a");
    }

    @Test
    void refusesFiltersOutsideTheSubsetSayingWhatWasExpected() {
        assertInvalid(() -> VersionFilter.parse("name"), "the filter ends");
        assertInvalid(() -> VersionFilter.parse("name = 'a' OR name = 'b'"), "expected AND between clauses but got 'OR'");
        assertInvalid(() -> VersionFilter.parse("stage = 'None'"), "expected an attribute name, run_id, source_path");
        assertInvalid(() -> VersionFilter.parse("name >= 'a'"), "expected a comparison =, != or <> but got '>='");
        assertInvalid(() -> VersionFilter.parse("run_id ILIKE 'a%'"), "expected =, != or IN but got 'ILIKE'");
        assertInvalid(() -> VersionFilter.parse("name = 'a"), "is not closed");
        assertInvalid(() -> VersionFilter.parse("run_id IN ('a' 'b')"), "expected ',' or ')'");
        assertInvalid(() -> VersionFilter.parse("source_path = 's3://bucket/x'"), "sha256:");
        assertInvalid(() -> VersionFilter.parse("name = 'a'; DROP"), "unexpected character ';'");
    }

    @Test
    void ordersEndWithNameAndNewestVersionAndRefuseUnknownFields() {
        assertThat(SearchOrder.parse(List.of())).hasToString("name ASC, version_number DESC");
        assertThat(SearchOrder.parse(List.of("creation_timestamp desc", "version_number")))
                .hasToString("creation_timestamp DESC, version_number ASC, name ASC");
        assertInvalid(() -> SearchOrder.parse(List.of("size")), "expected order_by like 'version_number DESC'");
        assertInvalid(() -> SearchOrder.parse(List.of("name UP")), "but got 'name UP'");
        assertInvalid(() -> SearchOrder.parse(List.of("name", "name DESC")), "'name' twice");
    }

    @Test
    void aPageTokenRoundTripsOnlyForItsOwnQuery() {
        SearchOrder.Key key = new SearchOrder.Key("detector", 3, 1_700_000_000_000L, 1_700_000_000_500L);
        String token = PageToken.after(key, "name='detector'\nname ASC, version_number DESC");

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(PageToken.decode(token, "name='detector'\nname ASC, version_number DESC")).isEqualTo(key);
        assertInvalid(() -> PageToken.decode(token, "\nname ASC, version_number DESC"), "issued for another filter");
        assertInvalid(() -> PageToken.decode("%%%", "q"), "not a token this server issued");
        String forged = Base64.getUrlEncoder().encodeToString("{\"q\":\"x\",\"name\":1}".getBytes());
        assertInvalid(() -> PageToken.decode(forged, "q"), "not a token this server issued");
    }

    @Test
    void versionNumbersAreIntegersFromOne() {
        assertThat(Numbering.parse("1")).isEqualTo(1);
        assertThat(Numbering.parse(" 12 ")).isEqualTo(12);
        for (String bad : new String[] {"0", "-1", "1.0.0", "one", "99999999999"}) {
            assertInvalid(() -> Numbering.parse(bad), "expected an MLflow version number");
        }
        assertInvalid(() -> Numbering.parse(""), "missing");
    }

    @Test
    void sourcesNameArtifactsBySha256() {
        String sha = "0123456789abcdef".repeat(4);
        assertThat(ArtifactSource.sha256("sha256:" + sha)).isEqualTo(sha);
        assertThat(ArtifactSource.sha256("http://host:8080/api/v1/artifacts/" + sha)).isEqualTo(sha);
        assertThat(ArtifactSource.sha256("https://gw.example/visutility/api/v1/artifacts/" + sha)).isEqualTo(sha);
        assertInvalid(() -> ArtifactSource.sha256("runs:/abc/model"), "sha256:<64 lowercase hex digits>");
        assertInvalid(() -> ArtifactSource.sha256("sha256:" + sha.toUpperCase()), "sha256:");
        assertInvalid(() -> ArtifactSource.sha256(null), "missing");
    }
}
