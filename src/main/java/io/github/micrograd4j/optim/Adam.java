package io.github.micrograd4j.optim;

import io.github.micrograd4j.engine.Value;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with bias correction and
 * decoupled weight decay, which makes it AdamW (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019). At step t = 1, 2, ... each parameter p with gradient g becomes:
 *
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * mhat = m / (1 - beta1^t),  vhat = v / (1 - beta2^t)
 * p = p - lr * (mhat / (sqrt(vhat) + eps) + weightDecay * p)
 * </pre>
 *
 * With {@code weightDecay = 0} (the default) this is plain Adam. The decay is applied to the parameter
 * directly, not added to the gradient: for the classic L2 penalty add {@code Losses.l2} to the loss instead.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * Adam opt = new Adam(model.parameters(), 0.01);
 * System.out.println(opt);   // Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8, weightDecay=0.0)
 * }</pre>
 */
public final class Adam extends GradientOptimizer {

    /** The learning rate used when none is given: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The decay rate of the first moment used when none is given: {@value}. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** The decay rate of the second moment used when none is given: {@value}. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** The term added to the denominator used when none is given: {@value}. */
    public static final double DEFAULT_EPS = 1e-8;
    /** The decoupled weight decay used when none is given: {@value}. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double[] m;
    private final double[] v;
    private int t;

    /**
     * Creates Adam with {@link #DEFAULT_LEARNING_RATE} and the other defaults.
     *
     * @param params the parameters to update (the list is copied)
     * @throws IllegalArgumentException if {@code params} is empty
     * @throws NullPointerException     if {@code params} or an element is null
     */
    public Adam(List<Value> params) {
        this(params, DEFAULT_LEARNING_RATE);
    }

    /**
     * Creates Adam with {@link #DEFAULT_BETA1}, {@link #DEFAULT_BETA2}, {@link #DEFAULT_EPS} and
     * {@link #DEFAULT_WEIGHT_DECAY}.
     *
     * @param params the parameters to update (the list is copied)
     * @param lr     the learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is empty
     * @throws NullPointerException     if {@code params} or an element is null
     */
    public Adam(List<Value> params, double lr) {
        this(params, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * Creates Adam (AdamW when {@code weightDecay > 0}) with every setting given.
     *
     * @param params      the parameters to update (the list is copied)
     * @param lr          the learning rate, finite and &ge; 0
     * @param beta1       the decay rate of the first moment, in [0, 1)
     * @param beta2       the decay rate of the second moment, in [0, 1)
     * @param eps         added to the denominator, finite and &ge; 0
     * @param weightDecay the decoupled weight decay, finite and &ge; 0
     * @throws IllegalArgumentException if a hyper-parameter is out of range, or {@code params} is empty
     * @throws NullPointerException     if {@code params} or an element is null
     */
    public Adam(List<Value> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        this.beta1 = fraction("beta1", beta1);
        this.beta2 = fraction("beta2", beta2);
        this.eps = nonNegative("eps", eps);
        this.weightDecay = nonNegative("weightDecay", weightDecay);
        this.m = new double[this.params.length];
        this.v = new double[this.params.length];
    }

    @Override
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            Value p = params[i];
            double g = p.grad();
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * (g * g);
            double mhat = m[i] / correction1;
            double vhat = v[i] / correction2;
            p.setData(p.data() - lr * (mhat / (Math.sqrt(vhat) + eps) + weightDecay * p.data()));
        }
    }

    /**
     * Returns the number of steps taken so far.
     *
     * @return t
     */
    public int steps() {
        return t;
    }

    /**
     * Returns the settings, such as {@code Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, weightDecay=0.0)}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + ", weightDecay=" + weightDecay + ")";
    }
}
