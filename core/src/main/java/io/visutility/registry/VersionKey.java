package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;

/**
 * A version as the registry keys and orders it: semantic-version precedence, with build metadata
 * breaking ties (java-semver's natural order). Compact: a release version whose numbers each fit 21
 * bits — nearly all of them — is one packed long and no {@link Version} object (a million distinct
 * versions would otherwise hold a million {@code Version}s of 80 bytes each); any other version
 * keeps its parsed {@code Version}. Immutable.
 */
final class VersionKey implements Comparable<VersionKey> {
    private static final long LIMIT = 1L << 21;

    /** major << 42 | minor << 21 | patch when {@link #full} is null; else unused (-1). */
    private final long packed;
    /** The parsed version when it has a pre-release or build part or large numbers; else null. */
    private final Version full;

    private VersionKey(long packed, Version full) {
        this.packed = packed;
        this.full = full;
    }

    static VersionKey of(Version v) {
        long major = v.majorVersion();
        long minor = v.minorVersion();
        long patch = v.patchVersion();
        if (major < LIMIT && minor < LIMIT && patch < LIMIT && v.preReleaseVersion().isEmpty()
                && v.buildMetadata().isEmpty()) {
            return new VersionKey(major << 42 | minor << 21 | patch, null);
        }
        return new VersionKey(-1, v);
    }

    /** The version (made on demand for packed keys). */
    Version version() {
        return full != null ? full : Version.of(major(), minor(), patch());
    }

    private long major() {
        return full != null ? full.majorVersion() : packed >>> 42;
    }

    private long minor() {
        return full != null ? full.minorVersion() : (packed >>> 21) & (LIMIT - 1);
    }

    private long patch() {
        return full != null ? full.patchVersion() : packed & (LIMIT - 1);
    }

    @Override
    public int compareTo(VersionKey o) {
        if (full == null && o.full == null) {
            return Long.compare(packed, o.packed);
        }
        int c = Long.compare(major(), o.major());
        if (c == 0) {
            c = Long.compare(minor(), o.minor());
            if (c == 0) {
                c = Long.compare(patch(), o.patch());
                if (c == 0) {
                    return version().compareTo(o.version()); // pre-release, then build metadata
                }
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(major() * 1_000_003L + minor() * 1_009L + patch());
    }

    @Override
    public String toString() {
        return full != null ? full.toString() : major() + "." + minor() + "." + patch();
    }
}
