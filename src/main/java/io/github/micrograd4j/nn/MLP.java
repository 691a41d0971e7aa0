package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A multi-layer perceptron, micrograd's {@code MLP}: layers applied one after the other. The micrograd constructors
 * make ReLU hidden layers and a linear output layer.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * System.out.println(model);                    // MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]
 * System.out.println(model.parameters().size()); // 337
 * Value score = model.apply(0.5, -1.0).get(0);  // the outputs, here one
 * }</pre>
 *
 * <p>The constructors take their arguments in one order: sizes, activations, initialisation, random generator
 * (micrograd's seeded {@code MLP(rng, nin, nouts...)} keeps its own). To save a trained model see the
 * {@code io} package.
 */
public final class MLP implements Module {

    private final Layer[] layers;
    private final Parameters parameters;

    /**
     * Creates micrograd's MLP (ReLU hidden layers, linear output) with weights from a fresh unseeded generator.
     *
     * @param nin   the number of inputs, &gt; 0
     * @param nouts the size of each layer, at least one, each &gt; 0
     * @throws IllegalArgumentException if a size is not positive or {@code nouts} is empty
     */
    public MLP(int nin, int... nouts) {
        this(new Random(), nin, nouts);
    }

    /**
     * Creates micrograd's MLP (ReLU hidden layers, linear output) with weights drawn from {@code rng} in
     * {@link #parameters()} order, so a seeded model is reproducible.
     *
     * @param rng   the source of the initial weights
     * @param nin   the number of inputs, &gt; 0
     * @param nouts the size of each layer, at least one, each &gt; 0
     * @throws IllegalArgumentException if a size is not positive or {@code nouts} is empty
     * @throws NullPointerException     if {@code rng} or {@code nouts} is null
     */
    public MLP(RandomGenerator rng, int nin, int... nouts) {
        this(nin, nouts, Activation.RELU, Activation.LINEAR, Init.UNIFORM, rng);
    }

    /**
     * Creates an MLP with any hidden and output activation and initialisation, its weights drawn from {@code rng}
     * in {@link #parameters()} order; for example EurekaLabs micrograd's
     * {@code new MLP(2, new int[] {8, 3}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, rng)}.
     *
     * @param nin    the number of inputs, &gt; 0
     * @param nouts  the size of each layer, at least one, each &gt; 0
     * @param hidden the activation of every layer but the last
     * @param output the activation of the last layer
     * @param init   how the weights are drawn
     * @param rng    the source of the initial weights
     * @throws IllegalArgumentException if a size is not positive or {@code nouts} is empty
     * @throws NullPointerException     if an argument is null
     */
    public MLP(int nin, int[] nouts, Activation hidden, Activation output, Init init, RandomGenerator rng) {
        this(layers(nin, nouts, hidden, output, init, rng));
    }

    /**
     * Creates an MLP of the given layers, in order (each layer's inputs the previous layer's outputs), as PyTorch's
     * {@code nn.Sequential}; the layers are shared, not copied.
     *
     * @param layers the layers, at least one
     * @throws IllegalArgumentException if there are no layers, or a layer's {@code nin()} is not the previous
     *                                  layer's {@code nout()}
     * @throws NullPointerException     if {@code layers} or a layer is null
     */
    public MLP(List<Layer> layers) {
        Objects.requireNonNull(layers, "layers == null");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers is empty: an MLP needs at least one layer");
        }
        this.layers = layers.toArray(new Layer[0]);
        List<Value> params = new ArrayList<>();
        for (int i = 0; i < this.layers.length; i++) {
            Layer layer = Objects.requireNonNull(this.layers[i], "layers contains null");
            if (i > 0 && layer.nin() != this.layers[i - 1].nout()) {
                throw new IllegalArgumentException("layers[" + i + "].nin() (" + layer.nin() + ") != layers["
                        + (i - 1) + "].nout() (" + this.layers[i - 1].nout() + ")");
            }
            params.addAll(layer.parameters());
        }
        this.parameters = new Parameters(params);
    }

    private static List<Layer> layers(int nin, int[] nouts, Activation hidden, Activation output, Init init,
            RandomGenerator rng) {
        Objects.requireNonNull(nouts, "nouts == null");
        Objects.requireNonNull(hidden, "hidden == null");
        Objects.requireNonNull(output, "output == null");
        Objects.requireNonNull(init, "init == null");
        Objects.requireNonNull(rng, "rng == null");
        if (nin <= 0) {
            throw new IllegalArgumentException("nin (" + nin + ") must be > 0");
        }
        if (nouts.length == 0) {
            throw new IllegalArgumentException("nouts is empty: an MLP needs at least one layer");
        }
        for (int i = 0; i < nouts.length; i++) {
            if (nouts[i] <= 0) {
                throw new IllegalArgumentException("nouts[" + i + "] (" + nouts[i] + ") must be > 0");
            }
        }
        List<Layer> layers = new ArrayList<>(nouts.length);
        int in = nin;
        for (int i = 0; i < nouts.length; i++) {
            layers.add(new Layer(in, nouts[i], i == nouts.length - 1 ? output : hidden, init, rng));
            in = nouts[i];
        }
        return layers;
    }

    /**
     * Returns the outputs of the last layer for inputs that are already values.
     *
     * @param x the inputs, {@code nin()} of them
     * @return the outputs, an unmodifiable list
     * @throws IllegalArgumentException if {@code x.size() != nin()} (the message names both)
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public List<Value> apply(List<Value> x) {
        for (Layer layer : layers) {                   // the first checks x (its size, no null), as Linear does
            x = layer.apply(x);
        }
        return x;
    }

    /**
     * Returns the outputs of the last layer for plain numbers, each wrapped as a new leaf.
     *
     * @param x the inputs, {@code nin()} of them
     * @return the outputs, an unmodifiable list
     * @throws IllegalArgumentException if {@code x.length != nin()} (the message names both)
     * @throws NullPointerException     if {@code x} is null
     */
    public List<Value> apply(double... x) {
        return apply(Arrays.asList(Inputs.leaves(x, nin())));
    }

    /**
     * Returns the number of inputs.
     *
     * @return the first layer's {@code nin()}
     */
    public int nin() {
        return layers[0].nin();
    }

    /**
     * Returns the layers in order.
     *
     * @return an unmodifiable list
     */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /**
     * Returns every layer's parameters in order: layer by layer, neuron by neuron, weights then bias.
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

    /**
     * Returns {@code MLP of [<layers>]}, as micrograd prints it.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "MLP of " + Arrays.toString(layers);
    }
}
