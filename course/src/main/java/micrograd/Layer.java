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
        throw new UnsupportedOperationException("Task 4.2: make nout neurons, one after another, all drawing from rng");
    }

    /**
     * Task 4.2. Returns one output per neuron.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(List<Value> x) {
        throw new UnsupportedOperationException("Task 4.2: return one output per neuron");
    }

    /** Task 4.2. Returns each neuron's parameters, neuron after neuron. */
    @Override
    public List<Value> parameters() {
        throw new UnsupportedOperationException("Task 4.2: return each neuron's parameters, neuron after neuron");
    }

    /** Task 4.2. Returns "Layer of [ReLUNeuron(2), ReLUNeuron(2)]". */
    @Override
    public String toString() {
        throw new UnsupportedOperationException("Task 4.2: return \"Layer of \" + the list of neurons");
    }
}
