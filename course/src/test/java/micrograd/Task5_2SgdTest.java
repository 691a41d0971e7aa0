package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task5.2")
@DisplayName("Task 5.2  the SGD step and its schedule   SGD")
class Task5_2SgdTest {

    @Test
    @Order(1)
    @DisplayName("micrograd's schedule: 1.0 at the start, 0.55 halfway, 0.109 at the last of 100 steps")
    void schedule() {
        int[] ks = {0, 50, 99};
        for (int k : ks) {
            Expect.close("SGD.learningRate(" + k + ", 100)", 1.0 - 0.9 * k / 100, SGD.learningRate(k, 100), 1e-12,
                    scheduleHint(SGD.learningRate(k, 100), 1.0 - 0.9 * (k / 100)));
        }
        Expect.close("SGD.learningRate(10, 20): halfway through 20 steps", 0.55, SGD.learningRate(10, 20), 1e-12,
                scheduleHint(SGD.learningRate(10, 20), 1.0 - 0.9 * (10 / 20)) + "; n is the number of steps, not"
                        + " always 100");
    }

    /** The schedule's formula, and Java's int division if that is what the learner's rate looks like. */
    static String scheduleHint(double got, double withIntDivision) {
        String formula = "micrograd: lr = 1.0 - 0.9 * k / n";
        return got == withIntDivision
                ? formula + ". Yours looks like 1.0 - 0.9 * (k / n): k and n are ints, and in Java an int divided"
                        + " by an int is an int, rounded down (50 / 100 == 0), so the rate stays 1.0 until k = n."
                        + " Let a double come first: 0.9 * k / n (0.9 * k is a double), or (double) k / n"
                : formula + " (careful in Java: k and n are ints, and k / n alone would be int division, 50 / 100"
                        + " == 0)";
    }

    @Test
    @Order(2)
    @DisplayName("a step moves each parameter against its gradient: p.data -= lr * p.grad")
    void step() {
        Value a = new Value(1);
        Value b = new Value(-2);
        a.setGrad(2);
        b.setGrad(-0.5);
        SGD.step(List.of(a, b), 0.25);
        Expect.exactly("a.data() after a step from 1 with grad 2, lr 0.25", 0.5, a.data(),
                "p.setData(p.data() - lr * p.grad()): downhill is against the gradient");
        Expect.exactly("b.data() after a step from -2 with grad -0.5, lr 0.25", -1.875, b.data(),
                "p.setData(p.data() - lr * p.grad())");
        Expect.exactly("a.grad() after the step: the step does not touch grads", 2.0, a.grad(),
                "only data changes; zeroing is the training loop's job (zeroGrad)");
    }

    @Test
    @Order(3)
    @DisplayName("one small step lowers the loss")
    void downhill() {
        Value x = new Value(2);
        Value y = new Value(-1);
        Value loss = x.mul(x).add(y.mul(y).mul(3));
        loss.backward();
        SGD.step(List.of(x, y), 0.01);
        double after = x.data() * x.data() + 3 * y.data() * y.data();
        Expect.that(after < loss.data(), "x^2 + 3y^2 after one step of lr 0.01 from (2, -1)",
                "less than " + loss.data(), after, "minus the gradient points downhill: p -= lr * grad, not +=");
    }
}
