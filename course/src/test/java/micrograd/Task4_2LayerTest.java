package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task4.2")
@DisplayName("Task 4.2  a layer of neurons              Layer")
class Task4_2LayerTest {

    @Test
    @Order(1)
    @DisplayName("a layer is nout neurons made one after another from the same rng")
    void neurons() {
        Layer layer = new Layer(2, 3, true, new Random(9));
        Random same = new Random(9);
        List<Neuron> neurons = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            neurons.add(new Neuron(2, true, same));
        }
        List<Value> x = List.of(new Value(0.3), new Value(-0.8));
        List<Value> out = layer.apply(x);
        Expect.equal("new Layer(2, 3, ...).apply(x).size(): one output per neuron", 3, out.size(),
                "for each neuron: out.add(neuron.apply(x))");
        for (int i = 0; i < 3; i++) {
            Expect.exactly("output " + i + " of the layer = neuron " + i + ".apply(x)",
                    neurons.get(i).apply(x).data(), out.get(i).data(),
                    "make the neurons in order with new Neuron(nin, nonlin, rng), all drawing from the same rng");
        }
    }

    @Test
    @Order(2)
    @DisplayName("parameters(): neuron after neuron, each its weights then its bias")
    void parameters() {
        Layer layer = new Layer(2, 3, false, new Random(10));
        double[] p = Checks.data(layer.parameters());
        Expect.equal("new Layer(2, 3, ...).parameters().size(): 3 neurons of 2 weights and a bias", 9, p.length,
                "collect each neuron's parameters(), in order");
        Random same = new Random(10);
        for (int i = 0; i < 9; i++) {
            double expected = i % 3 == 2 ? 0.0 : same.nextDouble() * 2 - 1;
            Expect.exactly("parameter " + i + " of new Layer(2, 3, false, new Random(10))", expected, p[i],
                    "parameters: w0, w1, b of neuron 0, then of neuron 1, ... (micrograd's order)");
        }
    }

    @Test
    @Order(3)
    @DisplayName("toString: Layer of [ReLUNeuron(2), ReLUNeuron(2)]")
    void name() {
        Expect.equal("new Layer(2, 2, true, rng).toString()", "Layer of [ReLUNeuron(2), ReLUNeuron(2)]",
                new Layer(2, 2, true, new Random(1)).toString(), "\"Layer of \" + neurons (a List prints as [a, b])");
    }
}
