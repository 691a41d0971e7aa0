package micrograd;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task1.1")
@DisplayName("Task 1.1  the slope by nudging            Derivatives.slope")
class Task1_1SlopeTest {

    /** Returns hint, or what to fix when got looks like a known slip (a slope about h^2 times too small). */
    static String hint(double expected, double got, double h, String hint) {
        double timesHSquared = expected * h * h;
        if (timesHSquared != 0 && Math.abs(got - timesHSquared) <= 1e-3 * Math.abs(timesHSquared)) {
            return "yours is about h^2 times the slope: / 2 * h divides by 2, then multiplies by h; divide by"
                    + " (2 * h), in parentheses";
        }
        return hint;
    }

    @Test
    @Order(1)
    @DisplayName("the slope of x^2 at x = 3 is 6")
    void square() {
        double got = Derivatives.slope(x -> x * x, 3.0, 1e-4);
        Expect.close("Derivatives.slope(x -> x * x, 3.0, 1e-4) measures the slope of x^2 at 3", 6.0, got, 1e-6,
                hint(6.0, got, 1e-4, "nudge x by h to both sides: (f(x + h) - f(x - h)) / (2 * h)"));
    }

    @Test
    @Order(2)
    @DisplayName("it nudges to both sides: the slope of x^3 at 1 with h = 1e-3 is 3 + h^2 exactly")
    void central() {
        // (f(1 + h) - f(1 - h)) / 2h = 3 + h^2 for f = x^3; a one-sided (f(x + h) - f(x)) / h gives 3 + 3h + h^2
        double got = Derivatives.slope(x -> x * x * x, 1.0, 1e-3);
        Expect.close("Derivatives.slope(x -> x * x * x, 1.0, 1e-3) is the central difference, 3 + h^2", 3.000001,
                got, 1e-9, hint(3.000001, got, 1e-3, "(f(x + h) - f(x - h)) / (2 * h), not (f(x + h) - f(x)) / h:"
                        + " nudging to both sides cancels the error that grows like h, leaving one like h^2"));
    }

    @Test
    @Order(3)
    @DisplayName("the slope of sin is cos, at 100 random points")
    void sine() {
        Random rng = new Random(11);
        for (int i = 0; i < Checks.TRIALS; i++) {
            double x = -5 + 10 * rng.nextDouble();
            double got = Derivatives.slope(Math::sin, x);
            Expect.close("Derivatives.slope(Math::sin, " + x + ") is the slope of sin there, cos(x)", Math.cos(x),
                    got, 1e-8, hint(Math.cos(x), got, Derivatives.H,
                            "(f(x + h) - f(x - h)) / (2 * h); the two-argument slope(f, x) uses h = Derivatives.H"));
        }
    }

    @Test
    @Order(4)
    @DisplayName("the slope of a straight line is its steepness, wherever you measure it")
    void line() {
        for (double x : new double[] {-100, 0, 0.5, 7}) {
            double got = Derivatives.slope(v -> 5 * v - 2, x, 0.01);
            Expect.close("the slope of 5x - 2 at x = " + x, 5.0, got, 1e-9, hint(5.0, got, 0.01,
                    "a line rises 5 for every 1 it moves right: (f(x + h) - f(x - h)) / (2 * h) = 5 * 2h / 2h"));
        }
    }
}
