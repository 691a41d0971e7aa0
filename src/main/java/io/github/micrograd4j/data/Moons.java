package io.github.micrograd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The two interleaving half circles of scikit-learn's {@code make_moons}, micrograd's demo data.
 */
public final class Moons {

    private Moons() {
    }

    /**
     * Returns the exact 100 points of micrograd's demo notebook ({@code make_moons(n_samples=100, noise=0.1)}
     * as the demo seeds it), labels -1 and +1, shipped with the library.
     *
     * @return the data set
     */
    public static Dataset micrograd100() {
        try (InputStream in = Moons.class.getResourceAsStream("moons100.csv")) {
            if (in == null) {
                throw new IllegalStateException("moons100.csv is missing from the micrograd4j jar");
            }
            return Csv.read(in, "moons100.csv", "y");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns {@code n} points of two moons with labels -1 (the upper moon) and +1 (the lower one), like
     * {@code make_moons}: {@code n / 2} points on the upper half circle, the rest on the lower one, in
     * shuffled order, each coordinate with Gaussian noise of standard deviation {@code noise}.
     *
     * @param n     the number of points, &ge; 2
     * @param noise the noise's standard deviation, finite and &ge; 0
     * @param rng   the source of randomness (shuffle first, then the noise, x before y)
     * @return the data set
     * @throws IllegalArgumentException if {@code n < 2} or {@code noise} is negative or not finite
     * @throws NullPointerException     if {@code rng} is null
     */
    public static Dataset generate(int n, double noise, RandomGenerator rng) {
        if (n < 2) {
            throw new IllegalArgumentException("n (" + n + ") must be >= 2");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise (" + noise + ") must be finite and >= 0");
        }
        java.util.Objects.requireNonNull(rng, "rng == null");
        int nOuter = n / 2;
        int nInner = n - nOuter;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < nOuter; i++) {
            double t = nOuter == 1 ? 0 : Math.PI * i / (nOuter - 1);
            x[i] = new double[] {Math.cos(t), Math.sin(t)};
            y[i] = -1;
        }
        for (int i = 0; i < nInner; i++) {
            double t = nInner == 1 ? 0 : Math.PI * i / (nInner - 1);
            x[nOuter + i] = new double[] {1 - Math.cos(t), 1 - Math.sin(t) - 0.5};
            y[nOuter + i] = 1;
        }
        for (int i = n - 1; i > 0; i--) {                 // Fisher-Yates shuffle
            int j = rng.nextInt(i + 1);
            double[] xi = x[i];
            x[i] = x[j];
            x[j] = xi;
            double yi = y[i];
            y[i] = y[j];
            y[j] = yi;
        }
        for (double[] p : x) {
            p[0] += noise * rng.nextGaussian();
            p[1] += noise * rng.nextGaussian();
        }
        return new Dataset(x, y);
    }

    /**
     * Returns {@code generate(n, noise, new Random(seed))}.
     *
     * @param n     the number of points, &ge; 2
     * @param noise the noise's standard deviation, finite and &ge; 0
     * @param seed  the seed of a {@link Random}
     * @return the data set
     * @throws IllegalArgumentException if {@code n < 2} or {@code noise} is negative or not finite
     */
    public static Dataset generate(int n, double noise, long seed) {
        return generate(n, noise, new Random(seed));
    }
}
