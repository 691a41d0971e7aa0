package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which operation {@link AnomalyMode} blames, and which operand: the second operand of a product, a layer's weight
 * or input (blamed on the output whose share was non-finite), and never a gradient that was non-finite before the
 * pass began.
 */
@DisplayName("Anomaly mode blames the right operation and operand, inside layers too")
class AnomalyCulpritTest {

    @Test
    @DisplayName("a product whose second operand's gradient turns infinite names operand 1")
    void secondOperand() {
        Value a = new Value(Double.POSITIVE_INFINITY);
        Value b = new Value(2.0);
        Value y = a.mul(b).add(b);
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(y));
        assertThat(e.op()).isEqualTo("*");
        assertThat(e.operand()).isEqualTo(1);
        assertThat(e.operandValues()).containsExactly(Double.POSITIVE_INFINITY, 2.0);
        assertThat(e.path()).containsExactly("+", "*");
    }

    @Test
    @DisplayName("a layer's weight whose gradient overflows: the output that uses it, its operands, the weight's index")
    void weightInALayer() {
        Value x = new Value(1e308, "x");
        Value[][] w = {{new Value(1.0)}, {new Value(2.0)}};
        Value[] y = new Linear(w, null, false).apply(x);
        Value root = y[0].mul(10.0);                          // dL/dw00 = x * 10 = Infinity
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(root));
        assertThat(e.op()).isEqualTo("linear");
        assertThat(e.operandValues()).containsExactly(1.0, 1e308);
        assertThat(e.operand()).isZero();
        assertThat(e.path()).containsExactly("*", "linear");
        assertThat(w[0][0].grad()).isInfinite();
    }

    @Test
    @DisplayName("a layer's input shared by two outputs: the output whose share to it overflowed is blamed, not the first")
    void inputInALayer() {
        Value x = new Value(1.0, "x");
        Value[][] w = {{new Value(1.0)}, {new Value(1e308)}};
        Value[] b = {new Value(0.5), new Value(-0.5)};
        Value[] y = new Linear(w, b, true).apply(x);
        Value root = y[0].add(y[1].mul(10.0));                // output 1's share to x: 1e308 * 10 = Infinity
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(root));
        assertThat(e.op()).isEqualTo("relu(linear)");
        assertThat(e.operandValues()).containsExactly(-0.5, 1e308, 1.0);  // output 1: its bias, weight and input
        assertThat(e.operand()).isEqualTo(2);
        assertThat(e.path()).containsExactly("+", "*", "relu(linear)");
        assertThat(x.grad()).isInfinite();
    }

    @Test
    @DisplayName("a layer's input whose gradient turns infinite while each output's incoming gradient is finite")
    void overflowingSum() {
        Value x = new Value(1.0, "x");
        Value[][] w = {{new Value(1e308)}, {new Value(1e308)}};
        Value[] y = new Linear(w, null, false).apply(x);
        Value root = y[0].add(y[1]);                          // dL/dx = 1e308 + 1e308 = Infinity
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(root));
        assertThat(e.op()).isEqualTo("linear");
        assertThat(e.operandValues()).containsExactly(1e308, 1.0);        // the first output that uses x
        assertThat(e.operand()).isEqualTo(1);
        assertThat(x.grad()).isInfinite();
    }

    @Test
    @DisplayName("a gradient that was already NaN before the pass is not an anomaly; the pass adds to it and goes on")
    void alreadyNonFinite() {
        Value a = new Value(2.0);
        Value b = new Value(3.0);
        a.setGrad(Double.NaN);
        Value y = a.mul(b).tanh().add(b);
        AnomalyMode.backward(y);
        assertThat(a.grad()).isNaN();
        Value c = new Value(3.0);
        Value plain = new Value(2.0).mul(c).tanh().add(c);
        plain.backward();
        assertThat(b.grad()).isEqualTo(c.grad());
    }
}
