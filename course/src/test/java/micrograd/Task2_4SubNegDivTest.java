package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task2.4")
@DisplayName("Task 2.4  -a, a - b, a / b over + * pow   Value.neg, sub, div")
class Task2_4SubNegDivTest {

    /** Added to the hints of the label checks: the label may come from add or mul, not from the method here. */
    static final String LABEL = "; if yours does call that, look at the label your add() or mul() gives its node:"
            + " micrograd's ops are \"+\" and \"*\", not \"add\" and \"mul\" (Tasks 2.1 and 2.2)";

    @Test
    @Order(1)
    @DisplayName("the values: -3, 5 - 3, 5 - 0.5, 6 / 4, 6 / 0.5")
    void values() {
        Expect.exactly("new Value(3).neg().data()", -3.0, new Value(3).neg().data(), "neg() is mul(-1)");
        Expect.exactly("new Value(5).sub(new Value(3)).data()", 2.0, new Value(5).sub(new Value(3)).data(),
                "sub(other) is add(other.neg())");
        Expect.exactly("new Value(5).sub(0.5).data()", 4.5, new Value(5).sub(0.5).data(), "sub(c) is add(-c)");
        Expect.exactly("new Value(6).div(new Value(4)).data()", 1.5, new Value(6).div(new Value(4)).data(),
                "div(other) is mul(other.pow(-1))");
        Expect.exactly("new Value(6).div(0.5).data()", 12.0, new Value(6).div(0.5).data(),
                "div(c) is mul(Math.pow(c, -1))");
    }

    @Test
    @Order(2)
    @DisplayName("-a is a * -1: a \"*\" node whose children are a and a leaf holding -1")
    void negIsMul() {
        Value a = new Value(3);
        Value n = a.neg();
        Expect.text("the operation of a.neg() (micrograd: self * -1)", "*", n.op(),
                "write neg() as mul(-1): no new local derivative needed, * already has one" + LABEL);
        Expect.same("the first child of a.neg() is a", a, n.children().get(0), "mul(-1)");
        Expect.exactly("the second child of a.neg() holds -1", -1.0, n.children().get(1).data(), "mul(-1)");
    }

    @Test
    @Order(3)
    @DisplayName("a - b is a + (-b): a \"+\" node whose second child is b * -1")
    void subIsAddNeg() {
        Value a = new Value(5);
        Value b = new Value(3);
        Value d = a.sub(b);
        Expect.text("the operation of a.sub(b) (micrograd: self + (-other))", "+", d.op(),
                "add(other.neg())" + LABEL);
        Expect.same("the first child of a.sub(b) is a", a, d.children().get(0), "add(other.neg())");
        Value negB = d.children().get(1);
        Expect.text("the second child of a.sub(b) is b.neg(), a \"*\" node", "*", negB.op(), "add(other.neg())" + LABEL);
        Expect.same("... whose first child is b", b, negB.children().get(0), "add(other.neg())");
    }

    @Test
    @Order(4)
    @DisplayName("a / b is a * b^-1: a \"*\" node whose second child is b.pow(-1)")
    void divIsMulPow() {
        Value a = new Value(6);
        Value b = new Value(4);
        Value q = a.div(b);
        Expect.text("the operation of a.div(b) (micrograd: self * other**-1)", "*", q.op(),
                "mul(other.pow(-1))" + LABEL);
        Expect.same("the first child of a.div(b) is a", a, q.children().get(0), "mul(other.pow(-1))");
        Value inv = q.children().get(1);
        Expect.exactly("the second child of a.div(b) is b^-1 = 0.25", 0.25, inv.data(), "mul(other.pow(-1))");
        Expect.same("... made from b by pow", b, inv.children().get(0), "mul(other.pow(-1))");
    }
}
