package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A layer: nout neurons that all see the same inputs. */
public final class Layer implements Module {

    private final List<Neuron> neurons = new ArrayList<>();

    /**
     * Task 4.2. Makes nout neurons of nin inputs each, drawing their weights from rng one neuron after another.
     *
     * @param nin    the number of inputs
     * @param nout   the number of neurons (outputs)
     * @param nonlin true for ReLU neurons, false for linear ones
     * @param rng    where the weights come from
     */
    public Layer(int nin, int nout, boolean nonlin, Random rng) {
        for (int i = 0; i < nout; i++) {
            neurons.add(new Neuron(nin, nonlin, rng));
        }
    }

    /**
     * Task 4.2. Returns one output per neuron.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(List<Value> x) {
        List<Value> out = new ArrayList<>();
        for (Neuron n : neurons) {
            out.add(n.apply(x));
        }
        return out;
    }

    /** Task 4.2. Returns each neuron's parameters, neuron after neuron. */
    @Override
    public List<Value> parameters() {
        List<Value> p = new ArrayList<>();
        for (Neuron n : neurons) {
            p.addAll(n.parameters());
        }
        return p;
    }

    /** Task 4.2. Returns "Layer of [ReLUNeuron(2), ReLUNeuron(2)]". */
    @Override
    public String toString() {
        return "Layer of " + neurons;
    }
}
