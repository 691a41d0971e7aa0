package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;

/**
 * The function a {@link Neuron} applies to its weighted sum. micrograd's neurons are {@link #RELU} (hidden
 * layers) or {@link #LINEAR} (the output layer).
 */
public enum Activation {
    /** {@code max(0, z)}, derivative 1 above 0 and 0 at and below 0. */
    RELU("ReLU") {
        @Override
        public Value apply(Value z) {
            return z.relu();
        }
    },
    /** {@code tanh(z)}, derivative {@code 1 - tanh(z)^2}. */
    TANH("Tanh") {
        @Override
        public Value apply(Value z) {
            return z.tanh();
        }
    },
    /** {@code 1 / (1 + e^-z)}, derivative {@code s(1 - s)}. */
    SIGMOID("Sigmoid") {
        @Override
        public Value apply(Value z) {
            return z.sigmoid();
        }
    },
    /** The identity: the weighted sum itself (no extra node). */
    LINEAR("Linear") {
        @Override
        public Value apply(Value z) {
            return z;
        }
    };

    private final String displayName;

    Activation(String displayName) {
        this.displayName = displayName;
    }

    /**
     * Returns the activation applied to {@code z}, as a new node ({@link #LINEAR} returns {@code z} itself).
     *
     * @param z the weighted sum
     * @return the neuron's output
     */
    public abstract Value apply(Value z);

    /**
     * Returns the name used in a neuron's {@code toString}, such as {@code "ReLU"} in {@code ReLUNeuron(2)}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }
}
