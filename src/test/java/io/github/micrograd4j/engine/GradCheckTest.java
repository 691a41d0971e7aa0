package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GradCheck compares backward() with central finite differences")
class GradCheckTest {

    @Test
    @DisplayName("check(f, x0, x1) reads every number as an input: the step has its own method")
    void everyNumberIsAnInput() {
        GradCheck.Result r = GradCheck.check(x -> x.get(0).mul(x.get(1)).tanh(), 0.3, -1.2);
        double t = Math.tanh(0.3 * -1.2);
        assertThat(r.analytic()).containsExactly(new double[] {(1 - t * t) * -1.2, (1 - t * t) * 0.3}, within(1e-15));
        assertThat(r.numeric()).hasSize(2);
        assertThat(r.maxError()).isLessThan(1e-8);
    }

    @Test
    @DisplayName("checkWithStep(f, h, x...) uses h: a coarse step shows the O(h^2) error of x^3")
    void stepSize() {
        // (f(x+h) - f(x-h)) / 2h = 3x^2 + h^2 for f = x^3 (at x = 2 the step is h * max(1, |x|) = 2h)
        double h = 1e-2;
        GradCheck.Result r = GradCheck.checkWithStep(x -> x.get(0).pow(3), h, 2.0);
        assertThat(r.analytic()[0]).isCloseTo(12.0, within(1e-12));
        assertThat(r.numeric()[0]).isCloseTo(12.0 + (2 * h) * (2 * h), within(1e-9));
        assertThat(GradCheck.check(x -> x.get(0).pow(3), 2.0).numeric()[0]).isCloseTo(12.0, within(1e-6));
        assertThatThrownBy(() -> GradCheck.checkWithStep(x -> x.get(0), 0, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("h (0.0) must be finite and > 0");
        assertThatThrownBy(() -> GradCheck.check(x -> x.get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("point is empty");
    }

    @Test
    @DisplayName("assertGradientsWithin throws when the gradient is wrong, with the worst input named")
    void assertGradientsFails() {
        // a custom op whose declared derivative (1) is wrong: the true one is 2x
        assertThatThrownBy(() -> GradCheck.assertGradientsWithin(x -> CustomOp.of("bad", v -> v * v,
                (v, y) -> 1.0).apply(x.get(0)), 1e-6, 3.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("gradient check failed (tolerance 1.0E-6): max error")
                .hasMessageContaining("at input 0: analytic 1.0");
    }

}
