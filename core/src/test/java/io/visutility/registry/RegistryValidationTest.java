package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.visutility.Orchestrator;
import io.visutility.event.Lineage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input is refused with a stable code and a message that says what was expected and what was
 * found, and it changes nothing: neither the state nor the journal.
 */
class RegistryValidationTest {
    @TempDir
    Path dir;

    private Orchestrator orchestrator;
    private Registry registry;
    private String sha;

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(TestConfig.fast(dir));
        registry = orchestrator.registry();
        sha = TestConfig.storeArtifact(registry, "weights");
        registry.register(NewVersion.of("detector", "1.0.0", sha));
        registry.promote("detector", "1.0.0", null);
    }

    @AfterEach
    void close() throws IOException {
        orchestrator.close();
    }

    /** Runs {@code request}, expects a refusal with {@code code}, and checks that nothing changed. */
    private RegistryException refused(RegistryException.Code code, Runnable request) {
        long position = registry.store().committedPosition();
        RegistryView before = RegistryView.of(registry);
        RegistryException e = catchThrowableOfType(RegistryException.class, request::run);
        assertThat(e).as("expected a RegistryException with code " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThat(RegistryView.of(registry)).isEqualTo(before);
        return e;
    }

    private RegistryException invalid(Runnable request) {
        return refused(RegistryException.Code.INVALID_INPUT, request);
    }

    static Stream<Arguments> badModelNames() {
        return Stream.of(
                Arguments.of("", "expected a model name but got an empty one"),
                Arguments.of("../x", "but got '../x'"),
                Arguments.of("a/b", "but got 'a/b'"),
                Arguments.of("a\\b", "but got 'a\\b'"),
                Arguments.of(".", "but got '.'"),
                Arguments.of("..", "but got '..'"),
                Arguments.of("-rm", "but got '-rm'"),
                Arguments.of("with space", "but got 'with space'"),
                Arguments.of("bell\u0007", "but got 'bell\\u0007'"),
                Arguments.of("nul\u0000x", "but got 'nul\\u0000x'"),
                Arguments.of("new\nline", "but got 'new\\u000aline'"),
                Arguments.of("x".repeat(129), "but got '" + "x".repeat(80) + "…'"));
    }

    @ParameterizedTest
    @MethodSource("badModelNames")
    void rejectsMalformedModelNamesSayingWhatWasExpected(String name, String found) {
        RegistryException e = invalid(() -> registry.register(NewVersion.of(name, "1.0.0", sha)));

        assertThat(e).hasMessageContaining("expected a model name").hasMessageContaining(found);
    }

    @ParameterizedTest
    @MethodSource("badModelNames")
    void readsAndAliasMovesRefuseMalformedModelNamesToo(String name, String found) {
        assertThat(invalid(() -> registry.get(name, "1.0.0"))).hasMessageContaining(found);
        assertThat(invalid(() -> registry.versions(name))).hasMessageContaining(found);
        assertThat(invalid(() -> registry.latest(name, false))).hasMessageContaining(found);
        assertThat(invalid(() -> registry.promote(name, "1.0.0", null))).hasMessageContaining(found);
        assertThat(invalid(() -> registry.deprecate(name, "1.0.0", null))).hasMessageContaining(found);
    }

    @Test
    void acceptsAModelNameOfExactlyTheMaximumLength() {
        String longest = "m".repeat(Names.MAX_MODEL_NAME);

        assertThat(registry.register(NewVersion.of(longest, "1.0.0", sha)).created()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "01.2.3", "v1.0.0", "1", "1.0.0-", "1.0.0+", "1.0.0-01", " 1.0.0", "latest",
        "1.0.0.0"})
    void rejectsVersionsThatAreNotStrictSemanticVersions(String version) {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", version, sha)));

        assertThat(e).hasMessage("expected a semantic version like 1.2.3 for model 'detector', but got '"
                + version + "'");
    }

    @Test
    void rejectsAVersionLongerThan128CharactersEvenWhenItIsValidSemver() {
        int before = registry.versions("detector").size();
        String longest = "1.0.0-" + "a".repeat(122);
        assertThat(registry.register(NewVersion.of("detector", longest, sha)).version().version()).isEqualTo(longest);
        String tooLong = "1.0.0-" + "a".repeat(123);

        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", tooLong, sha)));

        assertThat(e).hasMessage("expected a semantic version of at most 128 characters for model 'detector', but got 129");
        assertThat(registry.versions("detector")).hasSize(before + 1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsAMissingVersion(String version) {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", version, sha)));

        assertThat(e).hasMessage("expected a semantic version like 1.2.3 for model 'detector', but got an empty one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "v1.0.0"})
    void promoteDeprecateAndGetRefuseMalformedVersions(String version) {
        String expected = "expected a semantic version like 1.2.3 for model 'detector', but got '" + version + "'";
        assertThat(invalid(() -> registry.promote("detector", version, null))).hasMessage(expected);
        assertThat(invalid(() -> registry.deprecate("detector", version, "x"))).hasMessage(expected);
        assertThat(invalid(() -> registry.get("detector", version))).hasMessage(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "../../etc/passwd",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void rejectsMalformedChecksums(String bad) {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", bad)));

        assertThat(e).hasMessage("expected a SHA-256 checksum of 64 lowercase hex digits but got '" + bad + "'");
    }

    @Test
    void rejectsAMissingChecksum() {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", null)));

        assertThat(e).hasMessage("expected a SHA-256 checksum of 64 lowercase hex digits but got ''");
    }

    @Test
    void registeringAnArtifactThatWasNeverUploadedIsNotFound() {
        String unknown = "ab".repeat(32);

        RegistryException e = refused(RegistryException.Code.NOT_FOUND,
                () -> registry.register(NewVersion.of("detector", "2.0.0", unknown)));

        assertThat(e).hasMessage("no artifact with SHA-256 " + unknown
                + " is stored; upload it before registering");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "prod uction", "-x", "tab\there"})
    void rejectsMalformedAliases(String alias) {
        RegistryException e = invalid(() -> registry.promote("detector", "1.0.0", alias));

        assertThat(e).hasMessageStartingWith("expected an alias of at most 64 letters, digits")
                .hasMessageContaining("but got '" + Names.printable(alias) + "'");
    }

    @Test
    void rejectsAnAliasLongerThanTheMaximum() {
        String alias = "a".repeat(Names.MAX_ALIAS + 1);

        assertThat(invalid(() -> registry.promote("detector", "1.0.0", alias)))
                .hasMessageContaining("but got '" + alias + "'");
        assertThat(invalid(() -> registry.alias("detector", alias))).hasMessageContaining("expected an alias");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsNonFiniteMetrics(double value) {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withMetrics(Map.of("f1", DoubleNode.valueOf(value)))));

        assertThat(e).hasMessage("expected a finite number for metric 'f1' but got " + value);
    }

    @Test
    void rejectsNonFiniteHyperParameters() {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withParams(Map.of("lr", DoubleNode.valueOf(Double.NaN)))));

        assertThat(e).hasMessage("expected a finite number for hyper-parameter 'lr' but got NaN");
    }

    @Test
    void rejectsNonFiniteNumbersNestedInsideAMetric() {
        JsonNode perClass = JsonNodeFactory.instance.objectNode().set("recall",
                JsonNodeFactory.instance.arrayNode().add(0.5).add(Double.NaN));

        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withMetrics(Map.of("per_class", perClass))));

        assertThat(e).hasMessage("expected a finite number for metric 'per_class' at /recall/1 but got NaN");
    }

    @Test
    void rejectsMissingMetricAndTagValuesWithAMessageRatherThanANullPointer() {
        Map<String, JsonNode> metrics = new HashMap<>();
        metrics.put("f1", null);
        Map<String, String> tags = new HashMap<>();
        tags.put("project", null);

        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha).withMetrics(metrics))))
                .hasMessage("expected a JSON value for metric 'f1' but got none");
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha).withTags(tags))))
                .hasMessage("expected a value of at most 1024 characters for tag 'project' but got none");
    }

    @Test
    void rejectsBadTagKeysAndOversizedTagValues() {
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withTags(Map.of("", "x"))))).hasMessage("expected a tag or metric name of 1 to 128 printable"
                        + " characters but got ''");
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withTags(Map.of("a\u0001", "x"))))).hasMessageContaining("but got 'a\\u0001'");
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withTags(Map.of("k", "v".repeat(1025)))))).hasMessage("expected a value of at most 1024"
                        + " characters for tag 'k' but got 1025 characters");
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withMetrics(Map.of("k".repeat(129), TextNode.valueOf("x")))))).hasMessageContaining(
                        "expected a tag or metric name of 1 to 128");
    }

    @Test
    void rejectsAMalformedParentVersionInTheLineage() {
        RegistryException e = invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withLineage(new Lineage("2", "job-1", "retrain"))));

        assertThat(e).hasMessage("expected a semantic version like 1.2.3 for model 'detector', but got '2'");
    }

    @Test
    void rejectsOverlongReasons() {
        String reason = "r".repeat(Names.MAX_REASON + 1);

        assertThat(invalid(() -> registry.deprecate("detector", "1.0.0", reason)))
                .hasMessage("expected a reason of at most 4096 characters but got 4097");
        assertThat(invalid(() -> registry.register(NewVersion.of("detector", "2.0.0", sha)
                .withLineage(new Lineage(null, null, reason))))).hasMessage(
                        "expected a reason of at most 4096 characters but got 4097");
    }

    @Test
    void rejectsAMalformedTagKeyOrMissingValueInASearch() {
        assertThat(invalid(() -> registry.findByTag("", "x"))).hasMessageContaining("expected a tag or metric name");
        assertThat(invalid(() -> registry.findByTag("project", null)))
                .hasMessageContaining("for tag 'project' but got none");
    }
}
