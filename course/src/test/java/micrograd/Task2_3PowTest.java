package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task2.3")
@DisplayName("Task 2.3  a ^ k for a constant k          Value.pow")
class Task2_3PowTest {

    @Test
    @Order(1)
    @DisplayName("3^2 = 9 with slope 2 * 3 = 6; 4^-1 = 0.25 with slope -1/16")
    void values() {
        Value a = new Value(3);
        Value p = a.pow(2);
        Expect.exactly("new Value(3).pow(2).data()", 9.0, p.data(), "data = Math.pow(this.data, k)");
        Expect.equal("a.pow(2) has one child, a (the exponent is a constant, not a node)", 1, p.children().size(),
                "new Value[] {this}");
        Expect.same("the child of a.pow(2) is a itself", a, p.children().get(0), "new Value[] {this}");
        Expect.text("the label of a.pow(2), its op()", "**2.0", p.op(),
                "micrograd labels a power \"**\" followed by the exponent: in Java \"**\" + k, which is \"**2.0\" for k = 2.0");
        Expect.exactly("d(a^2)/da at a = 3", 6.0, p.localGrads()[0], "power rule: d(a^k)/da = k * a^(k - 1)");
        Value q = new Value(4).pow(-1);
        Expect.exactly("new Value(4).pow(-1).data()", 0.25, q.data(), "data = Math.pow(this.data, k)");
        Expect.exactly("d(a^-1)/da at a = 4", -1.0 / 16, q.localGrads()[0], "power rule: k * a^(k - 1) = -1 * 4^-2");
    }

    @Test
    @Order(2)
    @DisplayName("the power rule matches nudging for k = 2, 3, -1, 0.5 and -2.5, at 100 random points each")
    void powerRule() {
        for (double k : new double[] {2, 3, -1, 0.5, -2.5}) {
            Checks.localGradsMatchSlopes("a^" + k, 1, 0.1, 4, v -> v[0].pow(k),
                    "power rule: d(a^k)/da = k * Math.pow(a, k - 1)");
        }
    }
}
