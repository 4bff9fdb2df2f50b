package io.visutility.registry;

import java.util.Locale;

/** What asked for a retrain: a monitor detection, a deprecated version, or a person. */
public enum RetrainTrigger {
    DETECTION, DEPRECATION, MANUAL;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
