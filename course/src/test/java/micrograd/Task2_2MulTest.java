package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task2.2")
@DisplayName("Task 2.2  a * b                           Value.mul")
class Task2_2MulTest {

    @Test
    @Order(1)
    @DisplayName("a.mul(b) holds a * b and remembers a and b, in order")
    void forward() {
        Value a = new Value(2);
        Value b = new Value(-3);
        Value c = a.mul(b);
        Expect.exactly("a.mul(b).data() with a = 2, b = -3 is a * b", -6.0, c.data(), "data = this.data * other.data");
        Expect.equal("a.mul(b) has two children", 2, c.children().size(), "new Value[] {this, other}");
        Expect.same("the first child of a.mul(b) is a itself", a, c.children().get(0), "children {this, other}");
        Expect.same("the second child of a.mul(b) is b itself", b, c.children().get(1), "children {this, other}");
        Expect.text("the label of a.mul(b), its op()", "*", c.op(), Checks.LABELS);
    }

    @Test
    @Order(2)
    @DisplayName("d(a * b)/da = b and d(a * b)/db = a")
    void local() {
        double[] local = new Value(2).mul(new Value(-3)).localGrads();
        Expect.equal("a.mul(b) records two local derivatives", 2, local.length, "new double[] {.., ..}");
        Expect.exactly("d(a * b)/da with a = 2, b = -3 is b", -3.0, local[0],
                "nudge a by h and a * b moves by b * h: the slope is the other factor");
        Expect.exactly("d(a * b)/db with a = 2, b = -3 is a", 2.0, local[1], "the slope is the other factor, a");
        Checks.localGradsMatchSlopes("a * b", 2, -5, 5, v -> v[0].mul(v[1]),
                "the local derivatives of * are {other.data, this.data}");
    }

    @Test
    @Order(3)
    @DisplayName("a.mul(a): both children are a, each with slope a")
    void square() {
        Value a = new Value(-4);
        Value c = a.mul(a);
        Expect.exactly("a.mul(a).data() with a = -4", 16.0, c.data(), "data = this.data * other.data");
        double[] local = c.localGrads();
        Expect.exactly("the first local derivative of a.mul(a) with a = -4", -4.0, local[0], "{other.data, this.data}");
        Expect.exactly("the second local derivative of a.mul(a) with a = -4", -4.0, local[1], "{other.data, this.data}");
    }

    @Test
    @Order(4)
    @DisplayName("a.mul(2.5) wraps the constant in a new leaf Value")
    void constant() {
        Value c = new Value(2).mul(2.5);
        Expect.exactly("new Value(2).mul(2.5).data()", 5.0, c.data(), "mul(double) is mul(new Value(other))");
        Expect.equal("a.mul(2.5) has two children: a and a leaf holding 2.5", 2, c.children().size(),
                "return mul(new Value(other))");
    }
}
