package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task3.2")
@DisplayName("Task 3.2  one chain-rule step, +=         Value.propagate")
class Task3_2PropagateTest {

    @Test
    @Order(1)
    @DisplayName("c = a * b with c.grad = 2: a gets 2 * b, b gets 2 * a")
    void chainRule() {
        Value a = new Value(3);
        Value b = new Value(-4);
        Value c = a.mul(b);
        c.setGrad(2);
        c.propagate();
        Expect.exactly("a.grad() after c.propagate(), c = a * b, c.grad = 2, b = -4", -8.0, a.grad(),
                "chain rule: child.grad += localGrads[i] * grad, here d(c)/da * c.grad = b * 2");
        Expect.exactly("b.grad() after c.propagate(), c = a * b, c.grad = 2, a = 3", 6.0, b.grad(),
                "chain rule: child.grad += localGrads[i] * grad, here a * 2");
    }

    @Test
    @Order(2)
    @DisplayName("grads add up: propagating twice gives twice the grad")
    void adds() {
        Value a = new Value(3);
        Value c = a.mul(5.0);
        c.setGrad(1);
        c.propagate();
        c.propagate();
        Expect.exactly("a.grad() after c.propagate() twice, c = a * 5", 10.0, a.grad(),
                "+=, never =: each contribution is added to what the child already has");
    }

    @Test
    @Order(3)
    @DisplayName("micrograd's trap: b = a + a gives a.grad = 2, not 1")
    void usedTwice() {
        Value a = new Value(1);
        Value b = a.add(a);
        b.setGrad(1);
        b.propagate();
        Expect.exactly("a.grad() after (a + a).propagate(): a is both children", 2.0, a.grad(),
                "child.grad += localGrads[i] * grad; with = the second child (a again) overwrites the first's 1"
                        + " (micrograd's bug #1, fixed by +=)");
    }

    @Test
    @Order(4)
    @DisplayName("a leaf has nothing to pass on; the node's own grad stays")
    void leaf() {
        Value a = new Value(7);
        a.setGrad(3);
        a.propagate();
        Expect.exactly("a.grad() after a leaf's propagate()", 3.0, a.grad(),
                "propagate() changes only the children's grads: for (int i = 0; i < children.length; i++) ...");
    }
}
