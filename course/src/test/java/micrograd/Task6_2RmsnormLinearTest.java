package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.2")
@DisplayName("Task 6.2  RMS norm, a linear map          Vectors.rmsnorm, linear")
class Task6_2RmsnormLinearTest {

    static final String RMSNORM = "ms = sum(x_i * x_i) / n; scale = (ms + RMS_EPS)^-0.5 (ms.add(RMS_EPS).pow(-0.5));"
            + " return each x_i * scale";
    static final String LINEAR = "output o is w[o][0] * x_0 + w[o][1] * x_1 + ...: one output per row of w, no bias";

    @Test
    @Order(1)
    @DisplayName("rmsnorm(1, -2, 3, 0.5): each x_i times (mean(x^2) + 1e-5)^-0.5")
    void rmsnorm() {
        double[] x = {1, -2, 3, 0.5};
        double ms = (1 + 4 + 9 + 0.25) / 4;
        double scale = Math.pow(ms + Vectors.RMS_EPS, -0.5);
        List<Value> out = Vectors.rmsnorm(List.of(Checks.leaves(x)));
        Expect.equal("Vectors.rmsnorm of 4 numbers gives 4", 4, out.size(), RMSNORM);
        for (int i = 0; i < 4; i++) {
            double got = out.get(i).data();
            String hint = Math.abs(got - x[i] * Math.pow(ms, -0.5)) < 1e-12 && got != x[i] * scale
                    ? "yours looks like ms^-0.5: add RMS_EPS = 1e-5 to ms before the power" : RMSNORM;
            Expect.close("element " + i + " of rmsnorm(1, -2, 3, 0.5)", x[i] * scale, got, 1e-15, hint);
        }
    }

    @Test
    @Order(2)
    @DisplayName("rmsnorm of zeros is zeros: the 1e-5 keeps it from dividing by 0")
    void zeros() {
        List<Value> out = Vectors.rmsnorm(List.of(Checks.leaves(0, 0, 0)));
        for (int i = 0; i < 3; i++) {
            Expect.exactly("element " + i + " of rmsnorm(0, 0, 0)", 0.0, out.get(i).data(),
                    "add RMS_EPS = 1e-5 to ms before the power: for zeros ms = 0, 0^-0.5 is Infinity, and"
                            + " 0 * Infinity is NaN");
        }
    }

    @Test
    @Order(3)
    @DisplayName("rmsnorm's gradient matches nudging at 100 random points")
    void rmsnormGradient() {
        Checks.gradientsMatchSlopes("0.3 r0 - 1.2 r1 + 0.7 r2 with r = rmsnorm(a, b, c)", 3, -2, 2, v -> {
            List<Value> r = Vectors.rmsnorm(List.of(v));
            return r.get(0).mul(0.3).add(r.get(1).mul(-1.2)).add(r.get(2).mul(0.7));
        }, "build rmsnorm from Value operations (mul, add, div, pow): each output depends on every input through"
                + " ms, and backward follows the graph");
    }

    @Test
    @Order(4)
    @DisplayName("linear(x, w) with w 2 x 3: one output per row, w[o][0] x_0 + w[o][1] x_1 + w[o][2] x_2")
    void linear() {
        double[][] w = {{0.5, -1, 2}, {3, 0.25, -0.5}};
        double[] x = {1, -2, 0.5};
        Value[][] wv = {Checks.leaves(w[0]), Checks.leaves(w[1])};
        List<Value> out = Vectors.linear(List.of(Checks.leaves(x)), wv);
        Expect.equal("Vectors.linear(x, w) with w 2 x 3 gives 2 outputs", 2, out.size(), LINEAR);
        for (int o = 0; o < 2; o++) {
            double expected = w[o][0] * x[0] + w[o][1] * x[1] + w[o][2] * x[2];
            Expect.close("output " + o + " of linear((1, -2, 0.5), ((0.5, -1, 2), (3, 0.25, -0.5)))", expected,
                    out.get(o).data(), 1e-15, LINEAR);
        }
        List<Value> zero = Vectors.linear(List.of(Checks.leaves(0, 0, 0)), wv);
        Expect.exactly("output 0 of linear((0, 0, 0), w): no bias", 0.0, zero.get(0).data(),
                "microgpt's linear has no bias: only the sum of w[o][i] * x_i");
    }

    @Test
    @Order(5)
    @DisplayName("linear's gradient reaches x and w, matching nudging at 100 random points")
    void linearGradient() {
        // inputs a, b: x; c..h: w, 3 rows of 2
        Checks.gradientsMatchSlopes("0.5 y0 - y1 + 2 y2 with y = linear((a, b), ((c, d), (e, f), (g, h)))", 8, -2, 2,
                v -> {
                    Value[][] w = {{v[2], v[3]}, {v[4], v[5]}, {v[6], v[7]}};
                    List<Value> y = Vectors.linear(List.of(v[0], v[1]), w);
                    return y.get(0).mul(0.5).sub(y.get(1)).add(y.get(2).mul(2));
                }, "build each output from the Values of w and x themselves (row[i].mul(x.get(i))), so that backward"
                        + " reaches both");
    }
}
