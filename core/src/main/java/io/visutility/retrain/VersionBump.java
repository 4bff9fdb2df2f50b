package io.visutility.retrain;

import com.github.zafarkhaja.semver.Version;
import java.util.Locale;

/** Which part of the highest existing version a retrained version increments. */
public enum VersionBump {
    PATCH, MINOR, MAJOR;

    /** The version after {@code highest}: 1.2.3 → 1.2.4, 1.3.0 or 2.0.0; pre-release and build are dropped. */
    public Version next(Version highest) {
        return switch (this) {
            case PATCH -> highest.isPreRelease() ? Version.of(highest.majorVersion(), highest.minorVersion(),
                    highest.patchVersion()) : highest.nextPatchVersion();
            case MINOR -> highest.nextMinorVersion();
            case MAJOR -> highest.nextMajorVersion();
        };
    }

    /**
     * @throws IllegalArgumentException naming the choices for anything else
     */
    public static VersionBump parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("expected a version bump of patch, minor or major but got '" + text + "'");
        }
    }
}
