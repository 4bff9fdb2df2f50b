package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content-addressed artifact store: streaming writes, checksums, verification, safe paths. */
class ArtifactStoreTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    private Path storeDir;
    private ArtifactStore store;

    @BeforeEach
    void open() throws IOException {
        storeDir = dir.resolve("artifacts");
        store = new ArtifactStore(storeDir);
    }

    /**
     * A stream of pseudo-random bytes that is generated as it is read (never held in memory) and
     * hashed on the way, so the test knows the expected checksum without a second copy.
     */
    private static final class GeneratedStream extends InputStream {
        private final MessageDigest digest = sha256();
        private long remaining;
        private long state = 0x9E3779B97F4A7C15L;
        private int largestRequest;

        GeneratedStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            largestRequest = Math.max(largestRequest, len);
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private Path storedFile(String sha) {
        return storeDir.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void streamsAFiftyMegabyteArtifactInBoundedChunksAndNamesItByItsSha256() throws IOException {
        long size = 50L * 1024 * 1024;
        GeneratedStream in = new GeneratedStream(size);

        ArtifactRef ref = store.put(in);

        assertThat(ref.size()).isEqualTo(size);
        assertThat(ref.sha256()).isEqualTo(in.sha256Hex());
        assertThat(in.largestRequest).as("bytes requested per read: the store must stream, not buffer the whole"
                + " artifact").isLessThanOrEqualTo(1024 * 1024);
        assertThat(Files.size(storedFile(ref.sha256()))).isEqualTo(size);
        assertThat(store.find(ref.sha256())).contains(ref);
        assertThat(store.verify(ref.sha256())).isTrue();
        assertThat(filesUnder(storeDir.resolve("tmp"))).as("no upload leftovers").isEmpty();
    }

    @Test
    void checksumIsTheSha256OfTheBytesAndOpenReturnsThemUnchanged() throws IOException {
        byte[] bytes = "a small model".getBytes(StandardCharsets.UTF_8);

        ArtifactRef ref = store.put(new ByteArrayInputStream(bytes));

        assertThat(ref).isEqualTo(new ArtifactRef(HexFormat.of().formatHex(sha256().digest(bytes)), bytes.length));
        try (InputStream in = store.open(ref.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void anEmptyArtifactHasTheSha256OfNoBytes() throws IOException {
        assertThat(store.put(InputStream.nullInputStream())).isEqualTo(new ArtifactRef(EMPTY_SHA256, 0));
        assertThat(store.verify(EMPTY_SHA256)).isTrue();
    }

    @Test
    void verifyReportsFalseOnceTheStoredBytesAreCorrupted() throws IOException {
        ArtifactRef ref = store.put(new GeneratedStream(100_000));
        assertThat(store.verify(ref.sha256())).isTrue();

        try (FileChannel ch = FileChannel.open(storedFile(ref.sha256()), StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 4_242);
            b.flip();
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get() ^ 0x01)}), 4_242);
        }

        assertThat(store.verify(ref.sha256())).isFalse();
    }

    @Test
    void storingTheSameBytesTwiceKeepsOneCopy() throws IOException {
        ArtifactRef first = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        ArtifactRef second = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertThat(second).isEqualTo(first);
        assertThat(filesUnder(storeDir)).containsExactly(storedFile(first.sha256()));
    }

    @Test
    void storingAFileStoresItsBytes() throws IOException {
        Path file = Files.write(dir.resolve("model.pt"), new byte[] {9, 8, 7, 6});

        ArtifactRef ref = store.put(file);

        assertThat(ref.size()).isEqualTo(4);
        assertThat(Files.readAllBytes(storedFile(ref.sha256()))).containsExactly(9, 8, 7, 6);
    }

    @Test
    void storingSomethingThatIsNotAFileIsInvalidInput() {
        assertThatThrownBy(() -> store.put(dir))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.INVALID_INPUT))
                .hasMessageContaining("expected an artifact file but '" + dir + "' is not a readable file");
        assertThatThrownBy(() -> store.put(dir.resolve("missing.bin")))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void anUnknownChecksumIsAbsentAndCannotBeOpened() throws IOException {
        String unknown = "0f".repeat(32);

        assertThat(store.find(unknown)).isEmpty();
        assertThatThrownBy(() -> store.open(unknown))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND))
                .hasMessage("no artifact with SHA-256 " + unknown + " is stored");
        assertThatThrownBy(() -> store.verify(unknown)).isInstanceOf(RegistryException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret", "../../etc/passwd", "..", "/etc/passwd", "sha256/../../secret", ""})
    void aMalformedChecksumNeverBecomesAPath(String sha) throws IOException {
        // a file that these names would reach if they were resolved against the store
        Files.writeString(dir.resolve("secret"), "not an artifact");

        for (ThrowingLookup lookup : List.<ThrowingLookup>of(store::find, store::open, store::verify)) {
            assertThatThrownBy(() -> lookup.apply(sha))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(RegistryException.Code.INVALID_INPUT))
                    .hasMessage("expected a SHA-256 checksum of 64 lowercase hex digits but got '" + sha + "'");
        }
    }

    @FunctionalInterface
    private interface ThrowingLookup {
        Object apply(String sha) throws IOException;
    }
}
