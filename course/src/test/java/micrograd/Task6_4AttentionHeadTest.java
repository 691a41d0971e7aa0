package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.4")
@DisplayName("Task 6.4  one attention head              Gpt.head")
class Task6_4AttentionHeadTest {

    static final String HEAD = "score_t = (q . k_t) / sqrt(d) with d = q.size(); weights = Vectors.softmax(scores);"
            + " output j = sum over t of weights_t * v_t[j]";

    /** Returns one head's output in doubles, its scores divided by divisor (Math.sqrt(d) is the right one). */
    static double[] head(double[] q, double[][] k, double[][] v, double divisor) {
        double[] scores = new double[k.length];
        for (int t = 0; t < k.length; t++) {
            for (int j = 0; j < q.length; j++) {
                scores[t] += q[j] * k[t][j];
            }
            scores[t] /= divisor;
        }
        double[] w = Task6_1SoftmaxTest.softmax(scores);
        double[] out = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            for (int t = 0; t < k.length; t++) {
                out[j] += w[t] * v[t][j];
            }
        }
        return out;
    }

    static List<List<Value>> rows(double[][] x) {
        List<List<Value>> rows = new ArrayList<>();
        for (double[] r : x) {
            rows.add(List.of(Checks.leaves(r)));
        }
        return rows;
    }

    static double[][] random(Random rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = -2 + 4 * rng.nextDouble();
            }
        }
        return x;
    }

    /** Returns the hint for a head's output that is not the expected one, aimed at the slip it looks like. */
    static String hint(double[] got, double[] q, double[][] k, double[][] v) {
        int d = q.length;
        if (close(got, head(q, k, v, 1))) {
            return "yours looks like softmax(q . k_t) without the scale: divide each score by sqrt(d) = sqrt(" + d
                    + ") before the softmax; without it the scores grow with d and the softmax saturates";
        }
        if (close(got, head(q, k, v, d))) {
            return "yours divides the scores by d; divide by sqrt(d) = Math.sqrt(q.size())";
        }
        return HEAD;
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(1)
    @DisplayName("with one position its weight is 1: the output is its value")
    void onePosition() {
        double[] v = {0.3, -1.1, 2.0, 0.7};
        List<Value> out = Gpt.head(List.of(Checks.leaves(1, 2, -1, 0.5)), rows(new double[][] {{0.2, 0.1, -3, 1}}),
                rows(new double[][] {v}));
        Expect.equal("Gpt.head with q of 4 numbers gives 4", 4, out.size(), HEAD);
        for (int j = 0; j < 4; j++) {
            Expect.close("output " + j + " of a head over one position", v[j], out.get(j).data(), 1e-15,
                    "softmax of one score is 1, so the output is that position's value: " + HEAD);
        }
    }

    @Test
    @Order(2)
    @DisplayName("over 3 positions: softmax((q . k_t) / sqrt(d)) weighs the values, for d = 4 and d = 9")
    void threePositions() {
        Random rng = new Random(64);
        for (int d : new int[] {4, 9}) {
            double[] q = random(rng, 1, d)[0];
            double[][] k = random(rng, 3, d);
            double[][] v = random(rng, 3, d);
            double[] expected = head(q, k, v, Math.sqrt(d));
            double[] got = Checks.data(Gpt.head(List.of(Checks.leaves(q)), rows(k), rows(v)));
            Expect.equal("Gpt.head with q of " + d + " numbers gives " + d, d, got.length, HEAD);
            for (int j = 0; j < d; j++) {
                Expect.close("output " + j + " of a head of d = " + d + " over 3 positions", expected[j], got[j],
                        1e-12, hint(got, q, k, v));
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("a head's gradient reaches q, every key and every value, matching nudging at 100 random points")
    void gradient() {
        // q = (a, b); keys (c, d), (e, f); values (g, h), (i, j)
        Checks.gradientsMatchSlopes("y0 - 2 y1 with y = head((a, b), ((c, d), (e, f)), ((g, h), (i, j)))", 10, -2, 2,
                x -> {
                    List<Value> y = Gpt.head(List.of(x[0], x[1]), List.of(List.of(x[2], x[3]), List.of(x[4], x[5])),
                            List.of(List.of(x[6], x[7]), List.of(x[8], x[9])));
                    return y.get(0).sub(y.get(1).mul(2));
                }, "build the head from Value operations and your softmax: the weights depend on q and every key,"
                        + " the output on the weights and every value");
    }
}
