package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Autograd;
import io.github.micrograd4j.engine.Value;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 8. {@code backward()} writes numbers into {@code grad}; a number cannot be differentiated again.
 * {@link Autograd#grad} instead builds the derivative as a new graph of ordinary {@code Value}s (PyTorch's
 * {@code create_graph=True}), and a graph can be differentiated like any other.
 */
@DisplayName("Lesson 8: derivatives of derivatives")
class Lesson08DerivativesOfDerivativesTest {

    @Test
    @DisplayName("the derivative of x^3 is 3x^2, its derivative is 6x, and its derivative is 6")
    void cube() {
        Value x = new Value(2.0);
        Value y = x.pow(3);                             // 8
        Value dy = Autograd.grad(y, x).get(0);          // 3x^2 = 12, as a graph
        Value d2y = Autograd.grad(dy, x).get(0);        // 6x = 12
        Value d3y = Autograd.grad(d2y, x).get(0);       // 6
        assertThat(dy.data()).isEqualTo(12.0);
        assertThat(d2y.data()).isEqualTo(12.0);
        assertThat(d3y.data()).isEqualTo(6.0);
        assertThat(x.grad()).isZero();                  // grad() is untouched: nothing was written into it

        x.setData(3.0);                                 // the graphs are built on x: rebuild at a new point
        Value at3 = Autograd.grad(Autograd.grad(x.pow(3), x).get(0), x).get(0);
        assertThat(at3.data()).isEqualTo(18.0);         // 6 * 3
    }

    @Test
    @DisplayName("read it off the graph: dy is 1 * (x^2 * 3), made of the graph's own node x")
    void readTheGraph() {
        Value x = new Value(2.0, "x");
        Value dy = Autograd.grad(x.pow(3), x).get(0);
        // the seed d(y)/d(y) = 1 times pow's local derivative 3 * x^(3-1)
        assertThat(dy.op()).isEqualTo("*");
        assertThat(dy.children().get(0).data()).isEqualTo(1.0);               // the seed, a constant
        Value threeXSquared = dy.children().get(1);
        assertThat(threeXSquared.op()).isEqualTo("*");                          // x^2 * 3
        Value xSquared = threeXSquared.children().get(0);
        assertThat(xSquared.op()).isEqualTo("**");
        assertThat(xSquared.children()).containsExactly(x);                     // the same x, not a copy
    }

    @Test
    @DisplayName("relu's derivative is a step, 0 or 1, which is flat, so relu's second derivative is 0")
    void reluIsPiecewiseLinear() {
        Value x = new Value(0.7);
        Value d = Autograd.grad(x.relu(), x).get(0);
        assertThat(d.data()).isEqualTo(1.0);
        assertThat(Autograd.grad(d, x).get(0).data()).isEqualTo(0.0);
        // so a relu network is piecewise linear in its input: its second derivative there is 0 too,
        // but a loss that squares it is not (the Hessian of (relu(x))^2 is 2 where x > 0)
        Value sq = x.relu().pow(2);
        assertThat(Autograd.hessian(sq, List.of(x))[0][0]).isCloseTo(2.0, within(1e-15));
    }

    @Test
    @DisplayName("mixed partials agree: d/dy (df/dx) = d/dx (df/dy)")
    void mixedPartials() {
        Value x = new Value(0.5);
        Value y = new Value(-1.5);
        Value f = x.mul(y).tanh().mul(x);               // x tanh(xy)
        List<Value> g = Autograd.grad(f, x, y);
        double dxdy = Autograd.grad(g.get(0), y).get(0).data();
        double dydx = Autograd.grad(g.get(1), x).get(0).data();
        assertThat(dxdy).isCloseTo(dydx, within(1e-15));
    }
}
