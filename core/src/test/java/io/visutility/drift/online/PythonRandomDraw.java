package io.visutility.drift.online;

/**
 * The draws of Python's {@code random.Random(seed).sample(range(population), k)}, which river's
 * KSWIN makes once per test, so that a test can replay river's run exactly.
 *
 * <p>Written from the published descriptions: MT19937 with {@code init_by_array} seeding (Matsumoto
 * &amp; Nishimura 1998, and their 2002 reference initialisation), Python seeding an integer seed as
 * the array of its 32-bit words; {@code getrandbits(k)} for k ≤ 32 is the top k bits of one 32-bit
 * output; {@code randbelow(n)} draws {@code bit_length(n)} bits until the result is below n; and
 * {@code sample} draws from a pool, moving the last unselected item into each vacancy, whenever the
 * population is no larger than its set-size heuristic (true for KSWIN's sizes, checked below).
 */
final class PythonRandomDraw implements Kswin.Draw {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;

    PythonRandomDraw(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("only seeds that fit one 32-bit word are replayed, got " + seed);
        }
        initByArray(new int[] {(int) seed});
    }

    @Override
    public void choose(int population, int[] chosen) {
        int k = chosen.length;
        int setSize = 21;
        if (k > 5) {
            setSize += (int) Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
        }
        if (population > setSize) {
            throw new UnsupportedOperationException("Python's set-based sampling is not replayed");
        }
        int[] pool = new int[population];
        for (int i = 0; i < population; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = randBelow(population - i);
            chosen[i] = pool[j];
            pool[j] = pool[population - i - 1];
        }
    }

    int randBelow(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(n);
        long r = next32() >>> (32 - bits);
        while (r >= n) {
            r = next32() >>> (32 - bits);
        }
        return (int) r;
    }

    /** The next 32-bit output, as an unsigned value. */
    long next32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7FFF_FFFF);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908B0DF;
            }
            mt[i] = next;
        }
        index = 0;
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }
}
