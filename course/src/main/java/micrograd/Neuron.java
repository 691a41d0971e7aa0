package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One neuron: {@code act(w0 x0 + w1 x1 + ... + b)}, with act = ReLU or nothing (linear). */
public final class Neuron implements Module {

    private final List<Value> w = new ArrayList<>();
    private final Value b;
    private final boolean nonlin;

    /**
     * Task 4.1. Makes a neuron with nin weights drawn as {@code rng.nextDouble() * 2 - 1} in order w0, w1, ...,
     * and bias 0 (micrograd's initialisation).
     *
     * @param nin    the number of inputs
     * @param nonlin true for ReLU, false for a linear neuron
     * @param rng    where the weights come from
     */
    public Neuron(int nin, boolean nonlin, Random rng) {
        throw new UnsupportedOperationException("Task 4.1: draw nin weights rng.nextDouble() * 2 - 1 in order, then the bias 0; remember nonlin");
    }

    /**
     * Task 4.1. Returns {@code act(b + w0 x0 + w1 x1 + ...)}, summed in that order as micrograd's
     * {@code sum(..., self.b)} does.
     *
     * @param x the inputs, one per weight
     * @return the output
     * @throws IllegalArgumentException if x does not have one value per weight
     */
    public Value apply(List<Value> x) {
        throw new UnsupportedOperationException("Task 4.1: return act(b + w0*x0 + w1*x1 + ...), with act = relu if nonlin");
    }

    /** Task 4.1. Returns the weights, then the bias. */
    @Override
    public List<Value> parameters() {
        throw new UnsupportedOperationException("Task 4.1: return the weights, then the bias");
    }

    /** Task 4.1. Returns "ReLUNeuron(nin)" or "LinearNeuron(nin)". */
    @Override
    public String toString() {
        throw new UnsupportedOperationException("Task 4.1: return \"ReLUNeuron(nin)\" or \"LinearNeuron(nin)\"");
    }
}
