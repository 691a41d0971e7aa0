package io.github.micrograd4j.io;

import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Layer;
import io.github.micrograd4j.nn.Neuron;
import java.util.List;

/** A layer's parameters as the file formats store them: the weights as an [out, in] matrix, row after row, and the biases. */
final class Layers {

    private Layers() {
    }

    /** Returns the weights of each neuron, neuron after neuron: {@code w[j * nin + i]}. */
    static double[] weights(Layer layer) {
        int nin = layer.nin();
        List<Neuron> neurons = layer.neurons();
        double[] w = new double[neurons.size() * nin];
        for (int j = 0; j < neurons.size(); j++) {
            List<Value> p = neurons.get(j).parameters();         // a neuron's weights, then its bias
            for (int i = 0; i < nin; i++) {
                w[j * nin + i] = p.get(i).data();
            }
        }
        return w;
    }

    /** Returns each neuron's bias. */
    static double[] biases(Layer layer) {
        List<Neuron> neurons = layer.neurons();
        double[] b = new double[neurons.size()];
        for (int j = 0; j < b.length; j++) {
            b[j] = neurons.get(j).parameters().get(layer.nin()).data();
        }
        return b;
    }
}
