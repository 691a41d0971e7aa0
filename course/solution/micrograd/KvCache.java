package micrograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * microgpt's KV cache, one of its two lists {@code keys} and {@code values}: for each layer, the vector (a key, or a
 * value) of every position seen so far, in order. A GPT reads one token at a time; attention at position t looks
 * back at the vectors of positions 0 to t, so each position adds its own before it attends. Start a new cache for
 * each name.
 *
 * <p>Given: nothing to write here.
 */
public final class KvCache {

    private final List<List<List<Value>>> layers = new ArrayList<>();

    /**
     * Makes an empty cache.
     *
     * @param nLayer the number of layers
     */
    public KvCache(int nLayer) {
        for (int i = 0; i < nLayer; i++) {
            layers.add(new ArrayList<>());
        }
    }

    /**
     * Appends the vector of the next position to a layer's list.
     *
     * @param layer  the layer
     * @param vector the key (or value) of the position being read
     */
    public void add(int layer, List<Value> vector) {
        layers.get(layer).add(vector);
    }

    /**
     * Returns a layer's vectors, one per position so far, in order.
     *
     * @param layer the layer
     * @return an unmodifiable view: {@code get(layer).get(t)} is position t's vector
     */
    public List<List<Value>> get(int layer) {
        return Collections.unmodifiableList(layers.get(layer));
    }
}
