package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Linear;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A layer of {@code nout} neurons that all see the same {@code nin} inputs, micrograd's {@code Layer}. Applied to
 * inputs, it makes one layer-level node of the engine ({@link Linear}), whose outputs are the neurons' outputs, with
 * a ReLU fused in (a tanh or sigmoid is a node of its own after it).
 */
public final class Layer implements Module {

    private final Neuron[] neurons;
    private final Parameters parameters;
    private final Linear linear;

    /**
     * Creates a layer of ReLU neurons with weights from a fresh unseeded generator.
     *
     * @param nin  the number of inputs, &gt; 0
     * @param nout the number of neurons, &gt; 0
     * @throws IllegalArgumentException if a size is not positive
     */
    public Layer(int nin, int nout) {
        this(nin, nout, true, new Random());
    }

    /**
     * Creates a layer whose neurons draw their weights from {@code rng}, neuron after neuron.
     *
     * @param nin    the number of inputs, &gt; 0
     * @param nout   the number of neurons, &gt; 0
     * @param nonlin true for ReLU neurons, false for linear ones
     * @param rng    the source of the initial weights
     * @throws IllegalArgumentException if a size is not positive
     * @throws NullPointerException     if {@code rng} is null
     */
    public Layer(int nin, int nout, boolean nonlin, RandomGenerator rng) {
        this(nin, nout, nonlin ? Activation.RELU : Activation.LINEAR, Init.UNIFORM, rng);
    }

    /**
     * Creates a layer with any activation and initialisation, its neurons drawing their weights from {@code rng}
     * neuron after neuron: for example a linear output layer
     * {@code new Layer(16, 1, Activation.LINEAR, Init.UNIFORM, rng)}.
     *
     * @param nin        the number of inputs, &gt; 0
     * @param nout       the number of neurons, &gt; 0
     * @param activation the neurons' activation
     * @param init       how the weights are drawn
     * @param rng        the source of the initial weights
     * @throws IllegalArgumentException if a size is not positive
     * @throws NullPointerException     if an argument is null
     */
    public Layer(int nin, int nout, Activation activation, Init init, RandomGenerator rng) {
        if (nin <= 0) {
            throw new IllegalArgumentException("nin (" + nin + ") must be > 0");
        }
        if (nout <= 0) {
            throw new IllegalArgumentException("nout (" + nout + ") must be > 0");
        }
        Objects.requireNonNull(activation, "activation == null");
        Objects.requireNonNull(init, "init == null");
        Objects.requireNonNull(rng, "rng == null");
        this.neurons = new Neuron[nout];
        List<Value> params = new ArrayList<>(nout * (nin + 1));
        for (int j = 0; j < nout; j++) {
            neurons[j] = new Neuron(nin, activation, init, rng);
            params.addAll(neurons[j].parameters());
        }
        this.parameters = new Parameters(params);
        Value[][] w = new Value[nout][];
        Value[] b = new Value[nout];
        for (int j = 0; j < nout; j++) {
            w[j] = neurons[j].weights();
            b[j] = neurons[j].bias();
        }
        this.linear = new Linear(w, b, activation == Activation.RELU);
    }

    /**
     * Returns one output per neuron.
     *
     * @param x the inputs, {@code nin()} of them
     * @return an unmodifiable list of {@code nout()} values
     * @throws IllegalArgumentException if {@code x.size() != nin()}
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public List<Value> apply(List<Value> x) {
        List<Value> out = linear.apply(x);       // one layer-level node, a ReLU fused in; it checks x
        Activation act = activation();
        if (act == Activation.RELU || act == Activation.LINEAR) {
            return out;
        }
        Value[] activated = new Value[out.size()];
        for (int j = 0; j < activated.length; j++) {
            activated[j] = act.apply(out.get(j));
        }
        return Collections.unmodifiableList(Arrays.asList(activated));
    }

    /**
     * Returns one output per neuron for plain numbers, each wrapped as a new leaf.
     *
     * @param x the inputs, {@code nin()} of them
     * @return an unmodifiable list of {@code nout()} values
     * @throws IllegalArgumentException if {@code x.length != nin()}
     * @throws NullPointerException     if {@code x} is null
     */
    public List<Value> apply(double... x) {
        return apply(Arrays.asList(Inputs.leaves(x, nin())));
    }

    /**
     * Returns the number of inputs.
     *
     * @return nin
     */
    public int nin() {
        return neurons[0].nin();
    }

    /**
     * Returns the number of neurons (outputs).
     *
     * @return nout
     */
    public int nout() {
        return neurons.length;
    }

    /**
     * Returns the neurons' activation.
     *
     * @return the activation shared by every neuron of this layer
     */
    public Activation activation() {
        return neurons[0].activation();
    }

    /**
     * Returns the neurons in order.
     *
     * @return an unmodifiable list
     */
    public List<Neuron> neurons() {
        return List.of(neurons);
    }

    /**
     * Returns each neuron's weights then bias, neuron after neuron.
     *
     * @return an unmodifiable list
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

    @Override
    public String toString() {
        return "Layer of " + Arrays.toString(neurons);
    }
}
