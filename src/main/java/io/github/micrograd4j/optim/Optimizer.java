package io.github.micrograd4j.optim;

/**
 * Updates parameters from their gradients. A training step is: forward, loss, {@link #zeroGrad()},
 * {@code loss.backward()}, {@link #step()}.
 */
public interface Optimizer {

    /** Updates every parameter once from its current gradient. */
    void step();

    /** Sets the gradient of every parameter to 0. */
    void zeroGrad();
}
