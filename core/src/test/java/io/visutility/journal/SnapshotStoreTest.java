package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    private static final List<String> STATE = List.of("detector@1.0.0", "detector@1.1.0", "segmenter@0.3.0",
            "production=detector@1.1.0");

    @TempDir
    Path dir;

    /** Writes {@link #STATE} as a count and length-prefixed strings, like a real state's format would. */
    private static void writeState(java.io.OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(STATE.size());
        for (String s : STATE) {
            data.writeUTF(s);
        }
        data.flush();
    }

    /** Reads what {@link #writeState} wrote; a damaged payload makes it fail or read nonsense. */
    private static List<String> readState(SnapshotStore.Snapshot snapshot) throws IOException {
        List<String> out = new ArrayList<>();
        SnapshotStore.read(snapshot, in -> {
            DataInputStream data = new DataInputStream(in);
            int count = data.readInt();
            for (int i = 0; i < count; i++) {
                out.add(data.readUTF());
            }
        });
        return out;
    }

    @Test
    void aWrittenSnapshotReadsBackWithItsPosition() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        assertThat(store.latest()).isEmpty();

        SnapshotStore.Snapshot written = store.write(42, SnapshotStoreTest::writeState);

        assertThat(written).isEqualTo(new SnapshotStore.Snapshot(dir.resolve("snapshot-00000000000000000042.snap"), 42));
        SnapshotStore reopened = new SnapshotStore(dir);
        assertThat(reopened.latest()).hasValue(written);
        assertThat(readState(reopened.latest().orElseThrow())).isEqualTo(STATE);
    }

    @Test
    void aNewerSnapshotReplacesTheOlderOnes() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(10, out -> out.write(1));
        store.write(20, SnapshotStoreTest::writeState);

        assertThat(store.list()).extracting(SnapshotStore.Snapshot::position).containsExactly(20L);
        assertThat(readState(store.latest().orElseThrow())).isEqualTo(STATE);
    }

    @Test
    void everyFlippedByteIsReportedAsCorruptionNamingTheSnapshotFile() throws IOException {
        SnapshotStore.Snapshot snapshot = new SnapshotStore(dir).write(42, SnapshotStoreTest::writeState);
        byte[] pristine = Files.readAllBytes(snapshot.file());
        for (int offset = 0; offset < pristine.length; offset++) {
            for (int mask : new int[] {0x01, 0x80}) {
                Files.write(snapshot.file(), pristine);
                LogCorrupter.flip(snapshot.file(), offset, mask);
                assertThat(catchThrowable(() -> readState(snapshot))).as("flip of byte %d with mask %x", offset, mask)
                        .isInstanceOfSatisfying(JournalCorruptedException.class,
                                e -> assertThat(e.file()).isEqualTo(snapshot.file()))
                        .hasMessageContaining(snapshot.file().toString());
            }
        }
    }

    @Test
    void aSnapshotCutShortIsReportedAsCorruption() throws IOException {
        SnapshotStore.Snapshot snapshot = new SnapshotStore(dir).write(42, SnapshotStoreTest::writeState);
        byte[] pristine = Files.readAllBytes(snapshot.file());
        for (int length = 0; length < pristine.length; length++) {
            LogCorrupter.restorePrefix(pristine, snapshot.file(), length);
            assertThat(catchThrowable(() -> readState(snapshot))).as("cut to %d bytes", length)
                    .isInstanceOfSatisfying(JournalCorruptedException.class,
                            e -> assertThat(e.file()).isEqualTo(snapshot.file()));
        }
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndRemovedByTheNextWrite() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.write(10, SnapshotStoreTest::writeState);
        Path leftover = dir.resolve("snapshot-00000000000000000020.tmp");
        Files.write(leftover, new byte[] {'V', 'I', 'S', 'S', 0, 1}); // a crash mid-write

        SnapshotStore reopened = new SnapshotStore(dir);
        assertThat(reopened.list()).extracting(SnapshotStore.Snapshot::position).containsExactly(10L);
        assertThat(readState(reopened.latest().orElseThrow())).isEqualTo(STATE);

        reopened.write(30, SnapshotStoreTest::writeState);
        assertThat(leftover).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("snapshot-00000000000000000030.snap");
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousSnapshot() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        SnapshotStore.Snapshot first = store.write(10, SnapshotStoreTest::writeState);

        assertThatThrownBy(() -> store.write(20, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(store.latest()).hasValue(first);
        assertThat(readState(first)).isEqualTo(STATE);
    }
}
