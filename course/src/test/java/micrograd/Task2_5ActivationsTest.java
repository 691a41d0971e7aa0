package micrograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task2.5")
@DisplayName("Task 2.5  relu, tanh, exp                 Value.relu, tanh, exp")
class Task2_5ActivationsTest {

    @Test
    @Order(1)
    @DisplayName("relu passes positive values with slope 1 and stops negative ones with slope 0")
    void relu() {
        Value on = new Value(2.5).relu();
        Expect.exactly("new Value(2.5).relu().data()", 2.5, on.data(), "max(0, x)");
        Expect.exactly("relu's local derivative at 2.5", 1.0, on.localGrads()[0], "1 where x > 0");
        Expect.text("the label of a.relu(), its op()", "ReLU", on.op(), Checks.LABELS);
        Value off = new Value(-2.5).relu();
        Expect.exactly("new Value(-2.5).relu().data()", 0.0, off.data(), "max(0, x)");
        Expect.exactly("relu's local derivative at -2.5", 0.0, off.localGrads()[0], "0 where x < 0");
    }

    @Test
    @Order(2)
    @DisplayName("relu's derivative at exactly 0 is 0, as in micrograd")
    void reluAtZero() {
        Value z = new Value(0.0).relu();
        Expect.exactly("new Value(0).relu().data()", 0.0, z.data(), "max(0, x)");
        Expect.exactly("relu's local derivative at exactly 0 (micrograd: (out.data > 0) * out.grad)", 0.0,
                z.localGrads()[0],
                "use x > 0, not x >= 0: at the kink micrograd (and PyTorch) take the slope 0");
    }

    @Test
    @Order(3)
    @DisplayName("tanh(0.5) = 0.4621...; its slope is 1 - tanh^2")
    void tanh() {
        double t = Math.tanh(0.5);
        Value v = new Value(0.5).tanh();
        Expect.close("new Value(0.5).tanh().data()", t, v.data(), 1e-15, "Math.tanh(x)");
        Expect.text("the label of a.tanh(), its op()", "tanh", v.op(), Checks.LABELS);
        double got = v.localGrads()[0];
        Expect.close("tanh's local derivative at 0.5", 1 - t * t, got, 1e-15, tanhHint(0.5, t, got));
    }

    /** The hint for tanh's slope at x, aimed at the slip that gives what the learner's code gave. */
    static String tanhHint(double x, double t, double got) {
        if (Math.abs(got - (1 - x * x)) < 1e-12) {
            return "square t = tanh(x), not x: yours looks like 1 - x * x; the slope is 1 - t * t with"
                    + " t = Math.tanh(x)";
        }
        return "with t = tanh(x), the slope is 1 - t * t" + (Math.abs(got - (1 - t)) < 1e-12 ? " (not 1 - t)" : "")
                + ": tanh flattens as t approaches +-1";
    }

    @Test
    @Order(4)
    @DisplayName("exp is its own slope")
    void exp() {
        Value v = new Value(2).exp();
        Expect.close("new Value(2).exp().data()", Math.exp(2), v.data(), 1e-12, "Math.exp(x)");
        Expect.text("the label of a.exp(), its op()", "exp", v.op(), Checks.LABELS);
        Expect.close("exp's local derivative at 2", Math.exp(2), v.localGrads()[0], 1e-12,
                "d(e^x)/dx = e^x: the value itself");
    }

    @Test
    @Order(5)
    @DisplayName("relu, tanh and exp match nudging at 100 random points each")
    void random() {
        Checks.localGradsMatchSlopes("relu(a)", 1, -3, 3, v -> v[0].relu(), "1 where a > 0, else 0");
        Checks.localGradsMatchSlopes("tanh(a)", 1, -3, 3, v -> v[0].tanh(), "1 - t * t with t = tanh(a)");
        Checks.localGradsMatchSlopes("exp(a)", 1, -3, 3, v -> v[0].exp(), "e^a, the value itself");
    }
}
