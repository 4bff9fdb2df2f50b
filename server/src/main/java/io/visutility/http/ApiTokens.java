package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.store.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens of a data directory, kept in {@code tokens.json} (owner-readable only) as SHA-256
 * hashes: the token itself is shown once, when created, and never stored. A token is
 * {@code vtk_<id>_<secret>} with 256 random bits of secret, so a fast hash is enough (nobody can
 * guess their way through 2^256 candidates) and lookups stay cheap on every request.
 *
 * <p>The CLI creates and revokes tokens while a server may be running on the same directory: writers
 * take a lock file and replace the file atomically; a server notices the change within a second.
 */
public final class ApiTokens {
    public static final String FILE = "tokens.json";
    private static final String PREFIX = "vtk_";
    private static final int ID_LENGTH = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long RELOAD_CHECK_NANOS = 1_000_000_000L;

    /** A token as anyone may see it: no secret, no hash. */
    public record Token(String id, String name, Role role, Instant createdAt) {}

    /** A new token and the text to hand to its user, shown once. */
    public record Created(Token token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + ", secret=<hidden>]";
        }
    }

    private record Entry(Token token, byte[] sha256) {}

    private final Path file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<String, Entry> byId = Map.of();
    private volatile Object loadedKey;
    private volatile long nextCheck;

    private ApiTokens(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * The tokens of {@code dataDir}.
     *
     * @throws IOException when the file exists but cannot be read or is not a token file
     */
    public static ApiTokens in(Path dataDir, Clock clock) throws IOException {
        ApiTokens t = new ApiTokens(dataDir.resolve(FILE), clock);
        t.reload();
        t.nextCheck = System.nanoTime() + RELOAD_CHECK_NANOS;
        return t;
    }

    public Path file() {
        return file;
    }

    /** Tokens as of the last change on disk (checked at most once a second). */
    public List<Token> list() {
        refresh();
        return byId.values().stream().map(Entry::token).toList();
    }

    public boolean isEmpty() {
        refresh();
        return byId.isEmpty();
    }

    /** The token {@code presented} is, if it is one of these (compared in constant time). */
    public Optional<Token> authenticate(String presented) {
        refresh();
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() < PREFIX.length() + ID_LENGTH + 2
                || presented.length() > 200) {
            return Optional.empty();
        }
        Entry e = byId.get(presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH));
        if (e == null || !MessageDigest.isEqual(e.sha256(), sha256(presented))) {
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    /**
     * Creates a token and stores its hash durably.
     *
     * @param name optional label (who or what uses it), up to 64 letters, digits, '.', '_' or '-'
     * @throws IllegalArgumentException on a bad name
     */
    public Created create(Role role, String name) throws IOException {
        Objects.requireNonNull(role, "role");
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a token name of at most 64 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, but got '" + Texts.abbreviate(name) + "'");
        }
        try (FileLock lock = lock()) {
            Map<String, Entry> current = read();
            String id;
            do {
                byte[] idBytes = new byte[ID_LENGTH / 2];
                random.nextBytes(idBytes);
                id = HexFormat.of().formatHex(idBytes);
            } while (current.containsKey(id));
            byte[] secretBytes = new byte[32];
            random.nextBytes(secretBytes);
            String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
            Token token = new Token(id, name, role, clock.instant());
            Map<String, Entry> next = new LinkedHashMap<>(current);
            next.put(id, new Entry(token, sha256(secret)));
            write(next);
            byId = Map.copyOf(next);
            return new Created(token, secret);
        }
    }

    /** Removes a token; false when there is none with that id. */
    public boolean revoke(String id) throws IOException {
        try (FileLock lock = lock()) {
            Map<String, Entry> current = read();
            if (!current.containsKey(id)) {
                return false;
            }
            Map<String, Entry> next = new LinkedHashMap<>(current);
            next.remove(id);
            write(next);
            byId = Map.copyOf(next);
            return true;
        }
    }

    private FileLock lock() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file.resolveSibling(FILE + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return;
        }
        nextCheck = now + RELOAD_CHECK_NANOS;
        try {
            reload();
        } catch (IOException e) {
            // keep the tokens last read: a half-edited file must not open or close the API
            System.getLogger(ApiTokens.class.getName()).log(System.Logger.Level.ERROR,
                    "cannot re-read " + file + "; keeping the tokens read before: " + e.getMessage());
        }
    }

    private synchronized void reload() throws IOException {
        Object key = fileKey();
        if (Objects.equals(key, loadedKey) && key != null) {
            return;
        }
        byId = Map.copyOf(read());
        loadedKey = key;
    }

    private Object fileKey() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return "absent";
        }
    }

    private Map<String, Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        try {
            JsonNode root = Json.MAPPER.readTree(bytes);
            for (JsonNode t : root.path("tokens")) {
                Token token = new Token(t.get("id").asText(), t.hasNonNull("name") ? t.get("name").asText() : null,
                        Role.parse(t.get("role").asText()), Instant.parse(t.get("created_at").asText()));
                out.put(token.id(), new Entry(token, HexFormat.of().parseHex(t.get("sha256").asText())));
            }
        } catch (RuntimeException | IOException e) {
            throw new IOException(file + " is not a readable token file: " + e.getMessage(), e);
        }
        return out;
    }

    private void write(Map<String, Entry> entries) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("tokens");
        for (Entry e : entries.values()) {
            ObjectNode t = list.addObject();
            t.put("id", e.token().id());
            if (e.token().name() != null) {
                t.put("name", e.token().name());
            }
            t.put("role", e.token().role().jsonName());
            t.put("sha256", HexFormat.of().formatHex(e.sha256()));
            t.put("created_at", e.token().createdAt().toString());
        }
        DurableFiles.replace(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                .getBytes(StandardCharsets.UTF_8), true);
        loadedKey = fileKey();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens[" + file + "]";
    }
}
