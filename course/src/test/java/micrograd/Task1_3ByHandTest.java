package micrograd;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task1.3")
@DisplayName("Task 1.3  derivatives by hand             ByHand")
class Task1_3ByHandTest {

    @Test
    @Order(1)
    @DisplayName("f(x) = 3x^2 - 4x + 5 has slope 14 at x = 3, and your formula matches nudging everywhere")
    void polynomial() {
        Expect.exactly("ByHand.polynomial(3): the derivative of 3x^2 - 4x + 5 at x = 3", 14, ByHand.polynomial(3),
                "power rule, term by term: d(3x^2)/dx = 6x, d(-4x)/dx = -4, d(5)/dx = 0");
        Random rng = new Random(13);
        for (int t = 0; t < Checks.TRIALS; t++) {
            double x = -10 + 20 * rng.nextDouble();
            Expect.close("ByHand.polynomial(" + x + ") matches your Derivatives.slope of 3x^2 - 4x + 5",
                    Derivatives.slope(v -> 3 * v * v - 4 * v + 5, x), ByHand.polynomial(x), 1e-5,
                    "power rule, term by term: 6x - 4");
        }
    }

    @Test
    @Order(2)
    @DisplayName("d = a * b + c: how far d moves per unit of a, of b and of c")
    void product() {
        Random rng = new Random(14);
        for (int t = 0; t < Checks.TRIALS; t++) {
            double[] x = {-5 + 10 * rng.nextDouble(), -5 + 10 * rng.nextDouble(), -5 + 10 * rng.nextDouble()};
            double[] slopes = Derivatives.gradient(v -> v[0] * v[1] + v[2], x.clone());
            double[] g = ByHand.product(x[0], x[1], x[2]);
            Expect.equal("ByHand.product returns {dd/da, dd/db, dd/dc}", 3, g.length, "new double[] {.., .., ..}");
            for (int i = 0; i < 3; i++) {
                Expect.close("ByHand.product(" + Checks.point(x) + ")[" + i + "] = dd/d" + Checks.var(i)
                        + " matches your Derivatives.gradient", slopes[i], g[i], 1e-5,
                        "a moves d by b per unit (b is a constant factor of a), b moves it by a, c by 1");
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("tanh(x)^2 by the chain rule: outer slope times inner slope")
    void chainRule() {
        Expect.exactly("ByHand.tanhSquared(0): tanh(0) = 0, so the square is flat there", 0.0,
                ByHand.tanhSquared(0), "2 tanh(x) * (1 - tanh(x)^2)");
        Random rng = new Random(15);
        for (int t = 0; t < Checks.TRIALS; t++) {
            double x = -3 + 6 * rng.nextDouble();
            Expect.close("ByHand.tanhSquared(" + x + ") matches your Derivatives.slope of tanh(x)^2",
                    Derivatives.slope(v -> Math.tanh(v) * Math.tanh(v), x), ByHand.tanhSquared(x), 1e-6,
                    "chain rule: d(u^2)/du = 2u, d(tanh x)/dx = 1 - tanh(x)^2; multiply them, with u = tanh(x)");
        }
    }
}
