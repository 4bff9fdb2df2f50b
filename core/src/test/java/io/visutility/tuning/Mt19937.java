package io.visutility.tuning;

/**
 * The Mersenne Twister MT19937 as numpy's legacy {@code RandomState(seed)} runs it (seeded with the
 * reference {@code init_genrand} for an integer seed), with {@code random_sample}'s 53-bit doubles:
 * two 32-bit outputs a, b give ((a >>> 5)·2²⁶ + (b >>> 6)) / 2⁵³. Test code: it lets
 * {@link OptunaReplay} feed our sampler the very numbers Optuna 3.1 draws.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] state = new int[N];
    private int position;

    Mt19937(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int previous = state[i - 1];
            state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
        }
        position = N;
    }

    int nextInt() {
        if (position >= N) {
            twist();
        }
        int y = state[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >>> 18);
    }

    /** numpy's {@code random_sample()}: a double in [0, 1). */
    double nextDouble() {
        int a = nextInt() >>> 5;
        int b = nextInt() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
            state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        position = 0;
    }
}
