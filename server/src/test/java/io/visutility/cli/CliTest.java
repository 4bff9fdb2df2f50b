package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;
    Path data;
    Path artifact;
    Path other;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        artifact = Files.writeString(tmp.resolve("model.bin"), "weights v1");
        other = Files.writeString(tmp.resolve("other.bin"), "weights v2");
    }

    CliRun run(String... args) {
        return CliRun.run(data, args);
    }

    long journalBytes() throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void registerPromoteDeprecateAndReadBackAsJson() throws IOException {
        assertThat(run("register", "detector", "1.0.0", "--artifact", artifact.toString(), "--metric", "f1=0.91",
                "--tag", "project=traffic", "--param", "lr=0.01", "--param", "optimizer=adam").exit()).isZero();
        assertThat(run("register", "detector", "1.1.0", "--artifact", other.toString(), "--parent", "1.0.0").exit()).isZero();
        assertThat(run("promote", "detector", "1.1.0").exit()).isZero();
        assertThat(run("promote", "detector", "1.0.0", "--alias", "champion").exit()).isZero();

        JsonNode versions = run("versions", "detector", "--json").json();
        assertThat(versions).hasSize(2);
        JsonNode v1 = versions.get(0);
        assertThat(v1.get("model").asText()).isEqualTo("detector");
        assertThat(v1.get("version").asText()).isEqualTo("1.0.0");
        assertThat(v1.get("sha256").asText()).hasSize(64);
        assertThat(v1.get("aliases").get(0).asText()).isEqualTo("champion");
        assertThat(v1.get("deprecated").asBoolean()).isFalse();
        assertThat(v1.get("metrics").get("f1").asDouble()).isEqualTo(0.91);
        assertThat(v1.get("tags").get("project").asText()).isEqualTo("traffic");
        assertThat(v1.get("params").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(v1.get("params").get("optimizer").asText()).isEqualTo("adam");
        assertThat(versions.get(1).get("lineage").get("parent_version").asText()).isEqualTo("1.0.0");

        assertThat(run("latest", "detector", "--json").json().get("version").asText()).isEqualTo("1.1.0");
        assertThat(run("show", "detector", "production").json().get("version").asText()).isEqualTo("1.1.0");
        assertThat(run("deprecate", "detector", "1.1.0", "--reason", "drifted").exit()).isZero();
        assertThat(run("latest", "detector", "--json").json().get("version").asText()).isEqualTo("1.0.0");
        JsonNode deprecated = run("latest", "detector", "--include-deprecated", "--json").json();
        assertThat(deprecated.get("version").asText()).isEqualTo("1.1.0");
        assertThat(deprecated.get("deprecated").asBoolean()).isTrue();
        assertThat(deprecated.get("aliases")).isEmpty();
        assertThat(run("models", "--json").json().get(0).get("latest_version").asText()).isEqualTo("1.0.0");
        assertThat(run("models", "--tag", "project=traffic", "--json").json()).hasSize(1);
        assertThat(run("models", "--tag", "project=other", "--json").json()).isEmpty();
    }

    @Test
    void reRegisteringTheSameArtifactIsHarmless() {
        assertThat(run("register", "m", "1.0.0", "--artifact", artifact.toString()).exit()).isZero();
        CliRun again = run("register", "m", "1.0.0", "--artifact", artifact.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).startsWith("already registered m 1.0.0");
    }

    @Test
    void badInputIsOneLineOnStderrANonZeroExitAndWritesNothing() throws IOException {
        assertThat(run("register", "m", "1.0.0", "--artifact", artifact.toString()).exit()).isZero();
        long before = journalBytes();
        long artifactsBefore;
        try (Stream<Path> s = Files.walk(data.resolve("artifacts"))) {
            artifactsBefore = s.count();
        }

        String[][] bad = {
            {"register", "m", "1.0.0", "--artifact", other.toString()},
            {"register", "m", "1.2", "--artifact", other.toString()},
            {"register", "../etc", "1.0.0", "--artifact", other.toString()},
            {"register", "m", "2.0.0", "--artifact", tmp.resolve("missing.bin").toString()},
            {"register", "m", "2.0.0", "--artifact", other.toString(), "--metric", "f1=high"},
            {"register", "m", "2.0.0", "--artifact", other.toString(), "--tag", "novalue"},
            {"promote", "m", "9.9.9"},
            {"promote", "nomodel", "1.0.0"},
            {"promote", "m", "1.0.0", "--alias", "bad/alias"},
            {"deprecate", "m", "3.0.0"},
            {"latest", "nomodel"},
            {"versions", "nomodel"},
            {"frobnicate"},
        };
        for (String[] args : bad) {
            CliRun r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("visutility: ");
        }
        assertThat(run("register", "m", "1.0.0", "--artifact", other.toString()).err())
                .contains("already registered with artifact SHA-256").contains("checksum_conflict");
        assertThat(run("register", "m", "1.2", "--artifact", other.toString()).err())
                .contains("expected a semantic version like 1.2.3 for model 'm', but got '1.2'");
        assertThat(journalBytes()).isEqualTo(before);
        try (Stream<Path> s = Files.walk(data.resolve("artifacts"))) {
            assertThat(s.count()).isEqualTo(artifactsBefore);
        }
    }

    @Test
    void readCommandsDoNotCreateADataDirectory() {
        CliRun r = run("models");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("expected a data directory");
        assertThat(data).doesNotExist();
        assertThat(run("register", "bad name", "1.0.0", "--artifact", artifact.toString()).exit()).isEqualTo(1);
        assertThat(data).doesNotExist();
    }

    @Test
    void journalVerifyDumpAndRepairAfterCorruption() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(run("register", "m", "1.0." + i, "--artifact", artifact.toString()).exit()).isZero();
        }
        CliRun ok = run("journal", "verify");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("5 intact record(s)").contains("ok");
        CliRun dump = run("journal", "dump");
        assertThat(dump.out().lines()).hasSize(5);
        assertThat(new ObjectMapper().readTree(dump.out().lines().findFirst().orElseThrow()).get("type").asText())
                .isEqualTo("ModelVersionRegistered");

        // Damage the second record: records after it prove it was durable, so this is corruption.
        Path segment;
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            segment = s.findFirst().orElseThrow();
        }
        String firstLine = dump.out().lines().findFirst().orElseThrow();
        long secondRecordPayload = 20 + 24 + firstLine.length(); // roughly inside record 2
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(secondRecordPayload);
            int b = f.read();
            f.seek(secondRecordPayload);
            f.write(b ^ 0x5A);
        }
        CliRun verify = run("journal", "verify");
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains("corruption in").contains("at byte offset").contains("last intact record: position 1");
        CliRun open = run("models");
        assertThat(open.exit()).isEqualTo(1);
        assertThat(open.err()).contains("journal corrupted").contains("journal repair");

        long size = segment.toFile().length();
        CliRun dry = run("journal", "repair");
        assertThat(dry.exit()).isEqualTo(1);
        assertThat(dry.out()).contains("records up to position 1 are intact");
        assertThat(dry.err()).contains("re-run with --yes");
        assertThat(segment.toFile().length()).isEqualTo(size);

        assertThat(run("journal", "repair", "--yes").exit()).isZero();
        assertThat(run("journal", "verify").exit()).isZero();
        assertThat(run("versions", "m", "--json").json()).hasSize(1);
    }
}
