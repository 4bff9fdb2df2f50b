package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.visutility.Orchestrator;
import io.visutility.event.Lineage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    @TempDir
    Path tmp;
    Orchestrator o;
    Registry r;
    String sha1;
    String sha2;

    @BeforeEach
    void open() {
        o = TestRegistries.open(TestRegistries.config(tmp.resolve("data")));
        r = o.registry();
        sha1 = TestRegistries.store(r, "weights one");
        sha2 = TestRegistries.store(r, "weights two");
    }

    @AfterEach
    void close() throws IOException {
        o.close();
    }

    private Registration register(String model, String version, String sha) {
        return r.register(NewVersion.of(model, version, sha));
    }

    @Test
    void metadataSurvivesARestart() throws IOException {
        Map<String, JsonNode> metrics = Map.of("mAP", DoubleNode.valueOf(0.71), "latency_ms", IntNode.valueOf(12));
        r.register(NewVersion.of("detector", "1.0.0", sha1).withMetrics(metrics).withTags(Map.of("project", "traffic"))
                .withParams(Map.of("lr", DoubleNode.valueOf(0.01), "optimizer", TextNode.valueOf("adam")))
                .withLineage(new Lineage(null, "job-1", "initial")));
        String before = TestRegistries.observable(r);
        o.close();
        o = TestRegistries.open(TestRegistries.config(tmp.resolve("data")));
        r = o.registry();
        assertThat(TestRegistries.observable(r)).isEqualTo(before);
        ModelVersion v = r.get("detector", "1.0.0").orElseThrow();
        assertThat(v.metrics()).isEqualTo(metrics);
        assertThat(v.tags()).containsEntry("project", "traffic");
        assertThat(v.params().get("optimizer").asText()).isEqualTo("adam");
        assertThat(v.lineage()).isEqualTo(new Lineage(null, "job-1", "initial"));
        assertThat(v.size()).isEqualTo("weights one".length());
    }

    @Test
    void reRegisteringTheSameChecksumIsIdempotentAndWritesNothing() {
        assertThat(register("m", "1.0.0", sha1).created()).isTrue();
        long position = r.store().committedPosition();
        Registration again = register("m", "1.0.0", sha1);
        assertThat(again.created()).isFalse();
        assertThat(again.version().sha256()).isEqualTo(sha1);
        assertThat(r.store().committedPosition()).isEqualTo(position);
    }

    @Test
    void rejectsDifferentChecksumUnderExistingVersion() {
        register("m", "1.0.0", sha1);
        long position = r.store().committedPosition();
        assertThatThrownBy(() -> register("m", "1.0.0", sha2)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(RegistryException.Code.CHECKSUM_CONFLICT))
                .hasMessageContaining(sha1).hasMessageContaining(sha2);
        assertThat(r.store().committedPosition()).isEqualTo(position);
        assertThat(r.get("m", "1.0.0").orElseThrow().sha256()).isEqualTo(sha1);
    }

    @Test
    void refusesMalformedInputWithWhatWasExpectedAndChangesNothing() {
        register("m", "1.0.0", sha1);
        String before = TestRegistries.observable(r);
        long position = r.store().committedPosition();
        for (String name : List.of("", "../x", "a/b", ".", "..", "x".repeat(129), "bad\nname", "-lead", "a b")) {
            assertThatThrownBy(() -> register(name, "1.0.0", sha1)).as(name)
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(RegistryException.Code.INVALID_INPUT))
                    .hasMessageContaining("expected a model name");
        }
        for (String version : List.of("1.2", "01.2.3", "v1.0.0", "1.0.0.0", "")) {
            assertThatThrownBy(() -> register("m", version, sha1)).as(version)
                    .hasMessageContaining("expected a semantic version like 1.2.3 for model 'm'");
        }
        assertThatThrownBy(() -> register("m", "1.2", sha1))
                .hasMessage("expected a semantic version like 1.2.3 for model 'm', but got '1.2'");
        assertThatThrownBy(() -> register("m", "2.0.0", "ABC")).hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> register("m", "2.0.0", "0".repeat(64)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND))
                .hasMessageContaining("upload it before registering");
        assertThatThrownBy(() -> r.register(NewVersion.of("m", "2.0.0", sha1).withMetrics(Map.of("f1", DoubleNode.valueOf(Double.NaN)))))
                .hasMessageContaining("expected a finite number for metric 'f1'");
        assertThatThrownBy(() -> r.promote("m", "1.0.0", "bad/alias")).hasMessageContaining("expected an alias");
        assertThatThrownBy(() -> r.promote("m", "9.9.9", null)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND)).hasMessageContaining("has no version 9.9.9");
        assertThatThrownBy(() -> r.deprecate("nope", "1.0.0", null)).hasMessageContaining("no model named 'nope'");
        assertThat(TestRegistries.observable(r)).isEqualTo(before);
        assertThat(r.store().committedPosition()).isEqualTo(position);
    }

    @Test
    void versionsAreInSemverOrderAndLatestSkipsDeprecatedUnlessAsked() {
        for (String v : List.of("1.10.0", "1.2.0", "2.0.0-rc.1", "1.9.9", "2.0.0-alpha", "0.1.0")) {
            register("m", v, sha1);
        }
        assertThat(r.versions("m")).extracting(ModelVersion::version)
                .containsExactly("0.1.0", "1.2.0", "1.9.9", "1.10.0", "2.0.0-alpha", "2.0.0-rc.1");
        assertThat(r.latest("m", false).orElseThrow().version()).isEqualTo("2.0.0-rc.1");
        r.deprecate("m", "2.0.0-rc.1", "broken");
        r.deprecate("m", "2.0.0-alpha", "broken");
        assertThat(r.latest("m", false).orElseThrow().version()).isEqualTo("1.10.0");
        assertThat(r.latest("m", true).orElseThrow().version()).isEqualTo("2.0.0-rc.1");
        assertThat(r.latest("unknown", false)).isEmpty();
    }

    @Test
    void anAliasHasOneHolderAndDeprecationRemovesIt() {
        register("m", "1.0.0", sha1);
        register("m", "1.1.0", sha2);
        r.promote("m", "1.0.0", null);
        r.promote("m", "1.0.0", "champion");
        ModelVersion moved = r.promote("m", "1.1.0", null);
        assertThat(moved.aliases()).containsExactly("production");
        assertThat(r.get("m", "1.0.0").orElseThrow().aliases()).containsExactly("champion");
        assertThat(r.alias("m", "production").orElseThrow().version()).isEqualTo("1.1.0");

        ModelVersion deprecated = r.deprecate("m", "1.1.0", "drifted");
        assertThat(deprecated.deprecated()).isTrue();
        assertThat(deprecated.deprecationReason()).contains("drifted");
        assertThat(deprecated.aliases()).isEmpty();
        assertThat(r.alias("m", "production")).isEmpty();
        assertThatThrownBy(() -> r.promote("m", "1.1.0", null)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(RegistryException.Code.DEPRECATED)).hasMessageContaining("drifted");
        long position = r.store().committedPosition();
        r.deprecate("m", "1.1.0", "again");
        r.promote("m", "1.0.0", "champion");
        assertThat(r.store().committedPosition()).as("no-op commands write nothing").isEqualTo(position);
        assertThat(r.get("m", "1.1.0").orElseThrow().deprecationReason()).contains("drifted");
    }

    @Test
    void findsVersionsByTagAcrossModels() {
        r.register(NewVersion.of("a", "1.0.0", sha1).withTags(Map.of("site", "north")));
        r.register(NewVersion.of("a", "1.1.0", sha1).withTags(Map.of("site", "south")));
        r.register(NewVersion.of("b", "1.0.0", sha1).withTags(Map.of("site", "north")));
        assertThat(r.findByTag("site", "north")).extracting(v -> v.model() + "@" + v.version())
                .containsExactly("a@1.0.0", "b@1.0.0");
        assertThat(r.models()).extracting(ModelSummary::name).containsExactly("a", "b");
        assertThat(r.models().get(0).versions()).isEqualTo(2);
    }

    @Test
    void artifactsStreamInConstantMemoryAndAreVerifiable() throws Exception {
        long size = 50L * 1024 * 1024;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        InputStream generated = new InputStream() {
            long left = size;
            long state = 1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    b[off + i] = (byte) (state >>> 56);
                }
                expected.update(b, off, n);
                left -= n;
                return n;
            }
        };
        ArtifactRef ref = r.artifacts().put(generated);
        assertThat(ref.size()).isEqualTo(size);
        assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        assertThat(r.artifacts().verify(ref.sha256())).isTrue();

        Path stored;
        try (Stream<Path> s = Files.walk(tmp.resolve("data/artifacts/sha256"))) {
            stored = s.filter(p -> p.getFileName().toString().equals(ref.sha256())).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 1);
        }
        assertThat(r.artifacts().verify(ref.sha256())).isFalse();
        try (Stream<Path> s = Files.list(tmp.resolve("data/artifacts/tmp"))) {
            assertThat(s.count()).as("no upload leftovers").isZero();
        }
    }

    @Test
    void checksumsNeverBecomePathsOutsideTheStore() {
        for (String bad : List.of("../../etc/passwd", "/etc/passwd", "..", "ab/../../x", "A".repeat(64))) {
            assertThatThrownBy(() -> r.artifacts().open(bad)).as(bad).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("64 lowercase hex digits");
        }
    }
}
