package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.engine.Value;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 3. When a value is used twice, a change in it reaches the output along two paths, and the two
 * effects add up. That is why backward() does grad += partial * grad, never grad = ...
 */
@DisplayName("Lesson 3: a value used twice collects the gradient of both uses")
class Lesson03AccumulationTest {

    @Test
    @DisplayName("b = a + a: two paths of slope 1 each, so db/da = 2")
    void usedTwice() {
        Value a = new Value(3.0);
        Value b = a.add(a);
        b.backward();
        assertThat(a.grad()).isEqualTo(2.0);     // with grad = instead of +=, it would be 1: a classic bug
    }

    @Test
    @DisplayName("f = (x*y) + (x+y): x feeds both branches, df/dx = y + 1")
    void twoBranches() {
        Value x = new Value(2.0);
        Value y = new Value(5.0);
        Value f = x.mul(y).add(x.add(y));
        f.backward();
        assertThat(x.grad()).isEqualTo(5.0 + 1.0);
        assertThat(y.grad()).isEqualTo(2.0 + 1.0);
    }

    @Test
    @DisplayName("a diamond: a feeds u and v, both feed f; the shares meet again in a")
    void diamond() {
        Value a = new Value(-1.5);
        Value u = a.mul(2);            // du/da = 2
        Value v = a.pow(2);            // dv/da = 2a = -3
        Value f = u.mul(v);            // df/du = v = 2.25, df/dv = u = -3
        f.backward();
        assertThat(a.grad()).isEqualTo(2.25 * 2 + -3.0 * -3.0);
    }
}
