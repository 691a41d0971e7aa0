package micrograd;

import java.util.List;

/** Stochastic gradient descent, micrograd's way: walk every parameter a step downhill. */
public final class SGD {

    private SGD() {
    }

    /**
     * Task 5.2. Returns micrograd's learning rate at step k of n: 1.0 at k = 0, falling in a straight line by 0.9
     * over the n steps (so it would reach 0.1 at k = n; the last step, k = n - 1, is just above). Mind Java's
     * arithmetic: k and n are ints.
     *
     * @param k the step, from 0
     * @param n the number of steps
     * @return the learning rate
     */
    public static double learningRate(int k, int n) {
        return 1.0 - 0.9 * k / n;
    }

    /**
     * Task 5.2. Moves every parameter against its gradient: {@code p.data -= lr * p.grad}.
     *
     * @param parameters the parameters
     * @param lr         the learning rate
     */
    public static void step(List<Value> parameters, double lr) {
        for (Value p : parameters) {
            p.setData(p.data() - lr * p.grad());
        }
    }
}
