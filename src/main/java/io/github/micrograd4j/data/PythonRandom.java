package io.github.micrograd4j.data;

import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.random.RandomGenerator;

/**
 * CPython's {@code random} module, bit for bit: the Mersenne Twister MT19937 seeded as {@code random.seed(seed)}
 * seeds it for an integer, so that a seeded Java run draws exactly the numbers a seeded Python run draws. With it,
 * {@code new MLP(new PythonRandom(1337), 2, 16, 16, 1)} starts from the weights of micrograd's demo notebook
 * (which calls {@code random.seed(1337)} and then {@code random.uniform(-1, 1)} once per weight).
 *
 * <pre>{@code
 * PythonRandom rng = new PythonRandom(1337);   // random.seed(1337)
 * rng.nextDouble();                            // 0.6177528569514706, random.random()
 * rng.uniform(-1, 1);                          // random.uniform(-1, 1)
 * rng.nextInt(10);                             // random.randrange(10)
 * }</pre>
 *
 * <p>Each method says which CPython call it matches (checked against CPython 3.11's own numbers for several
 * seeds), or that it matches none. In short:
 * <table>
 * <caption>Methods and their CPython counterparts</caption>
 * <tr><th>Java</th><th>CPython</th></tr>
 * <tr><td>{@code new PythonRandom(seed)}</td><td>{@code random.seed(seed)}</td></tr>
 * <tr><td>{@link #nextDouble()}</td><td>{@code random.random()}</td></tr>
 * <tr><td>{@link #uniform(double, double)}</td><td>{@code random.uniform(a, b)}</td></tr>
 * <tr><td>{@link #getrandbits(int)}, {@link #nextInt()}, {@link #nextLong()}, {@link #nextBoolean()}</td>
 *     <td>{@code random.getrandbits(k)} with k = 0..64, 32, 64, 1</td></tr>
 * <tr><td>{@link #nextInt(int)}, {@link #nextLong(long)}, {@link #nextInt(int, int)},
 *     {@link #nextLong(long, long)}</td><td>{@code random.randrange(n)}, {@code random.randrange(a, b)}</td></tr>
 * <tr><td>{@link #nextBytes(byte[])}</td><td>{@code random.randbytes(n)}</td></tr>
 * <tr><td>{@link #shuffle(List)}</td><td>{@code random.shuffle(x)}</td></tr>
 * <tr><td>{@link #choices(double[])}</td><td>{@code random.choices(range(n), weights=w)[0]}</td></tr>
 * <tr><td>{@link #nextGaussian()}, {@link #nextGaussian(double, double)}</td>
 *     <td>{@code random.gauss()}, {@code random.gauss(mu, sigma)}, to the last bit or two</td></tr>
 * <tr><td>{@link #nextExponential()}</td><td>{@code random.expovariate(1.0)}, to the last bit or two</td></tr>
 * <tr><td>{@code nextDouble(origin, bound)} ({@link RandomGenerator}'s default)</td>
 *     <td>{@code random.uniform(origin, bound)}, but checked and kept below {@code bound}</td></tr>
 * <tr><td>{@link #nextFloat()}, {@code nextDouble(bound)}, the bounded {@code nextFloat}, the streams</td>
 *     <td>none: {@link RandomGenerator}'s defaults, built on the methods above</td></tr>
 * </table>
 *
 * <p>Seeding: the seed's absolute value (so {@code -7} seeds as {@code 7}, as in CPython; the absolute value of
 * {@link Long#MIN_VALUE} is 2^63) is cut into 32-bit words, least significant first, and fed to MT19937's
 * {@code init_by_array}; a seed below 2^32 is one word, and 0 is the key {@code [0]}. Outputs are MT19937's
 * tempered 32-bit words; {@code random()} takes 53 bits from two of them.
 *
 * <p>Not for cryptography, and not thread-safe: share one instance between threads only with outside locking
 * (CPython's own {@code random.Random} holds the GIL for this).
 */
public final class PythonRandom implements RandomGenerator {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final double TWO_PI = 2.0 * Math.PI;

    private final int[] mt = new int[N];
    private int index;
    /** The second value of the last Box-Muller pair, CPython's {@code gauss_next}; NaN when there is none. */
    private double gaussNext = Double.NaN;

    /**
     * Creates a generator in the state CPython's {@code random.seed(seed)} leaves.
     *
     * @param seed any value; negative seeds seed as their absolute value, as in CPython
     */
    public PythonRandom(long seed) {
        long magnitude = seed < 0 ? -seed : seed;   // Long.MIN_VALUE stays 2^63 read as unsigned
        int high = (int) (magnitude >>> 32);
        int[] key = high == 0 ? new int[] {(int) magnitude} : new int[] {(int) magnitude, high};
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** MT19937's {@code init_by_array}, in 32-bit unsigned arithmetic (Java's int wraps the same way). */
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
        mt[0] = UPPER_MASK;   // MSB is 1, assuring a non-zero initial array
    }

    /** Returns MT19937's next tempered 32-bit output (CPython's {@code genrand_uint32}). */
    private int next32() {
        if (index >= N) {
            int kk = 0;
            for (; kk < N - M; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            }
            int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /**
     * Returns {@code random.random()}: {@code (a * 2^26 + b) / 2^53} with {@code a} the top 27 bits of one output
     * and {@code b} the top 26 bits of the next (two outputs).
     *
     * @return a multiple of 2^-53 in [0, 1)
     */
    @Override
    public double nextDouble() {
        int a = next32() >>> 5;
        int b = next32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /**
     * Returns {@code random.uniform(a, b)}: {@code a + (b - a) * random()} (one {@link #nextDouble()}). As in
     * CPython, {@code a > b} is allowed (the result then lies in (b, a]), the result can round to {@code b}, and
     * no argument is checked: non-finite ends give what the formula gives.
     *
     * @param a one end
     * @param b the other end
     * @return a value between {@code a} and {@code b}
     */
    public double uniform(double a, double b) {
        return a + (b - a) * nextDouble();
    }

    /**
     * Returns {@code random.getrandbits(k)} for {@code k <= 64}: for {@code k <= 32} the top {@code k} bits of one
     * output; above that the first output gives the low 32 bits and the top {@code k - 32} bits of the second
     * output the rest (CPython fills the words least significant first). {@code k == 0} draws nothing and
     * returns 0.
     *
     * @param k the number of bits, 0 to 64
     * @return a value in [0, 2^k), read as unsigned when {@code k == 64}
     * @throws IllegalArgumentException if {@code k < 0} or {@code k > 64}
     */
    public long getrandbits(int k) {
        if (k < 0 || k > 64) {
            throw new IllegalArgumentException("k (" + k + ") must be in [0, 64]");
        }
        if (k == 0) {
            return 0;
        }
        if (k <= 32) {
            return Integer.toUnsignedLong(next32()) >>> (32 - k);
        }
        long low = Integer.toUnsignedLong(next32());
        long high = Integer.toUnsignedLong(next32()) >>> (64 - k);
        return high << 32 | low;
    }

    /**
     * Returns {@code random.getrandbits(32)} as an {@code int} (one output; values from 2^31 up come out
     * negative).
     *
     * @return 32 random bits
     */
    @Override
    public int nextInt() {
        return next32();
    }

    /**
     * Returns {@code random.getrandbits(64)} as a {@code long} (two outputs, the first the low half; values from
     * 2^63 up come out negative).
     *
     * @return 64 random bits
     */
    @Override
    public long nextLong() {
        return getrandbits(64);
    }

    /**
     * Returns {@code random.getrandbits(1) == 1}: the top bit of one output.
     *
     * @return a random boolean
     */
    @Override
    public boolean nextBoolean() {
        return next32() < 0;
    }

    /**
     * Returns {@code random.randrange(bound)}: CPython's {@code _randbelow_with_getrandbits}, which draws
     * {@code getrandbits(k)} with {@code k = bound.bit_length()} until the draw is below {@code bound}.
     *
     * @param bound the exclusive upper bound, &gt; 0
     * @return a value in [0, bound)
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound (" + bound + ") must be > 0");
        }
        return (int) randbelow(bound);
    }

    /**
     * Returns {@code random.randrange(origin, bound)}: {@code origin + randrange(bound - origin)}.
     *
     * @param origin the inclusive lower bound
     * @param bound  the exclusive upper bound, &gt; {@code origin}
     * @return a value in [origin, bound)
     * @throws IllegalArgumentException if {@code origin >= bound}
     */
    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin (" + origin + ") must be < bound (" + bound + ")");
        }
        return (int) (origin + randbelow((long) bound - origin));
    }

    /**
     * Returns {@code random.randrange(bound)}, as {@link #nextInt(int)} does for an {@code int} bound (the same
     * draws for the same bound).
     *
     * @param bound the exclusive upper bound, &gt; 0
     * @return a value in [0, bound)
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound (" + bound + ") must be > 0");
        }
        return randbelow(bound);
    }

    /**
     * Returns {@code random.randrange(origin, bound)}: {@code origin + randrange(bound - origin)}, where the
     * width may exceed {@link Long#MAX_VALUE} (up to 2^64 - 1, handled as unsigned).
     *
     * @param origin the inclusive lower bound
     * @param bound  the exclusive upper bound, &gt; {@code origin}
     * @return a value in [origin, bound)
     * @throws IllegalArgumentException if {@code origin >= bound}
     */
    @Override
    public long nextLong(long origin, long bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin (" + origin + ") must be < bound (" + bound + ")");
        }
        return origin + randbelow(bound - origin);
    }

    /** CPython's {@code _randbelow_with_getrandbits(n)} for {@code n} in [1, 2^64), {@code n} read as unsigned. */
    private long randbelow(long n) {
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (Long.compareUnsigned(r, n) >= 0) {
            r = getrandbits(k);
        }
        return r;
    }

    /**
     * Fills {@code bytes} with {@code random.randbytes(bytes.length)}: {@code getrandbits(8 * n)} written little
     * endian, so each output gives four bytes, least significant first, and a last partial word gives the low
     * bytes of its top bits.
     *
     * @param bytes the array to fill
     * @throws NullPointerException if {@code bytes} is null
     */
    @Override
    public void nextBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes == null");
        int i = 0;
        while (i < bytes.length) {
            int left = bytes.length - i;
            int word = left >= 4 ? next32() : next32() >>> (32 - 8 * left);
            for (int b = 0; b < Math.min(4, left); b++) {
                bytes[i++] = (byte) (word >>> (8 * b));
            }
        }
    }

    /**
     * Shuffles {@code list} in place as CPython's {@code random.shuffle(list)} does, with the same draws: for
     * {@code i} from {@code size - 1} down to 1, swaps element {@code i} with element {@code randrange(i + 1)}
     * ({@code _randbelow}, as {@link #nextInt(int)}). A list of 0 or 1 elements draws nothing.
     *
     * <pre>{@code
     * List<String> docs = new ArrayList<>(Names.load());
     * new PythonRandom(42).shuffle(docs);    // random.seed(42); random.shuffle(docs), as microgpt does
     * System.out.println(docs.subList(0, 3));   // [yuheng, diondre, xavien]
     * }</pre>
     *
     * @param list the list to shuffle; a list without {@link RandomAccess} is shuffled in an array and written back
     * @throws NullPointerException          if {@code list} is null
     * @throws UnsupportedOperationException if {@code list} cannot be changed (and has 2 or more elements)
     */
    public void shuffle(List<?> list) {
        Objects.requireNonNull(list, "list == null");
        if (list instanceof RandomAccess) {
            for (int i = list.size() - 1; i > 0; i--) {
                Collections.swap(list, i, (int) randbelow(i + 1));
            }
        } else {
            shuffleCopy(list);
        }
    }

    /** Shuffles a list without random access as an array, then writes it back (as {@link Collections#shuffle}). */
    private <T> void shuffleCopy(List<T> list) {
        Object[] a = list.toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) randbelow(i + 1);
            Object t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        ListIterator<T> it = list.listIterator();
        for (Object e : a) {
            it.next();
            @SuppressWarnings("unchecked")
            T element = (T) e;
            it.set(element);
        }
    }

    /**
     * Returns an index drawn with the given weights, as CPython's {@code random.choices(range(n), weights)[0]}
     * does, with the same draw: the cumulative weights are summed left to right ({@code itertools.accumulate}),
     * {@code total} is the last of them, and the result is {@code bisect_right(cumulative, random() * total, 0,
     * n - 1)}, one {@link #nextDouble()}. microgpt samples its next token this way.
     *
     * <pre>{@code
     * PythonRandom rng = new PythonRandom(42);
     * System.out.println(rng.choices(new double[] {0.1, 0.6, 0.3}));   // 1 (drawn with probability 0.6)
     * }</pre>
     *
     * <p>Bad weights are refused before anything is drawn. CPython raises {@code ValueError} for a total that is
     * not above 0 ({@code "Total of weights must be greater than zero"}) or not finite (a NaN or infinite weight,
     * or a sum that overflows: {@code "Total of weights must be finite"}) and {@code IndexError} for no weights;
     * this method throws {@link IllegalArgumentException} for those, and also for a negative weight, which
     * CPython accepts when the total stays positive although its draws then mean nothing.
     *
     * @param weights the relative weight of each index, each finite and &gt;= 0, not all 0
     * @return an index in [0, weights.length)
     * @throws NullPointerException     if {@code weights} is null
     * @throws IllegalArgumentException if {@code weights} is empty, a weight is negative, NaN or infinite, or
     *                                  the total is 0 or overflows
     */
    public int choices(double[] weights) {
        Objects.requireNonNull(weights, "weights == null");
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("weights is empty: there is nothing to choose from");
        }
        double[] cumulative = new double[n];
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("weights[" + i + "] (" + w + ") must be finite and >= 0");
            }
            total += w;
            cumulative[i] = total;
        }
        if (total == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the total of the weights overflows: it must be finite");
        }
        if (total == 0) {
            throw new IllegalArgumentException("the weights are all 0: their total must be greater than zero");
        }
        double x = nextDouble() * total;
        int lo = 0;
        int hi = n - 1;                                   // bisect_right(cumulative, x, 0, n - 1)
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Returns {@code random.gauss()}: Box-Muller on two {@code random()} draws, {@code cos(2 pi x) *
     * sqrt(-2 log(1 - y))}, keeping {@code sin(2 pi x) * sqrt(-2 log(1 - y))} for the next call, as CPython's
     * {@code gauss_next} does. The functions are {@link StrictMath}'s, so the values agree with CPython's to within
     * an ulp or two (the C library's {@code cos}, {@code sin} and {@code log} may round differently), not always
     * to the bit; the draws consumed are the same. For scale, of microgpt's 4,192 initial weights ({@code
     * gauss(0, 0.08)} after seed 42 and the shuffle of {@link Names}) 215 differ in their last bit from those of
     * CPython 3.11 on glibc 2.36 (x86-64). {@link Math}'s functions would miss 4 there (on x86-64 HotSpot, and
     * they may differ on other machines), and correctly rounded ones 3: glibc's {@code log} and {@code cos} are
     * not correctly rounded for two of those inputs, so no function that is the same everywhere matches them all.
     *
     * @return a standard normal value
     */
    @Override
    public double nextGaussian() {
        double z = gaussNext;
        gaussNext = Double.NaN;
        if (Double.isNaN(z)) {
            double x2pi = nextDouble() * TWO_PI;
            double g2rad = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - nextDouble()));
            z = StrictMath.cos(x2pi) * g2rad;
            gaussNext = StrictMath.sin(x2pi) * g2rad;
        }
        return z;
    }

    /**
     * Returns {@code random.gauss(mean, stddev)}: {@code mean + z * stddev} with {@code z} from
     * {@link #nextGaussian()}.
     *
     * @param mean   the mean
     * @param stddev the standard deviation, &gt;= 0
     * @return a normal value
     * @throws IllegalArgumentException if {@code stddev < 0} (CPython accepts it; {@link RandomGenerator} does not)
     */
    @Override
    public double nextGaussian(double mean, double stddev) {
        if (stddev < 0.0) {
            throw new IllegalArgumentException("stddev (" + stddev + ") must be >= 0");
        }
        return mean + nextGaussian() * stddev;
    }

    /**
     * Returns {@code random.expovariate(1.0)}: {@code -log(1 - random())}, with {@link StrictMath#log}, so within an
     * ulp or two of CPython's value (see {@link #nextGaussian()}).
     *
     * @return a value from the exponential distribution with mean 1
     */
    @Override
    public double nextExponential() {
        return -StrictMath.log(1.0 - nextDouble());
    }

    /**
     * Returns {@link RandomGenerator}'s default {@code nextFloat()}: the top 24 bits of {@link #nextInt()} times
     * 2^-24. CPython has no single-precision counterpart.
     *
     * @return a multiple of 2^-24 in [0, 1)
     */
    @Override
    public float nextFloat() {
        return (nextInt() >>> 8) * 0x1.0p-24f;
    }
}
