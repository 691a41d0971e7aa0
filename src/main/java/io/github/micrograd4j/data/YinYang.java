package io.github.micrograd4j.data;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * EurekaLabs micrograd's three-class "yin-yang" data set: points in a disc labelled yin (0), yang (1) or one of
 * the two small circles (2), with classes taking turns 0, 1, 2, 0, ... Drawn with {@link XorShift64Star}
 * seeded 42, {@code generate(100, rng)} reproduces the reference's 100 points bit for bit.
 *
 * <pre>{@code
 * Dataset all = YinYang.generate(100, new XorShift64Star(42));
 * Dataset.Split s = YinYang.split(all);   // 80 train, 10 val, 10 test
 * }</pre>
 */
public final class YinYang {

    private static final double R_SMALL = 0.1;
    private static final double R_BIG = 0.5;

    private YinYang() {
    }

    /**
     * Returns {@code n} points: point i has class {@code i % 3}. Each attempt draws x, then y, uniformly from
     * [0, 1); an attempt outside the big circle or of the wrong class is discarded. A kept point has features
     * {@code ((x / 0.5) - 1) * 2} and {@code ((y / 0.5) - 1) * 2}, in [-2, 2].
     *
     * @param n   the number of points, &gt; 0
     * @param rng the source of the draws
     * @return the points in order, labels 0, 1 or 2
     * @throws IllegalArgumentException if {@code n <= 0}
     * @throws NullPointerException     if {@code rng} is null
     */
    public static Dataset generate(int n, RandomGenerator rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("n (" + n + ") must be > 0");
        }
        Objects.requireNonNull(rng, "rng == null");
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int goal = i % 3;
            while (true) {
                double px = rng.nextDouble();
                double py = rng.nextDouble();
                if (distance(px, py, R_BIG, R_BIG) > R_BIG) {
                    continue;                             // outside the big circle
                }
                if (classOf(px, py) == goal) {
                    x[i] = new double[] {((px / R_BIG) - 1) * 2, ((py / R_BIG) - 1) * 2};
                    y[i] = goal;
                    break;
                }
            }
        }
        return new Dataset(x, y);
    }

    /**
     * Returns the first 80% as training data, the next 10% as validation data and the rest as test data
     * (cut points {@code (int) (0.8 * n)} and {@code (int) (0.9 * n)}).
     *
     * @param data at least 10 examples
     * @return the three parts
     * @throws IllegalArgumentException if there are fewer than 10 examples
     */
    public static Dataset.Split split(Dataset data) {
        int n = data.size();
        if (n < 10) {
            throw new IllegalArgumentException("data.size() (" + n + ") must be >= 10 to split 80/10/10");
        }
        int trainEnd = (int) (0.8 * n);
        int valEnd = (int) (0.9 * n);
        return new Dataset.Split(data.slice(0, trainEnd), data.slice(trainEnd, valEnd), data.slice(valEnd, n));
    }

    /** The class of a point inside the big circle: 2 in a small circle, else 0 (yin) or 1 (yang). */
    private static int classOf(double x, double y) {
        double dRight = distance(x, y, 1.5 * R_BIG, R_BIG);
        double dLeft = distance(x, y, 0.5 * R_BIG, R_BIG);
        if (dRight < R_SMALL || dLeft < R_SMALL) {
            return 2;
        }
        boolean yin = dRight <= R_SMALL || (dLeft > R_SMALL && dLeft <= 0.5 * R_BIG) || (y > R_BIG && dRight > 0.5 * R_BIG);
        return yin ? 0 : 1;
    }

    private static double distance(double x, double y, double cx, double cy) {
        double dx = x - cx;
        double dy = y - cy;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
