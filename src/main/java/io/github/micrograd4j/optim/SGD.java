package io.github.micrograd4j.optim;

import io.github.micrograd4j.engine.Value;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum and weight decay, with PyTorch's update rule:
 *
 * <pre>
 * g = grad + weightDecay * p
 * b = momentum * b + g           (b starts at 0, so the first step uses b = g)
 * p = p - lr * (momentum == 0 ? g : b)
 * </pre>
 *
 * The learning rate may change between steps ({@link #setLearningRate(double)}), for schedules such as
 * micrograd's {@code lr = 1.0 - 0.9 * k / 100}.
 */
public final class SGD extends GradientOptimizer {

    /** The momentum used when none is given: {@value} (plain gradient descent). */
    public static final double DEFAULT_MOMENTUM = 0.0;
    /** The weight decay used when none is given: {@value}. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;

    private final double momentum;
    private final double weightDecay;
    private final double[] velocity;

    /**
     * Creates plain gradient descent, with {@link #DEFAULT_MOMENTUM} and {@link #DEFAULT_WEIGHT_DECAY}.
     *
     * @param params the parameters to update (the list is copied)
     * @param lr     the learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is empty
     * @throws NullPointerException     if {@code params} or an element is null
     */
    public SGD(List<Value> params, double lr) {
        this(params, lr, DEFAULT_MOMENTUM, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * Creates gradient descent with momentum and weight decay.
     *
     * @param params      the parameters to update (the list is copied)
     * @param lr          the learning rate, finite and &ge; 0
     * @param momentum    the momentum factor, finite and &ge; 0
     * @param weightDecay the L2 factor added to each gradient, finite and &ge; 0
     * @throws IllegalArgumentException if a hyper-parameter is out of range, or {@code params} is empty
     * @throws NullPointerException     if {@code params} or an element is null
     */
    public SGD(List<Value> params, double lr, double momentum, double weightDecay) {
        super(params, lr);
        this.momentum = nonNegative("momentum", momentum);
        this.weightDecay = nonNegative("weightDecay", weightDecay);
        this.velocity = momentum == 0 ? null : new double[this.params.length];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.length; i++) {
            Value p = params[i];
            double g = p.grad() + weightDecay * p.data();
            if (velocity != null) {
                velocity[i] = momentum * velocity[i] + g;
                g = velocity[i];
            }
            p.setData(p.data() - lr * g);
        }
    }

    /**
     * Returns the settings, such as {@code SGD(lr=0.1, momentum=0.9, weightDecay=0.0)}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "SGD(lr=" + lr + ", momentum=" + momentum + ", weightDecay=" + weightDecay + ")";
    }
}
