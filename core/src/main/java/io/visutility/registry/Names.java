package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The rules for what may be named in the registry. Names end up in file paths, URLs and metric
 * labels, so they are restricted to a safe alphabet and can never contain a path separator or be
 * {@code .} or {@code ..}.
 */
final class Names {
    static final int MAX_MODEL_NAME = 128;
    static final int MAX_ALIAS = 64;
    static final int MAX_VERSION = 128;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 1024;
    static final int MAX_REASON = 4096;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Names() {}

    static String model(String name) {
        if (name == null || name.isEmpty()) {
            throw RegistryException.invalid("expected a model name but got an empty one");
        }
        if (name.length() > MAX_MODEL_NAME || !NAME.matcher(name).matches()) {
            throw RegistryException.invalid("expected a model name of at most " + MAX_MODEL_NAME
                    + " letters, digits, '-', '_' or '.', starting with a letter or digit, but got '"
                    + printable(name) + "'");
        }
        return name;
    }

    static String alias(String alias) {
        if (alias == null || alias.isEmpty() || alias.length() > MAX_ALIAS || !NAME.matcher(alias).matches()) {
            throw RegistryException.invalid("expected an alias of at most " + MAX_ALIAS
                    + " letters, digits, '-', '_' or '.' (like production), but got '" + printable(alias) + "'");
        }
        return alias;
    }

    static Version version(String model, String version) {
        if (version == null || version.isEmpty()) {
            throw RegistryException.invalid("expected a semantic version like 1.2.3 for model '" + model
                    + "', but got an empty one");
        }
        if (version.length() > MAX_VERSION) {
            throw RegistryException.invalid("expected a semantic version of at most " + MAX_VERSION
                    + " characters for model '" + model + "', but got " + version.length());
        }
        return Version.tryParse(version, true).orElseThrow(() -> RegistryException.invalid(
                "expected a semantic version like 1.2.3 for model '" + model + "', but got '"
                        + printable(version) + "'"));
    }

    static String sha256(String sha) {
        if (sha == null || !SHA256.matcher(sha).matches()) {
            throw RegistryException.invalid("expected a SHA-256 checksum of 64 lowercase hex digits but got '"
                    + printable(sha) + "'");
        }
        return sha;
    }

    static byte[] sha256Bytes(String sha) {
        return HexFormat.of().parseHex(sha256(sha));
    }

    static String tagKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY || key.chars().anyMatch(Character::isISOControl)) {
            throw RegistryException.invalid("expected a tag or metric name of 1 to " + MAX_TAG_KEY
                    + " printable characters but got '" + printable(key) + "'");
        }
        return key;
    }

    static String tagValue(String key, String value) {
        if (value == null || value.length() > MAX_TAG_VALUE) {
            throw RegistryException.invalid("expected a value of at most " + MAX_TAG_VALUE + " characters for tag '"
                    + key + "' but got " + (value == null ? "none" : value.length() + " characters"));
        }
        return value;
    }

    static String reason(String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw RegistryException.invalid("expected a reason of at most " + MAX_REASON + " characters but got "
                    + reason.length());
        }
        return reason;
    }

    /** The text, cut short and with control characters escaped, for an error message. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "…" : b.toString();
    }
}
