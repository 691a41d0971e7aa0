package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link GradCheck} reports and accepts: on a tie the first input is the worst, a tolerance equal to the worst
 * error passes and returns the result, and a step that is not a finite positive number is refused.
 */
@DisplayName("GradCheck's report: the first of equal errors, a tolerance met exactly, steps refused")
class GradCheckReportTest {

    @Test
    @DisplayName("x0 + x1 at 0: both errors are exactly 0, and input 0 is reported")
    void tieGoesToTheFirst() {
        GradCheck.Result r = GradCheck.check(x -> x.get(0).add(x.get(1)), 0.0, 0.0);
        assertThat(r.analytic()).containsExactly(1.0, 1.0);
        assertThat(r.numeric()).containsExactly(1.0, 1.0);
        assertThat(r.maxError()).isEqualTo(0.0);
        assertThat(r.worstIndex()).isZero();
    }

    @Test
    @DisplayName("the worst input is the one with the largest error")
    void worstInput() {
        // a custom op whose declared derivative is off by 0.5 for the second operand only
        CustomOp off = CustomOp.of("off", 2, v -> v[0] + v[1], (v, y, p) -> {
            p[0] = 1.0;
            p[1] = 1.5;
        });
        GradCheck.Result r = GradCheck.check(x -> off.apply(x.get(0), x.get(1)), 0.0, 0.0);
        assertThat(r.worstIndex()).isEqualTo(1);
        assertThat(r.maxError()).isEqualTo(0.5 / 1.5);
    }

    @Test
    @DisplayName("a tolerance equal to the worst error passes, and the result is returned")
    void toleranceMetExactly() {
        CustomOp off = CustomOp.of("off", x -> 2 * x, (x, y) -> 3.0);          // true slope 2: error 1/3
        GradCheck.Result r = GradCheck.check(x -> off.apply(x.get(0)), 0.0);
        assertThat(r.maxError()).isEqualTo(1.0 / 3.0);
        GradCheck.Result passed = GradCheck.assertGradientsWithin(x -> off.apply(x.get(0)), r.maxError(), 0.0);
        assertThat(passed).isNotNull();
        assertThat(passed.maxError()).isEqualTo(r.maxError());
        assertThat(passed.analytic()).containsExactly(3.0);
        assertThatThrownBy(() -> GradCheck.assertGradientsWithin(x -> off.apply(x.get(0)), Math.nextDown(1.0 / 3.0),
                0.0)).isInstanceOf(AssertionError.class);
    }

    @Test
    @DisplayName("an infinite or NaN step is refused")
    void badSteps() {
        assertThatThrownBy(() -> GradCheck.checkWithStep(x -> x.get(0), Double.POSITIVE_INFINITY, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("h (Infinity) must be finite and > 0");
        assertThatThrownBy(() -> GradCheck.checkWithStep(x -> x.get(0), Double.NaN, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("h (NaN) must be finite and > 0");
        assertThatThrownBy(() -> GradCheck.checkWithStep(x -> x.get(0), -1e-6, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
