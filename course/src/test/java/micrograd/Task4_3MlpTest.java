package micrograd;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task4.3")
@DisplayName("Task 4.3  a multi-layer perceptron        MLP, Module.zeroGrad")
class Task4_3MlpTest {

    @Test
    @Order(1)
    @DisplayName("MLP(rng, 2, 3, 1) prints as micrograd's; MLP(rng, 2, 16, 16, 1) ends in one linear neuron and has 337 parameters")
    void moonsModel() {
        Expect.text("new MLP(rng, 2, 3, 1).toString()",
                "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]",
                new MLP(new Random(1337), 2, 3, 1).toString(),
                "\"MLP of \" + layers; ReLU in every layer but the last, which is linear");
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        String s = model.toString();
        Expect.text("the last layer of new MLP(rng, 2, 16, 16, 1).toString(), from its last \"Layer of \"",
                "Layer of [LinearNeuron(16)]]", s.substring(Math.max(0, s.lastIndexOf("Layer of "))),
                "the last layer has nouts[nouts.length - 1] = 1 linear neuron with nouts[nouts.length - 2] = 16 inputs");
        Expect.equal("new MLP(rng, 2, 16, 16, 1).parameters().size(): 16*(2+1) + 16*(16+1) + 1*(16+1)", 337,
                model.parameters().size(), "collect each layer's parameters(), in order");
    }

    @Test
    @Order(2)
    @DisplayName("the layers are made in order from one rng; each feeds the next; the last is linear")
    void layers() {
        for (int seed = 0; seed < 10; seed++) {
            MLP model = new MLP(new Random(seed), 2, 3, 1);
            Random same = new Random(seed);
            Layer hidden = new Layer(2, 3, true, same);
            Layer last = new Layer(3, 1, false, same);
            List<Value> x = List.of(new Value(0.7), new Value(-1.2));
            double expected = last.apply(hidden.apply(x)).get(0).data();
            Expect.exactly("new MLP(new Random(" + seed + "), 2, 3, 1).apply(x) for x = (0.7, -1.2)", expected,
                    model.apply(x).get(0).data(),
                    "in = nin; for each i: layers.add(new Layer(in, nouts[i], i != nouts.length - 1, rng)), then"
                            + " in = nouts[i]; apply: x = layer.apply(x) for each layer in turn");
            Expect.exactly("apply(0.7, -1.2) (doubles) = apply(List of Values)", expected,
                    model.apply(0.7, -1.2).get(0).data(), "wrap each double in new Value(x_i), then apply the list");
        }
    }

    @Test
    @Order(3)
    @DisplayName("parameters() in micrograd's order: layer after layer, neuron after neuron, weights then bias")
    void order() {
        double[] p = Checks.data(new MLP(new Random(4), 2, 2, 1).parameters());
        Random same = new Random(4);
        double[] expected = new double[9];
        int[] biases = {2, 5, 8};
        for (int i = 0, b = 0; i < 9; i++) {
            if (b < 3 && i == biases[b]) {
                b++;
            } else {
                expected[i] = same.nextDouble() * 2 - 1;
            }
        }
        Expect.equal("new MLP(new Random(4), 2, 2, 1).parameters()", Checks.show(expected), Checks.show(p),
                "layer 1 (neuron 0: w0 w1 b, neuron 1: w0 w1 b), then layer 2 (w0 w1 b)");
    }

    @Test
    @Order(4)
    @DisplayName("zeroGrad() sets every parameter's grad to 0")
    void zeroGrad() {
        MLP model = new MLP(new Random(2), 2, 4, 1);
        model.apply(1.0, 2.0).get(0).mul(3.0).backward();
        Expect.that(model.parameters().stream().anyMatch(p -> p.grad() != 0), "backward() reaches the parameters",
                "some parameter with a grad", "all grads 0", "build outputs from the parameter Values themselves");
        model.zeroGrad();
        for (Value p : model.parameters()) {
            Expect.exactly("a parameter's grad after model.zeroGrad()", 0.0, p.grad(),
                    "Module.zeroGrad(): Value.zeroGrad(parameters()) (Task 3.4)");
        }
    }
}
