package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/**
 * Something with trainable parameters, like micrograd's {@code Module} (and PyTorch's {@code nn.Module}).
 */
public interface Module {

    /**
     * Returns the trainable parameters in a fixed order (for an {@link MLP}: layer by layer, neuron by neuron,
     * weights then bias). The list is unmodifiable; the values in it are the live parameters.
     *
     * @return the parameters
     */
    List<Value> parameters();

    /** Sets the gradient of every parameter to 0; call it before each {@code backward()} of a training step. */
    default void zeroGrad() {
        for (Value p : parameters()) {
            p.setGrad(0.0);
        }
    }

    /**
     * Returns a copy of the parameters' values, in {@link #parameters()} order.
     *
     * @return a new array of {@code parameters().size()} values
     */
    default double[] parameterValues() {
        List<Value> params = parameters();
        double[] values = new double[params.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = params.get(i).data();
        }
        return values;
    }

    /**
     * Sets every parameter's value from an array in {@link #parameters()} order, as {@link #parameterValues()}
     * returns it. Gradients are left alone. Nothing changes when the length is wrong.
     *
     * @param values one value for each parameter
     * @throws NullPointerException     if {@code values} is null
     * @throws IllegalArgumentException if {@code values.length != parameters().size()}
     */
    default void setParameterValues(double[] values) {
        Objects.requireNonNull(values, "values == null");
        List<Value> params = parameters();
        if (values.length != params.size()) {
            throw new IllegalArgumentException(
                    "values.length (" + values.length + ") != number of parameters (" + params.size() + ")");
        }
        for (int i = 0; i < values.length; i++) {
            params.get(i).setData(values[i]);
        }
    }
}
