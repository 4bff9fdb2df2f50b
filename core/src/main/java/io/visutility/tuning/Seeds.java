package io.visutility.tuning;

import java.util.SplittableRandom;

/**
 * Random streams derived from a sampler's seed, the trial number and a salt (the parameter's
 * position), so that a suggestion depends on nothing but those three and the history: no stream is
 * shared between trials, and a restarted process draws exactly what the first one would have.
 */
final class Seeds {
    private Seeds() {}

    static SplittableRandom stream(long seed, int trialNumber, int salt) {
        long s = mix(seed ^ 0x9E3779B97F4A7C15L);
        s = mix(s + 0xD1B54A32D192ED03L * (trialNumber + 1L));
        s = mix(s + 0xAEF17502108EF2D9L * (salt + 1L));
        return new SplittableRandom(s);
    }

    /** The 64-bit finaliser of SplitMix64 (Stafford's variant 13): a bijection that spreads every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
