package io.visutility.drift;

/** What one observation made an online change detector conclude. */
public enum Signal {
    /** Nothing notable. */
    NONE,
    /** The stream may be changing; the detector has not concluded drift. */
    WARNING,
    /** The detector concluded that the stream's distribution changed; it has reset or shrunk its state to the new regime. */
    DRIFT
}
