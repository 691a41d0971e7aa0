package io.github.micrograd4j.engine;

/**
 * The speed-up {@link Tape.Speedup#DOT_PRODUCTS}: a dot product {@code a·b} ({@link Value#dot}) replayed by one
 * loop over its two lists of factors, without storing its partials: the partial of each factor is the other
 * factor's value, which the tape holds already. {@code forward()} adds {@code a[i] * b[i]} from 0 in order, as the
 * op does; {@code backward()} adds {@code b[i] * grad} to every {@code a[i]}, then {@code a[i] * grad} to every
 * {@code b[i]}, the order of the plain loop. The partials are finite exactly when the factors are, which a finite
 * sum shows (an infinite or NaN factor makes the sum non-finite; an overflowing sum only counts as non-finite, which
 * turns the zero-skipping off for that pass).
 *
 * <p>Where it pays: a regularizer over all the parameters ({@code Losses.l2}), attention scores and RMS norms.
 * What it buys: 1.04x (training) to 1.4x on moons, 1.3x on a digits batch, 1.09x on microgpt. BENCHMARKS.md, "The
 * tape's speed-ups"; {@code bash bench/tape-speedups.sh}.
 */
final class DotKernel {

    private DotKernel() {
    }

    /** Returns the dot product of the 2m factors at {@code args[a..a+2m)} and stores it in slot {@code out}. */
    static double forward(double[] v, int[] args, int a, int m, int out) {
        double z = 0.0;
        for (int i = a; i < a + m; i++) {
            z += v[args[i]] * v[args[i + m]];
        }
        v[out] = z;
        return z;
    }

    /** Adds the shares of the gradient {@code gk}: to the first factors, then to the second. */
    static void backward(double[] v, double[] g, int[] args, int a, int m, double gk) {
        for (int i = a; i < a + m; i++) {
            g[args[i]] += v[args[i + m]] * gk;
        }
        for (int i = a + m; i < a + 2 * m; i++) {
            g[args[i]] += v[args[i - m]] * gk;
        }
    }
}
