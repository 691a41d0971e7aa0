package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CustomOp: an operation given as functions of its operands' values, so that a tape can replay it. */
@DisplayName("CustomOp: custom operations that a tape can replay")
class CustomOpTest {

    static final CustomOp SOFTPLUS = CustomOp.of("softplus",
            x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),     // log(1 + e^x), stable
            (x, y) -> 1 / (1 + Math.exp(-x)));                             // d/dx = sigmoid(x), y is the value

    static final CustomOp HYPOT = CustomOp.of("hypot", 2,
            v -> Math.hypot(v[0], v[1]),
            (v, y, partials) -> {
                partials[0] = v[0] / y;   // d/da = a / hypot
                partials[1] = v[1] / y;   // d/db = b / hypot
            });

    @Test
    @DisplayName("the Javadoc's softplus: value, derivative, a replay at a new point, and a gradient check")
    void softplus() {
        Value x = new Value(-0.4);
        Value y = SOFTPLUS.apply(x);
        y.backward();
        assertThat(y.data()).isEqualTo(0.5130152523999526);
        assertThat(x.grad()).isEqualTo(0.401312339887548);
        assertThat(y.op()).isEqualTo("softplus");
        assertThat(y.children()).containsExactly(x);

        Tape tape = Tape.record(y);
        x.setData(2.0);
        assertThat(tape.forward()).isEqualTo(2.1269280110429727);
        x.setGrad(0);
        tape.backward();
        assertThat(x.grad()).isCloseTo(1 / (1 + Math.exp(-2.0)), within(1e-16));
        for (double at : new double[] {-3, -0.4, 0.5, 7}) {
            GradCheck.assertGradientsWithin(in -> SOFTPLUS.apply(in.get(0)), 1e-8, at);
        }
    }

    @Test
    @DisplayName("the Javadoc's hypot of two operands: hypot(3, 4) = 5 with partials 3/5 and 4/5, replayed")
    void hypot() {
        Value a = new Value(3);
        Value b = new Value(4);
        Value h = HYPOT.apply(a, b);
        assertThat(h.data()).isEqualTo(5.0);
        Tape tape = Tape.record(h.mul(2));
        tape.backward();
        assertThat(a.grad()).isCloseTo(2 * 0.6, within(1e-15));
        assertThat(b.grad()).isCloseTo(2 * 0.8, within(1e-15));
        a.setData(5);
        b.setData(12);
        assertThat(tape.forward()).isEqualTo(26.0);
        assertThat(tape.value(h)).isEqualTo(13.0);
        GradCheck.assertGradientsWithin(in -> HYPOT.apply(in.get(0), in.get(1)), 1e-8, 3, -4);
    }

    @Test
    @DisplayName("a partial left unset is 0, in the eager node and in the replay alike (not the last call's value)")
    void unsetPartialIsZero() {
        // sets d/db only when b is 2: at any other point the partial must read 0, not what an earlier call left
        CustomOp first = CustomOp.of("first", 2, v -> v[0], (v, y, p) -> {
            p[0] = 1;
            if (v[1] == 2) {
                p[1] = 5;
            }
        });
        Value a = new Value(1);
        Value b = new Value(2);
        first.apply(a, b).mul(b).backward();
        assertThat(b.grad()).isEqualTo(5 * 2 + 1.0);    // through first (5 * b) and through mul (first = 1)
        Tape tape = Tape.record(first.apply(a, b).mul(b));
        b.setData(3);
        tape.forward();
        b.setGrad(0);
        tape.backward();
        assertThat(b.grad()).isEqualTo(1.0);            // d/db of first is now unset, so only mul's share: 1
        Value c = new Value(3);
        first.apply(a, c).mul(c).backward();
        assertThat(c.grad()).isEqualTo(1.0);            // the eager node after a call that did set it
    }

    @Test
    @DisplayName("bad definitions and applications name the argument and its value")
    void badUse() {
        assertThatThrownBy(() -> CustomOp.of(null, x -> x, (x, y) -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("name == null");
        assertThatThrownBy(() -> CustomOp.of("", x -> x, (x, y) -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name is empty");
        assertThatThrownBy(() -> CustomOp.of("f", null, (x, y) -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("value == null");
        assertThatThrownBy(() -> CustomOp.of("f", 0, v -> 0, (v, y, p) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("arity (0) must be >= 1");
        assertThatThrownBy(() -> HYPOT.apply(new Value(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operands.length (1) != arity (2) of hypot");
        assertThatThrownBy(() -> HYPOT.apply(new Value(1), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("operands contains null");
        assertThat(HYPOT).hasToString("CustomOp(hypot, 2)");
        assertThat(HYPOT.name()).isEqualTo("hypot");
        assertThat(HYPOT.arity()).isEqualTo(2);
    }
}
