package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A multi-layer perceptron: layers applied in sequence, as in micrograd. The micrograd-compatible constructors
 * make ReLU hidden layers and a linear output layer.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * System.out.println(model);                    // MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]
 * System.out.println(model.parameters().size()); // 337
 * Value score = model.applyAsValue(0.5, -1.0);      // the only output; apply(...) returns the list
 * }</pre>
 *
 * <p>A trained model can be saved to a text file and loaded back, bit for bit: see {@link #save(Path)}.
 */
public final class MLP implements Module {

    private final Layer[] layers;
    private final List<Value> parameters;

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
        this(rng, Activation.RELU, Activation.LINEAR, Init.UNIFORM, nin, nouts);
    }

    /**
     * Creates an MLP with any hidden and output activation and initialisation, for example EurekaLabs
     * micrograd's {@code new MLP(rng, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, 2, 8, 3)}.
     *
     * @param rng        the source of the initial weights
     * @param hidden     the activation of every layer but the last
     * @param output     the activation of the last layer
     * @param init       how the weights are drawn
     * @param nin        the number of inputs, &gt; 0
     * @param nouts      the size of each layer, at least one, each &gt; 0
     * @throws IllegalArgumentException if a size is not positive or {@code nouts} is empty
     * @throws NullPointerException     if an argument is null
     */
    public MLP(RandomGenerator rng, Activation hidden, Activation output, Init init, int nin, int... nouts) {
        Objects.requireNonNull(rng, "rng == null");
        Objects.requireNonNull(hidden, "hidden == null");
        Objects.requireNonNull(output, "output == null");
        Objects.requireNonNull(init, "init == null");
        Activation[] activations = new Activation[checkSizes(nin, nouts).length];
        Arrays.fill(activations, hidden);
        activations[activations.length - 1] = output;
        this.layers = build(rng, init, nin, nouts, activations);
        this.parameters = collect(layers);
    }

    /** Builds a model of a known architecture (for loading), with placeholder weights. */
    MLP(int nin, int[] nouts, Activation[] activations) {
        checkSizes(nin, nouts);
        this.layers = build(new Random(0), Init.UNIFORM, nin, nouts, activations);
        this.parameters = collect(layers);
    }

    private static int[] checkSizes(int nin, int[] nouts) {
        Objects.requireNonNull(nouts, "nouts == null");
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
        return nouts;
    }

    private static Layer[] build(RandomGenerator rng, Init init, int nin, int[] nouts, Activation[] activations) {
        Layer[] layers = new Layer[nouts.length];
        int in = nin;
        for (int i = 0; i < nouts.length; i++) {
            layers[i] = new Layer(in, nouts[i], activations[i], init, rng);
            in = nouts[i];
        }
        return layers;
    }

    private static List<Value> collect(Layer[] layers) {
        List<Value> params = new ArrayList<>();
        for (Layer layer : layers) {
            params.addAll(layer.parameters());
        }
        return Collections.unmodifiableList(params);
    }

    /**
     * Returns the outputs of the last layer for inputs that are already values.
     *
     * @param x the inputs, {@code nin()} of them
     * @return an unmodifiable list of the last layer's outputs
     * @throws IllegalArgumentException if {@code x.size() != nin()}
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public List<Value> apply(List<Value> x) {
        Objects.requireNonNull(x, "x == null");
        return forward(x);
    }

    /**
     * Returns the outputs of the last layer for plain numbers, each wrapped as a new leaf.
     *
     * @param x the inputs, {@code nin()} of them
     * @return an unmodifiable list of the last layer's outputs
     * @throws IllegalArgumentException if {@code x.length != nin()}
     * @throws NullPointerException     if {@code x} is null
     */
    public List<Value> apply(double... x) {
        return forward(Arrays.asList(Inputs.leaves(x, nin())));
    }

    /**
     * Returns the only output of a one-output model (a score, a regression value) for plain numbers, so
     * callers need no {@code apply(x).get(0)}. The name follows {@code java.util.function}'s
     * {@code applyAsDouble}: the same forward pass, with the result as one {@link Value}.
     *
     * <pre>{@code
     * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
     * Value score = model.applyAsValue(0.5, -1.0);
     * }</pre>
     *
     * @param x the inputs, {@code nin()} of them
     * @return the last layer's single output
     * @throws IllegalStateException    if the last layer has more than one output (the message says how many:
     *                                  use {@link #apply(double...)} for a list)
     * @throws IllegalArgumentException if {@code x.length != nin()}
     * @throws NullPointerException     if {@code x} is null
     */
    public Value applyAsValue(double... x) {
        checkOneOutput();
        return forward(Arrays.asList(Inputs.leaves(x, nin()))).get(0);
    }

    /**
     * Returns the only output of a one-output model for inputs that are already values: {@link #apply(List)}
     * without the {@code .get(0)}.
     *
     * @param x the inputs, {@code nin()} of them
     * @return the last layer's single output
     * @throws IllegalStateException    if the last layer has more than one output
     * @throws IllegalArgumentException if {@code x.size() != nin()}
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public Value applyAsValue(List<Value> x) {
        checkOneOutput();
        return apply(x).get(0);
    }

    private void checkOneOutput() {
        int nout = layers[layers.length - 1].nout();
        if (nout != 1) {
            throw new IllegalStateException("applyAsValue needs a model with one output, this one has " + nout
                    + ": use apply(...) for the list of outputs");
        }
    }

    private List<Value> forward(List<Value> x) {
        Objects.requireNonNull(x, "x == null");
        Inputs.check(x, nin());
        for (Layer layer : layers) {
            x = layer.apply(x);
        }
        return x;
    }

    /**
     * Returns the number of inputs.
     *
     * @return nin
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
        return parameters;
    }

    /**
     * Writes the architecture and every parameter to a text file, replacing it atomically: the new content
     * goes to a temporary file in the same directory that is then moved over {@code file}, so a crash never
     * leaves a half-written model behind. The format (UTF-8, one item a line):
     *
     * <pre>
     * micrograd4j-mlp 1
     * nin 2
     * layer 16 RELU
     * layer 16 RELU
     * layer 1 LINEAR
     * parameters 337
     * 0.2364471982489339
     * ...                        (one per parameter, in parameters() order, Double.toString)
     * end
     * crc32 1c291ca3             (CRC-32 of all the bytes above, 8 hex digits)
     * </pre>
     *
     * Values round-trip bit for bit, including -0.0, subnormals and infinities.
     *
     * @param file where to write
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        ModelFile.write(this, file);
    }

    /**
     * Reads a model written by {@link #save(Path)}, with its architecture and parameters.
     *
     * @param file the model file
     * @return a new model equal, bit for bit, to the one saved
     * @throws IOException if the file cannot be read, or is truncated, malformed or corrupted (the message says
     *                     which line and why, or that the checksum does not match)
     */
    public static MLP load(Path file) throws IOException {
        ModelFile m = ModelFile.read(file);
        MLP model = new MLP(m.nin(), m.nouts(), m.activations());
        model.setParameterValues(m.values());
        return model;
    }

    /**
     * Replaces this model's parameters with those saved in {@code file}, which must hold the same architecture.
     * The file is read and checked in full first: on any error the model is unchanged.
     *
     * @param file the model file
     * @throws IOException if the file cannot be read, is truncated, malformed or corrupted, or holds another
     *                     architecture
     */
    public void loadParameters(Path file) throws IOException {
        ModelFile m = ModelFile.read(file);
        String expected = ModelFile.architecture(this);
        String found = m.architecture();
        if (!expected.equals(found)) {
            throw new IOException(file + ": architecture " + found + " does not match this model's " + expected);
        }
        setParameterValues(m.values());
    }

    /**
     * Returns micrograd's description, such as {@code MLP of [Layer of [ReLUNeuron(2), ...], ...]}.
     *
     * @return a description of the layers
     */
    @Override
    public String toString() {
        return "MLP of " + Arrays.toString(layers);
    }
}
