package io.github.micrograd4j.optim;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/** What every optimizer here shares: its parameters, a learning rate that may change, and argument checks. */
abstract class GradientOptimizer implements Optimizer {

    final Value[] params;
    double lr;

    GradientOptimizer(List<Value> params, double lr) {
        this.lr = nonNegative("lr", lr);
        Objects.requireNonNull(params, "params == null");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params is empty: nothing to optimise");
        }
        this.params = params.toArray(new Value[0]);
        for (Value p : this.params) {
            Objects.requireNonNull(p, "params contains null");
        }
    }

    @Override
    public void zeroGrad() {
        for (Value p : params) {
            p.setGrad(0.0);
        }
    }

    /**
     * Returns the learning rate.
     *
     * @return lr
     */
    public double learningRate() {
        return lr;
    }

    /**
     * Sets the learning rate for the following steps, for schedules such as micrograd's
     * {@code lr = 1.0 - 0.9 * k / 100}.
     *
     * @param lr the new learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if {@code lr} is negative or not finite (the old rate is kept)
     */
    public void setLearningRate(double lr) {
        this.lr = nonNegative("lr", lr);
    }

    /** Returns {@code x} when it is finite and {@code >= 0}. */
    static double nonNegative(String name, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " (" + x + ") must be finite and >= 0");
        }
        return x;
    }

    /** Returns {@code x} when it is in [0, 1). */
    static double fraction(String name, double x) {
        if (!(x >= 0 && x < 1)) {
            throw new IllegalArgumentException(name + " (" + x + ") must be in [0, 1)");
        }
        return x;
    }
}
