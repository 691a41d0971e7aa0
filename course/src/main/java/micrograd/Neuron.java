package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One neuron: {@code act(b + w0 x0 + w1 x1 + ...)}, with act = ReLU or nothing (linear). */
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
     * Task 4.1. Returns {@code act(b + w0 x0 + w1 x1 + ...)}.
     *
     * <p>The order of the sum: micrograd's {@code sum((wi*xi for ...), self.b)} starts from b and adds
     * w0 x0, then w1 x1, ... In exact arithmetic the order does not matter; in doubles it changes the result
     * only in its last bits, because each addition rounds ({@code (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)}).
     * The course's checks allow for that (Task 5.3 compares losses to 1e-9 relative, not bit for bit), so another
     * order passes too. Starting from b makes your forward pass micrograd4j's, operation for operation, so Task
     * 5.3's first loss is the library's to the last bit. The later losses depend on the gradients as well, and a
     * gradient is a sum in the order backward reaches a node's uses: the library's topological order visits each
     * node's children last to first. With the README's Task 3.1 loop (children first to last) 10 of Task 5.3's
     * 100 losses are the library's to the last bit and the others agree to 2e-14 relative; visit the children last
     * to first (child number {@code children.length - 1 - i}) and all 100 are the library's to the last bit.
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
