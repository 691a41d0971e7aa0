package io.github.micrograd4j.data;

import java.util.random.RandomGenerator;

/**
 * The xorshift64* generator of EurekaLabs micrograd, bit for bit: a 64-bit state, 32-bit outputs and
 * uniforms with 24-bit granularity, so that a seeded run draws exactly the numbers the Python reference draws.
 * It is a {@link RandomGenerator}, so it fits wherever the library takes randomness (model initialisation,
 * data generators).
 *
 * <pre>{@code
 * XorShift64Star rng = new XorShift64Star(42);
 * System.out.println(rng.nextU32());        // 1456360119
 * System.out.println(rng.nextDouble());     // 0.7822558283805847
 * System.out.println(rng.uniform(-1, 1));   // 0.5802739858627319
 * }</pre>
 *
 * Each output advances the state by {@code s ^= s >>> 12; s ^= s << 25; s ^= s >>> 27} and returns the top 32
 * bits of {@code s * 0x2545F4914F6CDD1D}. Not for cryptography, and not thread-safe.
 */
public final class XorShift64Star implements RandomGenerator {

    private static final long MULTIPLIER = 0x2545F4914F6CDD1DL;

    private long state;

    /**
     * Creates a generator whose state is the seed itself (no scrambling, as in the reference).
     *
     * @param seed the initial state, not 0 (a zero state would only ever give zeros)
     * @throws IllegalArgumentException if {@code seed == 0}
     */
    public XorShift64Star(long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("seed (0) must not be 0: xorshift would stay at 0 forever");
        }
        this.state = seed;
    }

    /**
     * Returns the next raw output, an unsigned 32-bit value.
     *
     * @return a value in [0, 2^32)
     */
    public long nextU32() {
        long s = state;
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        state = s;
        return (s * MULTIPLIER) >>> 32;
    }

    /**
     * Returns {@code (nextU32() >>> 8) / 2^24}: the reference's {@code random()}, exact in a double.
     *
     * @return a value k / 2^24 in [0, 1)
     */
    @Override
    public double nextDouble() {
        return (nextU32() >>> 8) / 16777216.0;
    }

    /**
     * Returns {@code a + (b - a) * nextDouble()}, the reference's {@code uniform(a, b)}; one draw.
     *
     * @param a the lower end
     * @param b the upper end
     * @return a value in [a, b) (for a &lt; b)
     */
    public double uniform(double a, double b) {
        return a + (b - a) * nextDouble();
    }

    /**
     * Returns the next 32-bit output as an {@code int} (one draw).
     *
     * @return the bits of {@link #nextU32()}
     */
    @Override
    public int nextInt() {
        return (int) nextU32();
    }

    /**
     * Returns two outputs joined, the first in the high half (two draws).
     *
     * @return 64 random bits
     */
    @Override
    public long nextLong() {
        return nextU32() << 32 | nextU32();
    }

    /**
     * Returns the current state, for checking against the reference's trace.
     *
     * @return the 64-bit state (compare with {@link Long#toUnsignedString(long)})
     */
    public long state() {
        return state;
    }
}
