package micrograd;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task1.2")
@DisplayName("Task 1.2  the gradient by nudging         Derivatives.gradient")
class Task1_2GradientTest {

    @Test
    @Order(1)
    @DisplayName("d = a * b + c at (2, -3, 10) has the gradient (-3, 2, 1)")
    void product() {
        double[] g = Derivatives.gradient(x -> x[0] * x[1] + x[2], new double[] {2, -3, 10});
        Expect.equal("Derivatives.gradient returns one slope per input", 3, g.length,
                "double[] g = new double[x.length], then one slope per input");
        String[] names = {"dd/da = b", "dd/db = a", "dd/dc"};
        double[] expected = {-3, 2, 1};
        for (int i = 0; i < 3; i++) {
            Expect.close("the gradient of d = a * b + c at (2, -3, 10): " + names[i], expected[i], g[i], 1e-6,
                    "nudge only x[" + i + "] by H to both sides, the others stay: (f(.., x[i] + H, ..) - f(.., x[i] - H, ..)) / 2H");
        }
    }

    @Test
    @Order(2)
    @DisplayName("the inputs are left as they were")
    void unchanged() {
        double[] x = {0.1, -0.7, 3.3};
        double[] before = x.clone();
        Derivatives.gradient(v -> v[0] * v[1] * v[2], x);
        Expect.equal("Derivatives.gradient puts every x[i] back after nudging it", Arrays.toString(before),
                Arrays.toString(x), "keep double xi = x[i]; nudge, measure, then x[i] = xi");
    }

    @Test
    @Order(3)
    @DisplayName("f = a^2 * b: each partial derivative nudges its own input only, at 100 random points")
    void partials() {
        Random rng = new Random(12);
        for (int t = 0; t < Checks.TRIALS; t++) {
            double a = -3 + 6 * rng.nextDouble();
            double b = -3 + 6 * rng.nextDouble();
            double[] g = Derivatives.gradient(x -> x[0] * x[0] * x[1], new double[] {a, b});
            Expect.close("df/da of f = a^2 * b at a = " + a + ", b = " + b + " is 2ab", 2 * a * b, g[0], 1e-6,
                    "only x[0] moves for the first slope");
            Expect.close("df/db of f = a^2 * b at a = " + a + ", b = " + b + " is a^2", a * a, g[1], 1e-6,
                    "only x[1] moves for the second slope, and x[0] must be back to a by then");
        }
    }
}
