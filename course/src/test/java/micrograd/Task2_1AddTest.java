package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task2.1")
@DisplayName("Task 2.1  a + b                           Value.add")
class Task2_1AddTest {

    @Test
    @Order(1)
    @DisplayName("a.add(b) holds a + b and remembers a and b, in order")
    void forward() {
        Value a = new Value(2);
        Value b = new Value(-3);
        Value c = a.add(b);
        Expect.exactly("a.add(b).data() with a = 2, b = -3 is a + b", -1.0, c.data(), "data = this.data + other.data");
        Expect.equal("a.add(b) has two children", 2, c.children().size(), "new Value[] {this, other}");
        Expect.same("the first child of a.add(b) is a itself", a, c.children().get(0),
                "children {this, other}: the graph links to the very objects, so their grads can be set later");
        Expect.same("the second child of a.add(b) is b itself", b, c.children().get(1), "children {this, other}");
        Expect.text("the label of a.add(b), its op()", "+", c.op(), Checks.LABELS);
    }

    @Test
    @Order(2)
    @DisplayName("a + b moves one for one with a and with b: local derivatives 1 and 1")
    void local() {
        double[] local = new Value(2).add(new Value(-3)).localGrads();
        Expect.equal("a.add(b) records two local derivatives", 2, local.length, "new double[] {.., ..}");
        Expect.exactly("d(a + b)/da", 1.0, local[0], "nudge a by h and a + b moves by h: slope 1");
        Expect.exactly("d(a + b)/db", 1.0, local[1], "nudge b by h and a + b moves by h: slope 1");
        Checks.localGradsMatchSlopes("a + b", 2, -5, 5, v -> v[0].add(v[1]), "the local derivatives of + are {1, 1}");
    }

    @Test
    @Order(3)
    @DisplayName("a.add(3.0) wraps the constant in a new leaf Value, as micrograd does")
    void constant() {
        Value a = new Value(2);
        Value c = a.add(3.0);
        Expect.exactly("a.add(3.0).data() with a = 2", 5.0, c.data(), "add(double) is add(new Value(other))");
        Expect.equal("a.add(3.0) has two children: a and a leaf holding 3", 2, c.children().size(),
                "micrograd: other = other if isinstance(other, Value) else Value(other)");
        Expect.exactly("the second child of a.add(3.0) holds the constant", 3.0, c.children().get(1).data(),
                "return add(new Value(other))");
    }
}
