package micrograd;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task4.1")
@DisplayName("Task 4.1  a neuron                        Neuron")
class Task4_1NeuronTest {

    static final String INIT = "micrograd's init: for each of the nin weights, in order, new Value(rng.nextDouble()"
            + " * 2 - 1); then the bias new Value(0)";

    @Test
    @Order(1)
    @DisplayName("weights rng.nextDouble() * 2 - 1 in order w0, w1, w2, then bias 0: parameters() lists them so")
    void init() {
        Neuron n = new Neuron(3, true, new Random(42));
        List<Value> p = n.parameters();
        Expect.equal("new Neuron(3, ...).parameters().size(): three weights and a bias", 4, p.size(),
                "parameters() returns the weights, then the bias");
        Random same = new Random(42);
        for (int i = 0; i < 3; i++) {
            Expect.exactly("weight w" + i + " of new Neuron(3, true, new Random(42))", same.nextDouble() * 2 - 1,
                    p.get(i).data(), INIT);
        }
        Expect.exactly("the bias (the last parameter)", 0.0, p.get(3).data(), INIT);
        Expect.same("parameters() returns the neuron's own Values, not copies", p.get(0), n.parameters().get(0),
                "keep the weights in a field and return those objects: training changes them in place");
    }

    @Test
    @Order(2)
    @DisplayName("a neuron draws exactly nin numbers from rng")
    void draws() {
        Random rng = new Random(5);
        new Neuron(4, true, rng);
        Random same = new Random(5);
        for (int i = 0; i < 4; i++) {
            same.nextDouble();
        }
        Expect.exactly("the next number of rng after new Neuron(4, true, rng)", same.nextDouble(), rng.nextDouble(),
                "one rng.nextDouble() per weight, none for the bias: " + INIT);
    }

    @Test
    @Order(3)
    @DisplayName("apply: relu(b + w0 x0 + w1 x1 + w2 x2), or no relu for a linear neuron")
    void apply() {
        for (boolean nonlin : new boolean[] {true, false}) {
            for (int seed = 0; seed < 20; seed++) {
                Neuron n = new Neuron(3, nonlin, new Random(seed));
                n.parameters().get(3).setData(0.25);   // a bias of 0 would hide a sum that leaves b out
                double[] w = Checks.data(n.parameters());
                double[] x = {0.5, -1.5, 2.0};
                double sum = w[3] + w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
                double expected = nonlin ? Math.max(0, sum) : sum;
                Expect.close((nonlin ? "a ReLU" : "a linear") + " neuron's output for x = (0.5, -1.5, 2), bias 0.25",
                        expected, n.apply(List.of(Checks.leaves(x))).data(), 1e-12,
                        "start the sum from b: act = b, then act = act + wi*xi for each i; then act.relu() if"
                                + " nonlin, else act itself");
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("gradients flow to the weights: dout/dw_i = x_i where the neuron is on")
    void gradients() {
        Neuron n = new Neuron(2, false, new Random(3));
        Value x0 = new Value(1.5);
        Value x1 = new Value(-2);
        n.apply(List.of(x0, x1)).backward();
        List<Value> p = n.parameters();
        Expect.exactly("w0.grad() of a linear neuron's output, x0 = 1.5", 1.5, p.get(0).grad(),
                "build the output from the weight Values themselves (w.get(i).mul(x.get(i))), so backward reaches them");
        Expect.exactly("w1.grad(), x1 = -2", -2.0, p.get(1).grad(), "d(w1 x1)/dw1 = x1");
        Expect.exactly("b.grad()", 1.0, p.get(2).grad(), "the bias is added: its slope is 1");
        Expect.exactly("x0.grad() = w0", p.get(0).data(), x0.grad(), "d(w0 x0)/dx0 = w0");
    }

    @Test
    @Order(5)
    @DisplayName("toString: ReLUNeuron(3), LinearNeuron(16)")
    void names() {
        Expect.equal("new Neuron(3, true, rng).toString()", "ReLUNeuron(3)",
                new Neuron(3, true, new Random(1)).toString(), "(nonlin ? \"ReLU\" : \"Linear\") + \"Neuron(\" + nin + \")\"");
        Expect.equal("new Neuron(16, false, rng).toString()", "LinearNeuron(16)",
                new Neuron(16, false, new Random(1)).toString(), "(nonlin ? \"ReLU\" : \"Linear\") + \"Neuron(\" + nin + \")\"");
    }

    @Test
    @Order(6)
    @DisplayName("an input of the wrong length is refused with a message naming both lengths")
    void wrongLength() {
        Throwable e = catchThrowable(() -> new Neuron(3, true, new Random(1)).apply(List.of(new Value(1))));
        Expect.that(e instanceof IllegalArgumentException && e.getMessage() != null
                        && e.getMessage().contains("1") && e.getMessage().contains("3"),
                "apply() with 1 input to a 3-input neuron", "an IllegalArgumentException naming both lengths, 1 and 3",
                e == null ? "no exception" : e.toString(),
                "if (x.size() != w.size()) throw new IllegalArgumentException(\"x.size() (\" + x.size() + \") != nin (\" + w.size() + \")\")");
    }
}
