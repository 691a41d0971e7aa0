package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task5.1")
@DisplayName("Task 5.1  hinge loss, L2, accuracy        Loss")
class Task5_1LossTest {

    static final String HINGE = "mean of relu(1 - y_i * score_i): micrograd's (1 + -yi*scorei).relu(), summed,"
            + " times 1.0 / n";

    @Test
    @Order(1)
    @DisplayName("hinge: mean(relu(1 - y * score)); a score past the margin costs nothing")
    void hinge() {
        List<Value> s = List.of(new Value(2), new Value(-0.5), new Value(0.3));
        double[] y = {1, 1, -1};
        Value loss = Loss.hinge(s, y);
        // relu(1 - 2) = 0, relu(1 + 0.5) = 1.5, relu(1 + 0.3) = 1.3
        Expect.close("Loss.hinge(scores (2, -0.5, 0.3), labels (1, 1, -1))", 2.8 / 3, loss.data(), 1e-12, HINGE);
        loss.backward();
        Expect.close("score 0's grad: 2 * 1 is past the margin 1", 0.0, s.get(0).grad(), 1e-15,
                "relu(1 - 2) is off: no slope; " + HINGE);
        Expect.close("score 1's grad: inside the margin, -y / n", -1.0 / 3, s.get(1).grad(), 1e-12,
                "d relu(1 - y s)/ds = -y where on, times 1/n for the mean");
        Expect.close("score 2's grad: inside the margin, -y / n", 1.0 / 3, s.get(2).grad(), 1e-12,
                "d relu(1 - y s)/ds = -y where on, times 1/n for the mean");
    }

    @Test
    @Order(2)
    @DisplayName("hinge's gradient matches nudging at 100 random points")
    void hingeRandom() {
        double[] y = {1, -1, 1};
        Checks.gradientsMatchSlopes("Loss.hinge((a, b, c), (1, -1, 1))", 3, -2, 2, v -> Loss.hinge(List.of(v), y),
                HINGE);
    }

    @Test
    @Order(3)
    @DisplayName("l2: alpha * sum(p * p) with gradient 2 alpha p")
    void l2() {
        List<Value> p = List.of(new Value(1), new Value(-2), new Value(3));
        Value r = Loss.l2(p, 0.1);
        Expect.close("Loss.l2((1, -2, 3), 0.1) = 0.1 * (1 + 4 + 9)", 1.4, r.data(), 1e-12,
                "alpha * sum of p * p (a sum, not a mean, as in micrograd)");
        r.backward();
        Expect.close("p[1].grad(): 2 * alpha * p", -0.4, p.get(1).grad(), 1e-12, "d(alpha p^2)/dp = 2 alpha p");
    }

    @Test
    @Order(4)
    @DisplayName("accuracy: the fraction of points whose score has the sign of the label")
    void accuracy() {
        List<Value> s = List.of(new Value(2), new Value(-0.5), new Value(0.3), new Value(-1));
        double[] y = {1, 1, -1, -1};
        Expect.close("Loss.accuracy(scores (2, -0.5, 0.3, -1), labels (1, 1, -1, -1))", 0.5, Loss.accuracy(s, y),
                1e-15, "count (y_i > 0) == (score_i > 0), divide by n (as a double)");
    }
}
