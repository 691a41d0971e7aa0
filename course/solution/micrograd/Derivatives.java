package micrograd;

import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Part 1: derivatives by nudging. A derivative is a slope: how much f(x) moves per unit x moves. Nudge x a
 * tiny h to both sides and divide (the central difference); later tasks use these methods to check the
 * gradients your engine computes.
 */
public final class Derivatives {

    /** The nudge used when none is given: small enough for a good slope, large enough to avoid rounding. */
    public static final double H = 1e-6;

    private Derivatives() {
    }

    /**
     * Task 1.1. Returns the slope of f at x by the central difference {@code (f(x + h) - f(x - h)) / (2h)}.
     *
     * @param f the function
     * @param x where to measure the slope
     * @param h the nudge, a small positive number
     * @return the slope, with an error that shrinks like h^2
     */
    public static double slope(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    /**
     * Returns the slope of f at x with the nudge {@link #H}.
     *
     * @param f the function
     * @param x where to measure the slope
     * @return the slope
     */
    public static double slope(DoubleUnaryOperator f, double x) {
        return slope(f, x, H);
    }

    /**
     * Task 1.2. Returns the gradient of f at x: for each i, the slope of f when only x[i] is nudged by
     * {@link #H} (the central difference again). x is unchanged when the method returns.
     *
     * @param f a function of several inputs
     * @param x the inputs
     * @return the partial derivatives df/dx[i], one per input
     */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            x[i] = xi + H;
            double up = f.applyAsDouble(x);
            x[i] = xi - H;
            double down = f.applyAsDouble(x);
            x[i] = xi;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }
}
