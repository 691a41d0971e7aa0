package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Custom ops with graph partials take part in Autograd.grad; those without are refused with a clear message. */
@DisplayName("CustomOp graph partials: custom ops that can be differentiated twice")
class CustomOpGraphTest {

    static final CustomOp SOFTPLUS = CustomOpTest.SOFTPLUS.withGraphDerivative((x, y) -> x.sigmoid());

    /** log(e^a + e^b + e^c), stable; d/dx_i = e^(x_i - y), built from the operand nodes and the output node. */
    static final CustomOp LOG_SUM_EXP = CustomOp.of("logsumexp", 3,
                    v -> {
                        double m = Math.max(v[0], Math.max(v[1], v[2]));
                        return m + Math.log(Math.exp(v[0] - m) + Math.exp(v[1] - m) + Math.exp(v[2] - m));
                    },
                    (v, y, p) -> {
                        for (int i = 0; i < 3; i++) {
                            p[i] = Math.exp(v[i] - y);
                        }
                    })
            .withGraphPartials((x, y, p) -> {
                for (int i = 0; i < 3; i++) {
                    p[i] = x[i].sub(y).exp();
                }
            });

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    @DisplayName("softplus: the numeric and graph derivatives agree, and d2 = s(1-s), d3 = s(1-s)(1-2s)")
    void softplus() {
        Random rng = new Random(1337);
        for (int i = 0; i < 50; i++) {
            double at = rng.nextDouble() * 10 - 5;
            assertThat(SOFTPLUS.checkGraphPartials(at)).isLessThan(1e-15);
            Value x = new Value(at);
            Value d1 = Autograd.grad(SOFTPLUS.apply(x), x).get(0);
            Value d2 = Autograd.grad(d1, x).get(0);
            Value d3 = Autograd.grad(d2, x).get(0);
            double s = sig(at);
            assertThat(d1.data()).isCloseTo(s, within(1e-15));
            assertThat(d2.data()).isCloseTo(s * (1 - s), within(1e-15));
            assertThat(d3.data()).isCloseTo(s * (1 - s) * (1 - 2 * s), within(1e-15));
        }
        assertThat(SOFTPLUS.hasGraphPartials()).isTrue();
        assertThat(CustomOpTest.SOFTPLUS.hasGraphPartials()).isFalse();
    }

    @Test
    @DisplayName("log-sum-exp: its Hessian is diag(p) - p p^T with p = softmax(x), and a tape replays its gradient")
    void logSumExp() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] at = {rng.nextGaussian() * 2, rng.nextGaussian() * 2, rng.nextGaussian() * 2};
            assertThat(LOG_SUM_EXP.checkGraphPartials(at)).isLessThan(1e-15);
            List<Value> x = List.of(new Value(at[0]), new Value(at[1]), new Value(at[2]));
            double[][] h = Autograd.hessian(LOG_SUM_EXP.apply(x.toArray(new Value[0])), x);
            double z = Math.exp(at[0]) + Math.exp(at[1]) + Math.exp(at[2]);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double pi = Math.exp(at[i]) / z;
                    double pj = Math.exp(at[j]) / z;
                    assertThat(h[i][j]).isCloseTo((i == j ? pi : 0) - pi * pj, within(1e-14));
                }
            }
        }
        Value a = new Value(0.1);
        Value b = new Value(2.0);
        Value c = new Value(-1.0);
        Value g = Autograd.grad(LOG_SUM_EXP.apply(a, b, c).mul(a), b).get(0);   // d/db (a lse) = a p_b
        Tape tape = Tape.record(g);
        a.setData(0.5);
        b.setData(-0.3);
        double z = Math.exp(0.5) + Math.exp(-0.3) + Math.exp(-1.0);
        assertThat(tape.forward()).isCloseTo(0.5 * Math.exp(-0.3) / z, within(1e-15));
    }

    @Test
    @DisplayName("a custom op without graph partials is refused, naming it and the fix")
    void refused() {
        Value x = new Value(0.3);
        Value y = CustomOpTest.SOFTPLUS.apply(x).mul(2);
        assertThatThrownBy(() -> Autograd.grad(y, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("custom op \"softplus\" has no differentiable derivative")
                .hasMessageContaining("withGraphDerivative((x, y) -> ...)");
        assertThat(x.grad()).isZero();
        assertThat(Autograd.grad(y, new Value(1)).get(0).data()).isZero();   // not on the way to an input: fine
        assertThatThrownBy(() -> CustomOpTest.HYPOT.withGraphDerivative((p, q) -> p))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hypot has arity 2");
        Value after = Autograd.grad(x.mul(x), x).get(0);               // marks from the refused runs are cleared
        assertThat(after.data()).isCloseTo(0.6, within(1e-15));
    }
}
