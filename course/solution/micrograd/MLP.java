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
        int in = nin;
        for (int i = 0; i < nouts.length; i++) {
            layers.add(new Layer(in, nouts[i], i != nouts.length - 1, rng));
            in = nouts[i];
        }
    }

    /**
     * Task 4.3. Returns the outputs of the last layer, each layer feeding the next.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(List<Value> x) {
        for (Layer layer : layers) {
            x = layer.apply(x);
        }
        return x;
    }

    /**
     * Task 4.3. Returns {@link #apply(List)} of the numbers, each wrapped in a leaf Value.
     *
     * @param x the inputs
     * @return the outputs
     */
    public List<Value> apply(double... x) {
        List<Value> in = new ArrayList<>();
        for (double xi : x) {
            in.add(new Value(xi));
        }
        return apply(in);
    }

    /** Task 4.3. Returns each layer's parameters, layer after layer. */
    @Override
    public List<Value> parameters() {
        List<Value> p = new ArrayList<>();
        for (Layer layer : layers) {
            p.addAll(layer.parameters());
        }
        return p;
    }

    /** Task 4.3. Returns "MLP of [Layer of [...], Layer of [...]]". */
    @Override
    public String toString() {
        return "MLP of " + layers;
    }
}
