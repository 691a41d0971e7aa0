package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Value;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 2. The chain rule: if y depends on u and u depends on x, then dy/dx = dy/du * du/dx. Slopes multiply
 * along a path. backward() does exactly this, from the output back to the inputs.
 */
@DisplayName("Lesson 2: slopes multiply along a path (the chain rule)")
class Lesson02ChainRuleTest {

    @Test
    @DisplayName("y = (3x + 1)^2: dy/dx = 2(3x + 1) * 3")
    void twoSteps() {
        Value x = new Value(2.0);
        Value u = x.mul(3).add(1);     // u = 7, du/dx = 3
        Value y = u.pow(2);            // y = 49, dy/du = 2u = 14
        y.backward();
        assertThat(u.grad()).isEqualTo(14.0);           // dy/du, the first link
        assertThat(x.grad()).isEqualTo(14.0 * 3);       // dy/du * du/dx = 42
    }

    @Test
    @DisplayName("a longer chain: y = tanh(exp(x) * 0.5), three slopes multiplied")
    void threeSteps() {
        double x0 = 0.3;
        Value x = new Value(x0);
        Value y = x.exp().mul(0.5).tanh();
        y.backward();
        double e = Math.exp(x0);
        double t = Math.tanh(0.5 * e);
        double byHand = (1 - t * t) * 0.5 * e;          // tanh' * 0.5 * exp'
        assertThat(x.grad()).isCloseTo(byHand, within(1e-15));
    }

    @Test
    @DisplayName("the gradient of every intermediate value is its own dy/d(value)")
    void intermediateGradients() {
        Value a = new Value(2.0);
        Value b = new Value(-3.0);
        Value c = a.mul(b);            // -6
        Value d = c.add(10);           // 4
        Value y = d.mul(d);            // 16
        y.backward();
        assertThat(d.grad()).isEqualTo(8.0);            // dy/dd = 2d
        assertThat(c.grad()).isEqualTo(8.0);            // dd/dc = 1
        assertThat(a.grad()).isEqualTo(8.0 * -3.0);     // dc/da = b
        assertThat(b.grad()).isEqualTo(8.0 * 2.0);      // dc/db = a
    }
}
