package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Linear;
import io.github.micrograd4j.engine.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * One neuron: {@code act(b + sum(w_i * x_i))}, with weights drawn uniformly from [-1, 1) and bias 0, as in
 * micrograd.
 *
 * <p>The sum is one node, a one-row {@link Linear} layer over the neuron's own weights, with a ReLU fused in:
 * the same value and gradients as micrograd's chain of {@code mul}, {@code add} and {@code relu}, with
 * {@code 2n + 1} fewer nodes.
 */
public final class Neuron implements Module {

    private final Value[] w;
    private final Value b;
    private final Activation activation;
    private final Linear linear;
    private final Parameters parameters;

    /**
     * Creates a ReLU neuron with weights from a fresh unseeded generator.
     *
     * @param nin the number of inputs, &gt; 0
     * @throws IllegalArgumentException if {@code nin <= 0}
     */
    public Neuron(int nin) {
        this(nin, true);
    }

    /**
     * Creates a neuron with weights from a fresh unseeded generator.
     *
     * @param nin    the number of inputs, &gt; 0
     * @param nonlin true for ReLU, false for linear
     * @throws IllegalArgumentException if {@code nin <= 0}
     */
    public Neuron(int nin, boolean nonlin) {
        this(nin, nonlin, new Random());
    }

    /**
     * Creates a neuron whose weights are {@code rng.nextDouble() * 2 - 1}, drawn in order w0, w1, ...
     *
     * @param nin    the number of inputs, &gt; 0
     * @param nonlin true for ReLU, false for linear
     * @param rng    the source of the initial weights ({@link Random} or any other generator)
     * @throws IllegalArgumentException if {@code nin <= 0}
     * @throws NullPointerException     if {@code rng} is null
     */
    public Neuron(int nin, boolean nonlin, RandomGenerator rng) {
        this(nin, nonlin ? Activation.RELU : Activation.LINEAR, Init.UNIFORM, rng);
    }

    /**
     * Creates a neuron with any activation and initialisation, whose weights are
     * {@code (rng.nextDouble() * 2 - 1) * init.scale(nin)}, drawn in order w0, w1, ...: for example a linear neuron
     * {@code new Neuron(3, Activation.LINEAR, Init.UNIFORM, rng)}.
     *
     * @param nin        the number of inputs, &gt; 0
     * @param activation the function applied to the weighted sum
     * @param init       how the weights are drawn
     * @param rng        the source of the initial weights
     * @throws IllegalArgumentException if {@code nin <= 0}
     * @throws NullPointerException     if an argument is null
     */
    public Neuron(int nin, Activation activation, Init init, RandomGenerator rng) {
        if (nin <= 0) {
            throw new IllegalArgumentException("nin (" + nin + ") must be > 0");
        }
        this.activation = Objects.requireNonNull(activation, "activation == null");
        double scale = Objects.requireNonNull(init, "init == null").scale(nin);
        Objects.requireNonNull(rng, "rng == null");
        this.w = new Value[nin];
        for (int i = 0; i < nin; i++) {
            w[i] = new Value((rng.nextDouble() * 2 - 1) * scale);
        }
        this.b = new Value(0.0);
        Value[] all = Arrays.copyOf(w, nin + 1);
        all[nin] = b;
        this.parameters = new Parameters(Arrays.asList(all));
        this.linear = new Linear(new Value[][] {w}, new Value[] {b}, activation == Activation.RELU);
    }

    /** The neuron's weights (its own array: the layer that holds it builds its node over them). */
    Value[] weights() {
        return w;
    }

    /** The neuron's bias. */
    Value bias() {
        return b;
    }

    /**
     * Returns {@code act(b + sum(w_i * x_i))}.
     *
     * @param x the inputs, one for each weight
     * @return the output node
     * @throws IllegalArgumentException if {@code x.size() != nin()}
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public Value apply(List<Value> x) {
        Value z = linear.apply(x).get(0);                            // (Linear checks x)
        return activation == Activation.RELU ? z : activation.apply(z);   // a ReLU is in the layer's node
    }

    /**
     * Returns {@code act(b + sum(w_i * x_i))} for plain numbers, each wrapped as a new leaf.
     *
     * @param x the inputs, one for each weight
     * @return the output node
     * @throws IllegalArgumentException if {@code x.length != nin()}
     * @throws NullPointerException     if {@code x} is null
     */
    public Value apply(double... x) {
        return apply(Arrays.asList(Inputs.leaves(x, w.length)));
    }

    /**
     * Returns the number of inputs.
     *
     * @return nin
     */
    public int nin() {
        return w.length;
    }

    /**
     * Returns the activation.
     *
     * @return the function applied to the weighted sum
     */
    public Activation activation() {
        return activation;
    }

    /**
     * Returns the weights then the bias.
     *
     * @return an unmodifiable list of {@code nin() + 1} values
     */
    @Override
    public List<Value> parameters() {
        return parameters.list;
    }

    /** Sets every parameter's gradient to 0. */
    @Override
    public void zeroGrad() {
        parameters.zeroGrad();
    }

    /**
     * Returns micrograd's description, such as {@code ReLUNeuron(2)} or {@code LinearNeuron(16)}.
     *
     * @return the activation's name, "Neuron" and the number of inputs
     */
    @Override
    public String toString() {
        return activation.displayName() + "Neuron(" + w.length + ")";
    }
}
