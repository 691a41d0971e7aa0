package micrograd;

import java.util.List;

/**
 * Part 7: Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2015), with microgpt's settings and
 * schedule. Each parameter keeps two running averages, m of its gradients and v of their squares, and moves by
 * {@code lr * mHat / (sqrt(vHat) + EPS)}, with mHat and vHat the averages with their bias corrected (see
 * {@link #step}): steps of about lr whatever the gradient's size, smaller where the gradient keeps changing sign.
 */
public final class Adam {

    /** The learning rate at step 0 (microgpt: 0.01). */
    public static final double LEARNING_RATE = 0.01;
    /** How much of m is kept at each step (microgpt: 0.85). */
    public static final double BETA1 = 0.85;
    /** How much of v is kept at each step (microgpt: 0.99). */
    public static final double BETA2 = 0.99;
    /** Added to sqrt(v) so that a gradient of 0 divides by no 0 (microgpt: 1e-8). */
    public static final double EPS = 1e-8;

    private final List<Value> parameters;
    private final double[] m;
    private final double[] v;

    /**
     * Task 7.1. Makes an optimizer for the parameters, with m and v at 0 for each.
     *
     * @param parameters the parameters, in a fixed order
     */
    public Adam(List<Value> parameters) {
        this.parameters = List.copyOf(parameters);
        m = new double[parameters.size()];
        v = new double[parameters.size()];
    }

    /**
     * Task 7.1. Returns microgpt's learning rate at step k of n: {@link #LEARNING_RATE} times {@code 1 - k / n},
     * falling in a straight line to 0 (a division of doubles: k and n are ints).
     *
     * @param k the step, from 0
     * @param n the number of steps
     * @return the learning rate
     */
    public static double learningRate(int k, int n) {
        return LEARNING_RATE * (1 - (double) k / n);
    }

    /**
     * Task 7.1. One step of Adam at step k of n, then every grad back to 0. For each parameter p with gradient g:
     * {@code m = BETA1 m + (1 - BETA1) g}, {@code v = BETA2 v + (1 - BETA2) g^2}; the bias corrections
     * {@code mHat = m / (1 - BETA1^(k + 1))} and {@code vHat = v / (1 - BETA2^(k + 1))};
     * {@code p -= learningRate(k, n) * mHat / (sqrt(vHat) + EPS)}.
     *
     * @param k the step, from 0
     * @param n the number of steps
     */
    public void step(int k, int n) {
        double lr = learningRate(k, n);
        for (int i = 0; i < parameters.size(); i++) {
            Value p = parameters.get(i);
            double g = p.grad();
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * (g * g);
            double mHat = m[i] / (1 - Math.pow(BETA1, k + 1));
            double vHat = v[i] / (1 - Math.pow(BETA2, k + 1));
            p.setData(p.data() - lr * mHat / (Math.sqrt(vHat) + EPS));
            p.setGrad(0);
        }
    }

    @Override
    public String toString() {
        return "Adam(lr=" + LEARNING_RATE + ", beta1=" + BETA1 + ", beta2=" + BETA2 + ", eps=" + EPS + ")";
    }
}
