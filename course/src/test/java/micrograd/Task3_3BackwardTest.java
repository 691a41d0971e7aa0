package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task3.3")
@DisplayName("Task 3.3  backpropagation                 Value.backward")
class Task3_3BackwardTest {

    static final String HINT = "grad = 1 on the node you call backward() on, then propagate() every node of"
            + " topologicalOrder(), from the last to the first";

    @Test
    @Order(1)
    @DisplayName("Karpathy's L = (a * b + c) * f: every grad by the chain rule")
    void spelledOut() {
        Value a = new Value(2);
        Value b = new Value(-3);
        Value c = new Value(10);
        Value f = new Value(-2);
        Value e = a.mul(b);
        Value d = e.add(c);
        Value l = d.mul(f);
        l.backward();
        Expect.exactly("L.data() = (2 * -3 + 10) * -2", -8.0, l.data(), "the forward pass of Part 2");
        Expect.exactly("L.grad(): dL/dL", 1.0, l.grad(), HINT);
        Expect.exactly("f.grad() = dL/df = d", 4.0, f.grad(), HINT);
        Expect.exactly("d.grad() = dL/dd = f", -2.0, d.grad(), HINT);
        Expect.exactly("c.grad() = dL/dd * dd/dc = f * 1", -2.0, c.grad(), HINT);
        Expect.exactly("e.grad() = dL/dd * dd/de = f * 1", -2.0, e.grad(), HINT);
        Expect.exactly("a.grad() = dL/de * de/da = f * b", 6.0, a.grad(), HINT);
        Expect.exactly("b.grad() = dL/de * de/db = f * a", -4.0, b.grad(), HINT);
    }

    @Test
    @Order(2)
    @DisplayName("micrograd's trap: a = 1, b = a + a, c = b + b gives a.grad = 4")
    void accumulation() {
        Value a = new Value(1);
        Value b = a.add(a);
        Value c = b.add(b);
        c.backward();
        Expect.exactly("b.grad() for c = b + b: b is used twice", 2.0, b.grad(),
                "child.grad += ..., never =: a node used twice collects both contributions");
        Expect.exactly("a.grad() for c = (a + a) + (a + a): c = 4a", 4.0, a.grad(),
                "+= in propagate(), and b must be complete (grad 2) before it passes on: reverse topological order");
    }

    @Test
    @Order(3)
    @DisplayName("the root's grad is 1 after any number of passes: backward sets it, it does not add to it")
    void rootIsSet() {
        Value x = new Value(3);
        Value y = x.mul(x);
        y.backward();
        y.backward();
        Expect.exactly("y.grad() after two backward() passes of y = x * x: dy/dy", 1.0, y.grad(),
                "grad = 1 on the root, not grad += 1: dy/dy is 1 however many passes ran (only the grads"
                        + " propagate() passes down add up)");
    }

    @Test
    @Order(4)
    @DisplayName("a neuron: o = tanh(x1 w1 + x2 w2 + b) from Karpathy's lecture")
    void neuron() {
        Value x1 = new Value(2);
        Value x2 = new Value(0);
        Value w1 = new Value(-3);
        Value w2 = new Value(1);
        Value b = new Value(6.8813735870195432);
        Value o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
        o.backward();
        Expect.close("o.data()", Math.sqrt(0.5), o.data(), 1e-9, "tanh(0.8813735870195432) = 1/sqrt(2)");
        Expect.close("x1.grad() = (1 - o^2) * w1", -1.5, x1.grad(), 1e-9, HINT);
        Expect.close("w1.grad() = (1 - o^2) * x1", 1.0, w1.grad(), 1e-9, HINT);
        Expect.close("x2.grad() = (1 - o^2) * w2", 0.5, x2.grad(), 1e-9, HINT);
        Expect.close("w2.grad() = (1 - o^2) * x2", 0.0, w2.grad(), 1e-9, HINT);
    }

    @Test
    @Order(5)
    @DisplayName("every operation's gradient matches nudging, at 100 random points each")
    void random() {
        Checks.gradientsMatchSlopes("a - b", 2, -3, 3, v -> v[0].sub(v[1]), "sub is add(other.neg()): " + HINT);
        Checks.gradientsMatchSlopes("a / b", 2, 0.5, 3, v -> v[0].div(v[1]), "div is mul(other.pow(-1)): " + HINT);
        Checks.gradientsMatchSlopes("-(a * b) + c", 3, -3, 3, v -> v[0].mul(v[1]).neg().add(v[2]), HINT);
        Checks.gradientsMatchSlopes("tanh(a * b + c)", 3, -2, 2, v -> v[0].mul(v[1]).add(v[2]).tanh(), HINT);
        Checks.gradientsMatchSlopes("relu(a) * exp(b) / a^2", 2, -2, 2,
                v -> v[0].relu().mul(v[1].exp()).div(v[0].pow(2)), HINT);
        Checks.gradientsMatchSlopes("(a * b + b * c) * (a - c)", 3, -2, 2,
                v -> v[0].mul(v[1]).add(v[1].mul(v[2])).mul(v[0].sub(v[2])), HINT);
        Checks.gradientsMatchSlopes("a * a * a - 2 / a", 1, 0.2, 3, v -> v[0].mul(v[0]).mul(v[0]).sub(v[0].pow(-1).mul(2)), HINT);
    }

    @Test
    @Order(6)
    @DisplayName("backward() through a chain 100,000 nodes deep")
    void deepChain() {
        Value x = new Value(1);
        Value zero = new Value(0);
        Value root = Checks.chain(x, zero, 100_000);
        Checks.onSmallStack("backward()", () -> {
            root.backward();
            return root;
        });
        Expect.exactly("x.grad() for x + 0 + 0 + ... (100,000 adds)", 1.0, x.grad(),
                "each + passes its grad on unchanged: " + HINT);
        Expect.exactly("the shared 0 leaf's grad: it is added 100,000 times", 100_000.0, zero.grad(),
                "+= in propagate(): each use adds 1");
    }
}
