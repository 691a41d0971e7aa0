package micrograd;

/**
 * Part 1: derivatives worked out by hand, with the rules of calculus (the tests compare them with your
 * central differences). These are the first examples of Karpathy's "spelled-out intro to neural networks".
 */
public final class ByHand {

    private ByHand() {
    }

    /**
     * Task 1.3. Returns the derivative of {@code f(x) = 3x^2 - 4x + 5}.
     *
     * @param x the input
     * @return f'(x) = 6x - 4
     */
    public static double polynomial(double x) {
        throw new UnsupportedOperationException("Task 1.3: return the derivative of 3x^2 - 4x + 5 at x (power rule, term by term)");
    }

    /**
     * Task 1.3. Returns the gradient of {@code d = a * b + c}.
     *
     * @param a the first input
     * @param b the second input
     * @param c the third input
     * @return {dd/da, dd/db, dd/dc} = {b, a, 1}
     */
    public static double[] product(double a, double b, double c) {
        throw new UnsupportedOperationException("Task 1.3: return {dd/da, dd/db, dd/dc} for d = a * b + c");
    }

    /**
     * Task 1.3. Returns the derivative of {@code tanh(x)^2} by the chain rule: the outer square's slope 2u times the
     * inner tanh's slope 1 - tanh(x)^2.
     *
     * @param x the input
     * @return 2 tanh(x) (1 - tanh(x)^2)
     */
    public static double tanhSquared(double x) {
        throw new UnsupportedOperationException("Task 1.3: return the derivative of tanh(x)^2 (chain rule: the outer slope times the inner slope)");
    }
}
