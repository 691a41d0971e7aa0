package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Anomaly mode stops at the first non-finite gradient and says where")
class AnomalyModeTest {

    @Test
    @DisplayName("log(0) in the middle of a graph: the op, its operand, the incoming gradient and the path")
    void logOfZero() {
        Value x = new Value(0.0, "x");
        Value loss = x.log().mul(2).add(1);
        loss.setLabel("loss");
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(loss));
        assertThat(e.op()).isEqualTo("log");
        assertThat(e.operandValues()).containsExactly(0.0);
        assertThat(e.operand()).isZero();
        assertThat(e.path()).containsExactly("+ \"loss\"", "*", "log");
        assertThat(e).hasMessage("backward of 'log' made the gradient of operand 0 Infinity (operand values [0.0], "
                + "incoming gradient 2.0); path from the root: + \"loss\" <- * <- log");
    }

    @Test
    @DisplayName("a NaN injected mid-graph is caught at the op that first turns a gradient NaN")
    void injectedNan() {
        Value w = new Value(0.5, "w");
        Value bad = CustomOp.of("inject", v -> 1.0, (v, out) -> Double.NaN).apply(w);   // a broken custom op
        Value y = bad.mul(3).tanh().add(w);
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(y));
        assertThat(e.op()).isEqualTo("inject");
        assertThat(e.operandValues()).containsExactly(0.5);
        assertThat(e.path()).containsExactly("+", "tanh", "*", "inject");
    }

    @Test
    @DisplayName("a healthy graph gets exactly the gradients of the plain backward, and can be used again")
    void sameAsPlainBackward() {
        Value a = new Value(0.3);
        Value b = new Value(-1.2);
        Value y = a.mul(b).tanh().add(Value.sum(a, b, a).pow(2));
        AnomalyMode.backward(y);
        double ga = a.grad();
        double gb = b.grad();
        a.setGrad(0);
        b.setGrad(0);
        y.backward();
        assertThat(a.grad()).isEqualTo(ga);
        assertThat(b.grad()).isEqualTo(gb);
    }

    @Test
    @DisplayName("after an anomaly the graph still works with the plain backward")
    void usableAfterFailure() {
        Value x = new Value(0.0);
        Value y = x.log().mul(2);
        catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(y));
        x.setGrad(0);
        y.backward();
        assertThat(x.grad()).isInfinite();
        Value z = new Value(2.0);
        Value w = z.mul(z);
        AnomalyMode.backward(w);
        assertThat(z.grad()).isCloseTo(4.0, within(1e-15));
    }

    @Test
    @DisplayName("a leaf root just gets its seed")
    void leaf() {
        Value x = new Value(1.0);
        AnomalyMode.backward(x);
        assertThat(x.grad()).isEqualTo(1.0);
    }
}
