package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Autograd} at its edges: only the nodes on the way to the inputs are differentiated, inputs the output does not
 * reach get a constant 0, the Hessian is made exactly symmetric pair by pair (its diagonal left alone), a
 * Hessian-vector product over no inputs is empty, and ReLU's and {@code x^0}'s derivatives at 0 are exactly 0.
 */
@DisplayName("Autograd at its edges: only what leads to the inputs, unreached inputs, symmetry, derivatives at 0")
class AutogradBoundariesTest {

    @Test
    @DisplayName("a custom op without graph partials off the way to the inputs is not differentiated")
    void offTheWay() {
        CustomOp square = CustomOp.of("square", u -> u * u, (u, y) -> 2 * u);   // no graph derivative
        Value x = new Value(3.0);
        Value z = new Value(2.0);
        Value y = square.apply(z).add(x.mul(x));
        assertThat(Autograd.grad(y, x).get(0).data()).isEqualTo(6.0);
        Value unrelated = square.apply(z);                    // an output that does not depend on x at all
        assertThat(Autograd.grad(unrelated, x).get(0).data()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("an unused output of a layer, a node outside the graph: constant 0; the output itself: 1")
    void unreachedInputs() {
        Value x = new Value(1.5);
        Value[] h = new Linear(new Value[][] {{new Value(2.0)}, {new Value(-1.0)}}, null, false).apply(x);
        Value y = h[0].mul(3.0);
        Value outside = x.mul(4.0);
        List<Value> g = Autograd.grad(y, h[1], outside, h[0], y, x);
        assertThat(g.get(0).data()).isEqualTo(0.0);
        assertThat(g.get(0).isLeaf()).isTrue();
        assertThat(g.get(1).data()).isEqualTo(0.0);
        assertThat(g.get(2).data()).isEqualTo(3.0);
        assertThat(g.get(3).data()).isEqualTo(1.0);
        assertThat(g.get(4).data()).isEqualTo(6.0);
    }

    @Test
    @DisplayName("each off-diagonal pair of the Hessian is replaced by its mean, bit for bit")
    void symmetricPairs() {
        Value x = new Value(0.3);
        Value y = new Value(1.3 - 0.3 / 3);
        Value out = x.pow(y).mul(y.sigmoid());
        List<Value> g = Autograd.grad(out, List.of(x, y));
        double hxy = Autograd.grad(g.get(0), List.of(x, y)).get(1).data();
        double hyx = Autograd.grad(g.get(1), List.of(x, y)).get(0).data();
        assertThat(hxy).isNotEqualTo(hyx);                  // the two orders round differently here
        double[][] h = Autograd.hessian(out, List.of(x, y));
        assertThat(h[0][1]).isEqualTo(0.5 * (hxy + hyx));
        assertThat(h[1][0]).isEqualTo(h[0][1]);
    }

    @Test
    @DisplayName("the diagonal is left as computed, even where adding it to itself would overflow")
    void diagonalUntouched() {
        Value x = new Value(1.0);
        Value z = new Value(0.5);
        Value out = x.pow(2.0).mul(5e307).add(z.mul(x));      // d2/dx2 = 1e308, d2/dxdz = 1
        double[][] h = Autograd.hessian(out, List.of(x, z));
        assertThat(h[0][0]).isEqualTo(1e308);
        assertThat(h[0][1]).isEqualTo(1.0);
        assertThat(h[1][1]).isEqualTo(0.0);
    }

    @Test
    @DisplayName("a Hessian-vector product over no inputs is empty")
    void noInputs() {
        Value x = new Value(2.0);
        assertThat(Autograd.hessianVectorProduct(x.mul(x), List.of(), new double[0])).isEmpty();
        assertThat(Autograd.hessian(x.mul(x), List.of())).isEmpty();
    }

    @Test
    @DisplayName("ReLU's derivative at 0 is 0 (a step of 0 there), and 1 just above")
    void reluAtZero() {
        Value x = new Value(0.0);
        assertThat(Autograd.grad(x.relu(), x).get(0).data()).isEqualTo(0.0);
        assertThat(x.step().data()).isEqualTo(0.0);
        assertThat(new Value(Double.MIN_VALUE).step().data()).isEqualTo(1.0);
        assertThat(new Value(-0.0).step().data()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("x^0 and x^y at x = 0, y = 0: value 1, both derivatives exactly 0 (not 0 times Infinity)")
    void powersAtZero() {
        Value x = new Value(0.0);
        Value p = x.pow(0.0);
        assertThat(p.data()).isEqualTo(1.0);
        assertThat(p.partial(0)).isEqualTo(0.0);
        assertThat(Autograd.grad(p, x).get(0).data()).isEqualTo(0.0);
        Value e = new Value(0.0);
        Value q = x.pow(e);
        assertThat(q.data()).isEqualTo(1.0);
        assertThat(q.partial(0)).isEqualTo(0.0);
        assertThat(q.partial(1)).isEqualTo(0.0);
        Value r = x.pow(new Value(-1.0));                     // a negative exponent at 0: y·ln(0) = -Infinity
        assertThat(r.partial(1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    @DisplayName("through a dot product, each factor's derivative is its partner, whichever factors are asked for")
    void dotFactors() {
        Value[] a = {new Value(1.0), new Value(2.0), new Value(3.0)};
        Value[] b = {new Value(-4.0), new Value(5.0), new Value(-6.0)};
        Value d = Value.dot(List.of(a), List.of(b));
        for (int i = 0; i < 3; i++) {
            assertThat(Autograd.grad(d, a[i]).get(0).data()).isEqualTo(b[i].data());
            assertThat(Autograd.grad(d, b[i]).get(0).data()).isEqualTo(a[i].data());
        }
        List<Value> all = Autograd.grad(d, a[2], b[0], b[2], a[1]);
        assertThat(all).extracting(Value::data).containsExactly(-6.0, 1.0, 3.0, 5.0);
    }
}
