package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the gradients that {@link Value#backward()} computes with central finite differences: the scalar
 * analogue of {@code torch.autograd.gradcheck}, for checking custom operations and models.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(x -> x.get(0).mul(x.get(1)).tanh(), 0.3, -1.2);
 * System.out.println(r.maxError() < 1e-6);   // true
 * GradCheck.Result fine = GradCheck.checkWithStep(x -> x.get(0).pow(3), 1e-4, 2.0);
 * GradCheck.assertGradientsWithin(x -> x.get(0).pow(3), 1e-7, 2.0);   // throws AssertionError if off
 * }</pre>
 *
 * <p>The step size has its own method, {@link #checkWithStep checkWithStep}, rather than an overload of
 * {@code check}: with a {@code double...} point, {@code check(f, h, x0, x1)} and {@code check(f, x0, x1, x2)}
 * could not be told apart.
 *
 * <h2>The error measure</h2>
 * For each input i the step is {@code h_i = h * max(1, |x_i|)} (so that it stays above the rounding of large
 * inputs), the numeric derivative is {@code (f(x + h_i e_i) - f(x - h_i e_i)) / 2h_i} and the error is
 * {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}: relative where the derivative is larger than 1,
 * absolute where it is small, so a zero gradient compared with rounding noise does not read as a 100% error.
 * With the default step {@value #DEFAULT_STEP} a smooth function agrees to about 1e-8.
 *
 * <h2>Kinks</h2>
 * A central difference straddles a kink ({@code relu} at 0, a hinge at its margin) when an input lies within
 * {@code h_i} of it, and then measures the average of the two one-sided slopes, not the derivative the engine
 * defines there (relu's is 0 at 0). Check such functions at points at least a few {@code h} away from every
 * kink, or choose {@code h} smaller than the distance to the nearest one.
 */
public final class GradCheck {

    /** The finite-difference step used when none is given: {@value}. */
    public static final double DEFAULT_STEP = 1e-6;

    private GradCheck() {
    }

    /**
     * The outcome of a check: both gradients and the worst disagreement between them.
     *
     * @param analytic   the gradient from {@code backward()}, one entry per input
     * @param numeric    the central-difference estimate, one entry per input
     * @param worstIndex the input where the error is largest
     * @param maxError   the largest error, measured as the class comment describes
     */
    public record Result(double[] analytic, double[] numeric, int worstIndex, double maxError) {

        /**
         * Returns a one-line account of the worst input, such as
         * {@code "max error 3.1e-10 at input 1: analytic 0.5, numeric 0.50000000031"}.
         *
         * @return a description for a log or an assertion message
         */
        @Override
        public String toString() {
            return "max error " + maxError + " at input " + worstIndex + ": analytic " + analytic[worstIndex]
                    + ", numeric " + numeric[worstIndex];
        }
    }

    /**
     * Checks {@code f} at {@code point} with the default step {@value #DEFAULT_STEP}.
     *
     * @param f     builds the output from fresh leaves, one for each coordinate of {@code point}
     * @param point the inputs, at least one
     * @return both gradients and the worst error
     * @throws IllegalArgumentException if {@code point} is empty
     * @throws NullPointerException     if {@code f} or {@code point} is null
     */
    public static Result check(Function<List<Value>, Value> f, double... point) {
        return checkWithStep(f, DEFAULT_STEP, point);
    }

    /**
     * Checks {@code f} at {@code point} with the finite-difference step {@code h} instead of the default.
     *
     * @param f     builds the output from fresh leaves, one for each coordinate of {@code point}
     * @param h     the finite-difference step, finite and &gt; 0
     * @param point the inputs, at least one
     * @return both gradients and the worst error
     * @throws IllegalArgumentException if {@code h} is not finite and positive or {@code point} is empty
     * @throws NullPointerException     if {@code f} or {@code point} is null
     */
    public static Result checkWithStep(Function<List<Value>, Value> f, double h, double... point) {
        Objects.requireNonNull(f, "f == null");
        Objects.requireNonNull(point, "point == null");
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h (" + h + ") must be finite and > 0");
        }
        if (point.length == 0) {
            throw new IllegalArgumentException("point is empty");
        }
        List<Value> leaves = leaves(point);
        f.apply(leaves).backward();
        double[] analytic = new double[point.length];
        double[] numeric = new double[point.length];
        int worst = 0;
        double maxError = -1;
        for (int i = 0; i < point.length; i++) {
            analytic[i] = leaves.get(i).grad();
            double hi = h * Math.max(1.0, Math.abs(point[i]));
            double[] shifted = point.clone();
            double above = point[i] + hi;
            double below = point[i] - hi;
            shifted[i] = above;
            double up = f.apply(leaves(shifted)).data();
            shifted[i] = below;
            double down = f.apply(leaves(shifted)).data();
            numeric[i] = (up - down) / (above - below);        // the step as represented, not as intended
            double scale = Math.max(1.0, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            double error = Math.abs(analytic[i] - numeric[i]) / scale;
            if (!(error <= maxError)) {        // also picks up a NaN error
                maxError = error;
                worst = i;
            }
        }
        return new Result(analytic, numeric, worst, maxError);
    }

    /**
     * Checks {@code f} at {@code point} with the default step and throws when any error exceeds
     * {@code tolerance}. The name says which number is the tolerance: in {@code assertGradientsWithin(f, 1e-8, -1.2)}
     * the point is {@code (-1.2)}.
     *
     * @param f         builds the output from fresh leaves
     * @param tolerance the largest error accepted, such as 1e-6
     * @param point     the inputs
     * @return the result, when it passes
     * @throws AssertionError          if the worst error is above {@code tolerance} or is NaN
     * @throws IllegalArgumentException if {@code point} is empty
     * @throws NullPointerException     if {@code f} or {@code point} is null
     */
    public static Result assertGradientsWithin(Function<List<Value>, Value> f, double tolerance, double... point) {
        Result r = check(f, point);
        if (!(r.maxError() <= tolerance)) {
            throw new AssertionError("gradient check failed (tolerance " + tolerance + "): " + r);
        }
        return r;
    }

    private static List<Value> leaves(double[] point) {
        List<Value> leaves = new ArrayList<>(point.length);
        for (int i = 0; i < point.length; i++) {
            leaves.add(new Value(point[i], "x" + i));
        }
        return leaves;
    }
}
