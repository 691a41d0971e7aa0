package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task7.1")
@DisplayName("Task 7.1  Adam, with bias correction      Adam")
class Task7_1AdamTest {

    static final String ADAM = "g = p.grad(); m = BETA1 * m + (1 - BETA1) * g; v = BETA2 * v + (1 - BETA2) * (g * g);"
            + " mHat = m / (1 - BETA1^(k + 1)); vHat = v / (1 - BETA2^(k + 1));"
            + " p -= learningRate(k, n) * mHat / (Math.sqrt(vHat) + EPS)";

    @Test
    @Order(1)
    @DisplayName("microgpt's schedule: 0.01 at the start, 0.005 halfway, falling in a straight line to 0")
    void schedule() {
        int[][] kn = {{0, 1000}, {500, 1000}, {999, 1000}, {3, 4}};
        for (int[] c : kn) {
            double expected = 0.01 * (1 - (double) c[0] / c[1]);
            double got = Adam.learningRate(c[0], c[1]);
            Expect.close("Adam.learningRate(" + c[0] + ", " + c[1] + ")", expected, got, 1e-15,
                    got == 0.01 && c[0] > 0 ? "yours stays 0.01: k / n of two ints is an int, rounded down (500 / 1000"
                            + " == 0); divide doubles: (double) k / n" : "LEARNING_RATE * (1 - k / n)");
        }
    }

    @Test
    @Order(2)
    @DisplayName("the first step moves every parameter by about lr against its gradient, whatever the gradient's size")
    void firstStep() {
        double[] grads = {1e-3, 5, -200, 0.3};
        Value[] p = Checks.leaves(1, 1, 1, 1);
        for (int i = 0; i < 4; i++) {
            p[i].setGrad(grads[i]);
        }
        new Adam(List.of(p)).step(0, 10);
        for (int i = 0; i < 4; i++) {
            double move = 1 - p[i].data();
            double expected = 0.01 * grads[i] / (Math.abs(grads[i]) + Adam.EPS);
            String hint;
            if (!Double.isFinite(move)) {
                hint = "the bias corrections take the power k + 1: at k = 0, 1 - BETA1^0 is 0; " + ADAM;
            } else if (Math.abs(move / expected - (1 - Adam.BETA1) / Math.sqrt(1 - Adam.BETA2)) < 1e-3) {
                hint = "yours moves 1.5 times lr: m and v start at 0, so early on they are too small; correct their"
                        + " bias, mHat = m / (1 - BETA1^(k + 1)) and vHat = v / (1 - BETA2^(k + 1)), and the first"
                        + " step is lr * g / |g|";
            } else {
                hint = ADAM;
            }
            Expect.close("how far a parameter moves at step 0 of 10, its gradient " + grads[i] + ": lr * g / |g|",
                    expected, move, 1e-12, hint);
        }
    }

    @Test
    @Order(3)
    @DisplayName("three steps follow Adam's formula, each parameter with its own m and v")
    void steps() {
        double[][] grads = {{0.5, -0.2, 0.1}, {-3, -2.5, 4}};
        Value[] p = Checks.leaves(0.7, -0.4);
        Adam adam = new Adam(List.of(p));
        double[] data = {0.7, -0.4};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 2; i++) {
                double g = grads[i][k];
                p[i].setGrad(g);
                m[i] = Adam.BETA1 * m[i] + (1 - Adam.BETA1) * g;
                v[i] = Adam.BETA2 * v[i] + (1 - Adam.BETA2) * (g * g);
                double mHat = m[i] / (1 - Math.pow(Adam.BETA1, k + 1));
                double vHat = v[i] / (1 - Math.pow(Adam.BETA2, k + 1));
                data[i] -= Adam.learningRate(k, 20) * mHat / (Math.sqrt(vHat) + Adam.EPS);
            }
            adam.step(k, 20);
            for (int i = 0; i < 2; i++) {
                Expect.close("parameter " + i + " after step " + k + " of 20", data[i], p[i].data(), 1e-14,
                        "keep m and v of each parameter from step to step (arrays, one slot per parameter); " + ADAM);
                Expect.exactly("parameter " + i + "'s grad after step " + k, 0.0, p[i].grad(),
                        "after its update, set every parameter's grad back to 0 (microgpt: p.grad = 0 in the same loop)");
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("a parameter whose gradient is 0 stays where it is")
    void zeroGradient() {
        Value p = new Value(0.25);
        new Adam(List.of(p)).step(0, 10);
        Expect.exactly("a parameter with gradient 0 after a step", 0.25, p.data(),
                "m and v stay 0, so the step is lr * 0 / (0 + EPS) = 0: EPS keeps it from being 0 / 0");
    }
}
