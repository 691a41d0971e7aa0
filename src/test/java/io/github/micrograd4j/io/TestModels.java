package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Layer;
import io.github.micrograd4j.nn.MLP;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Models for the file-format tests: an MLP with any activation in each layer, weights from {@code Random(0)}. */
final class TestModels {

    private TestModels() {
    }

    static MLP mlp(int nin, int[] nouts, Activation[] activations) {
        Random rng = new Random(0);
        List<Layer> layers = new ArrayList<>();
        int in = nin;
        for (int i = 0; i < nouts.length; i++) {
            layers.add(new Layer(in, nouts[i], activations[i], Init.UNIFORM, rng));
            in = nouts[i];
        }
        return new MLP(layers);
    }
}
