package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A multi-layer perceptron: layers one after another, ReLU inside, linear at the end (as in micrograd). */
public final class MLP implements Module {

    private final List<Layer> layers = new ArrayList<>();

    /**
     * Task 4.3. Makes layers of sizes nin -&gt; nouts[0] -&gt; nouts[1] ...; every layer is ReLU but the last,
     * which is linear. The weights are drawn from rng layer after layer.
     *
     * @param rng   where the weights come from
     * @param nin   the number of inputs
     * @param nouts the size of each layer
     */
    public MLP(Random rng, int nin, int... nouts) {
        throw new UnsupportedOperationException("Task 4.3: make the layers nin -> nouts[0] -> nouts[1] ...: ReLU in all but the last, which is linear");
    }

    /**
     * Task 4.3. Returns the outputs of the last layer, each layer feeding the next.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(List<Value> x) {
        throw new UnsupportedOperationException("Task 4.3: feed x through each layer in turn and return the last layer's outputs");
    }

    /**
     * Task 4.3. Returns {@link #apply(List)} of the numbers, each wrapped in a leaf Value.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(double... x) {
        throw new UnsupportedOperationException("Task 4.3: wrap each number in a new Value and apply the list");
    }

    /** Task 4.3. Returns each layer's parameters, layer after layer. */
    @Override
    public List<Value> parameters() {
        throw new UnsupportedOperationException("Task 4.3: return each layer's parameters, layer after layer");
    }

    /** Task 4.3. Returns "MLP of [Layer of [...], Layer of [...]]". */
    @Override
    public String toString() {
        throw new UnsupportedOperationException("Task 4.3: return \"MLP of \" + the list of layers");
    }
}
