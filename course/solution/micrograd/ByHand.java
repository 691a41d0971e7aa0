package micrograd;

/**
 * Part 1: derivatives worked out by hand, with the rules of calculus (the tests compare them with your
 * central differences). These are the first examples of Karpathy's "spelled-out intro to neural networks".
 */
public final class ByHand {

    private ByHand() {
    }

    /**
     * Task 1.3. Returns the derivative of {@code f(x) = 3x^2 - 4x + 5} at x, worked out with the rules of
     * calculus (not by nudging: the test compares your formula with your {@code Derivatives.slope}).
     *
     * @param x the input
     * @return f'(x)
     */
    public static double polynomial(double x) {
        return 6 * x - 4;
    }

    /**
     * Task 1.3. Returns the gradient of {@code d = a * b + c}: for each input, how far d moves when that input
     * moves by 1 and the other two stay put.
     *
     * @param a the first input
     * @param b the second input
     * @param c the third input
     * @return {dd/da, dd/db, dd/dc}, in that order
     */
    public static double[] product(double a, double b, double c) {
        return new double[] {b, a, 1};
    }

    /**
     * Task 1.3. Returns the derivative of {@code tanh(x)^2} by the chain rule: write it as {@code u^2} with
     * {@code u = tanh(x)}. The slope of tanh itself is a known result you may look up (the README's row for
     * Task 2.5 has it); the point here is how the chain rule combines the outer and the inner slope.
     *
     * @param x the input
     * @return d(tanh(x)^2)/dx
     */
    public static double tanhSquared(double x) {
        double t = Math.tanh(x);
        return 2 * t * (1 - t * t);
    }
}
