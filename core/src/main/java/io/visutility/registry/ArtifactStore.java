package io.visutility.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Artifacts stored by content: {@code <dir>/sha256/ab/abcdef…} where the name is the SHA-256 of the
 * bytes. Writes stream through a fixed buffer (constant memory for any size) into a temporary file
 * that is fsynced and atomically renamed, so a stored artifact is complete and durable before any
 * registration can refer to it. Only a validated 64-hex-digit checksum is ever turned into a path.
 */
public final class ArtifactStore {
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    public ArtifactStore(Path dir) throws IOException {
        this.root = Files.createDirectories(dir.resolve("sha256"));
        this.tmp = Files.createDirectories(dir.resolve("tmp"));
    }

    /** Stores the bytes of {@code in} (read to the end, not closed) and returns their checksum and size. */
    public ArtifactRef put(InputStream in) throws IOException {
        Path part = Files.createTempFile(tmp, "upload-", ".part");
        MessageDigest digest = sha256();
        long size = 0;
        try {
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) > 0) {
                    digest.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
                ch.force(true);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(sha);
            if (Files.exists(target) && Files.size(target) == size) {
                return new ArtifactRef(sha, size);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // stored concurrently by another writer: same bytes by construction
            }
            fsync(target.getParent());
            fsync(target.getParent().getParent());
            return new ArtifactRef(sha, size);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Stores a file's bytes. */
    public ArtifactRef put(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw RegistryException.invalid("expected an artifact file but '" + file + "' is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        }
    }

    /** The stored artifact with this checksum, if present. */
    public Optional<ArtifactRef> find(String sha256) throws IOException {
        Path p = pathOf(Names.sha256(sha256));
        return Files.isRegularFile(p) ? Optional.of(new ArtifactRef(sha256, Files.size(p))) : Optional.empty();
    }

    /** Opens a stored artifact for reading. */
    public InputStream open(String sha256) throws IOException {
        Path p = pathOf(Names.sha256(sha256));
        if (!Files.isRegularFile(p)) {
            throw RegistryException.notFound("no artifact with SHA-256 " + sha256 + " is stored");
        }
        return Files.newInputStream(p);
    }

    /** Re-reads a stored artifact and reports whether its bytes still hash to its name. */
    public boolean verify(String sha256) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = open(sha256)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest()).equals(sha256);
    }

    private Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
