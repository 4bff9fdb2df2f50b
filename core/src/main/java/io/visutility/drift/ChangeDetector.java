package io.visutility.drift;

import java.util.Map;

/**
 * An online change detector: it sees a stream one value at a time and says when the stream's
 * distribution has changed. Implementations follow their published algorithms (and the defaults
 * river and MOA use), are not thread-safe, and keep memory bounded whatever the stream length.
 */
public interface ChangeDetector {

    /** Feeds one finite value; returns what the detector concluded after seeing it. */
    Signal update(double value);

    /** Forgets everything seen so far, as if newly created with the same parameters. */
    void reset();

    /** Stable detector name as used on the command line and in policies, e.g. {@code adwin}. */
    String name();

    /**
     * The statistics behind the latest conclusion (for example window width, means, the test
     * statistic and threshold), for a person reading a detection. Keys are snake_case; values are
     * numbers, booleans or strings.
     */
    Map<String, Object> evidence();
}
