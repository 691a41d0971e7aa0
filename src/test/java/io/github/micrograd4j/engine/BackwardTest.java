package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How backward() applies the chain rule over a whole graph: fan-out, reuse, accumulation and depth.
 */
@DisplayName("backward() applies the chain rule over the whole graph")
class BackwardTest {

    static final double TOL = 1e-12;

    @Test
    @DisplayName("micrograd's README expression: g = 24.704, dg/da = 138.834, dg/db = 645.577")
    void readmeExpression() {
        Value a = new Value(-4.0);
        Value b = new Value(2.0);
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(c.add(1).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Value e = c.sub(d);
        Value f = e.pow(2);
        Value g = f.div(2.0);
        g = g.add(f.pow(-1).mul(10.0));
        g.backward();
        assertThat(g.data()).isCloseTo(24.70408163265306, within(1e-12 * 24.70408163265306));
        assertThat(a.grad()).isCloseTo(138.83381924198252, within(1e-12 * 138.83381924198252));
        assertThat(b.grad()).isCloseTo(645.5772594752186, within(1e-12 * 645.5772594752186));
    }

    @Test
    @DisplayName("micrograd's sanity check: y = -20 and dy/dx = 46")
    void sanityCheck() {
        Value x = new Value(-4.0);
        Value z = x.mul(2).add(2).add(x);
        Value q = z.relu().add(z.mul(x));
        Value h = z.mul(z).relu();
        Value y = h.add(q).add(q.mul(x));
        y.backward();
        assertThat(y.data()).isCloseTo(-20.0, within(TOL));
        assertThat(x.grad()).isCloseTo(46.0, within(TOL));
    }

    @Nested
    @DisplayName("a value used more than once receives the sum of its shares")
    class FanOut {
        @Test
        @DisplayName("a + a: the two paths each carry 1, so d/da = 2")
        void addToItself() {
            Value a = new Value(3.0);
            Value b = a.add(a);
            b.backward();
            assertThat(b.data()).isCloseTo(6.0, within(TOL));
            assertThat(a.grad()).isCloseTo(2.0, within(TOL));
        }

        @Test
        @DisplayName("x * x * x: d/dx = 3x^2")
        void cube() {
            Value x = new Value(-1.5);
            Value y = x.mul(x).mul(x);
            y.backward();
            assertThat(x.grad()).isCloseTo(3 * 1.5 * 1.5, within(TOL));
        }

        @Test
        @DisplayName("a diamond: f = (2a)(a + 1), df/da = 4a + 2 through both branches")
        void diamond() {
            Value a = new Value(0.75);
            Value left = a.mul(2);
            Value right = a.add(1);
            Value f = left.mul(right);
            f.backward();
            assertThat(a.grad()).isCloseTo(4 * 0.75 + 2, within(TOL));
            assertThat(left.grad()).as("df/dleft = right").isCloseTo(1.75, within(TOL));
            assertThat(right.grad()).as("df/dright = left").isCloseTo(1.5, within(TOL));
        }

        @Test
        @DisplayName("two leaves with equal data stay two values (identity, not equality)")
        void equalDataDistinctLeaves() {
            Value a = new Value(2.0);
            Value b = new Value(2.0);
            Value y = a.mul(3).add(b);
            y.backward();
            assertThat(a).isNotEqualTo(b);
            assertThat(a.grad()).isCloseTo(3.0, within(TOL));
            assertThat(b.grad()).isCloseTo(1.0, within(TOL));
        }
    }

    @Nested
    @DisplayName("leaf gradients accumulate until zeroed; interior gradients are recomputed")
    class Accumulation {
        @Test
        @DisplayName("backward twice on the same root adds each leaf's gradient exactly once more")
        void twice() {
            Value x = new Value(2.0);
            Value y = x.mul(x).add(x);        // dy/dx = 2x + 1 = 5
            Value z = y.mul(3);               // dz/dx = 15
            z.backward();
            z.backward();
            assertThat(x.grad()).isCloseTo(30.0, within(TOL));
            assertThat(y.grad()).as("interior: recomputed, not doubled").isCloseTo(3.0, within(TOL));
        }

        @Test
        @DisplayName("two roots that share a leaf add up their gradients in it")
        void twoRoots() {
            Value x = new Value(2.0);
            Value r1 = x.mul(4);
            Value r2 = x.pow(2);
            r1.backward();
            r2.backward();
            assertThat(x.grad()).isCloseTo(4 + 4, within(TOL));
        }

        @Test
        @DisplayName("setGrad(0) between steps starts the count again")
        void zeroing() {
            Value x = new Value(2.0);
            x.mul(5).backward();
            x.setGrad(0);
            x.mul(7).backward();
            assertThat(x.grad()).isCloseTo(7.0, within(TOL));
        }

        @Test
        @DisplayName("backward on a leaf adds the seed 1 to its gradient, as PyTorch does")
        void leafRoot() {
            Value x = new Value(2.0);
            x.backward();
            x.backward();
            assertThat(x.grad()).isCloseTo(2.0, within(TOL));
        }

        @Test
        @DisplayName("an interior root's gradient is set to 1, not added to")
        void interiorRoot() {
            Value y = new Value(2.0).mul(3);
            y.backward();
            y.backward();
            assertThat(y.grad()).isCloseTo(1.0, within(TOL));
        }

        @Test
        @DisplayName("a sub-graph differentiated from its own root and then from a larger one gives the larger one's gradients")
        void nestedRoots() {
            Value x = new Value(1.5);
            Value y = x.tanh();
            Value z = y.mul(y);
            y.backward();
            x.setGrad(0);
            z.backward();
            assertThat(y.grad()).isCloseTo(2 * y.data(), within(TOL));
            assertThat(x.grad()).isCloseTo(2 * y.data() * (1 - y.data() * y.data()), within(TOL));
        }
    }

    @Nested
    @DisplayName("depth is limited by memory, not by the thread stack")
    class Depth {
        @Test
        @DisplayName("a 1,000,000-node chain runs backward on a 512 KiB stack")
        void millionNodeChain() throws InterruptedException {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            double[] result = new double[2];
            Thread t = new Thread(null, () -> {
                try {
                    Value x = new Value(1.0);
                    Value y = x;
                    for (int i = 0; i < 1_000_000; i++) {
                        y = y.mul(1.0).add(1e-6);
                    }
                    y.backward();
                    result[0] = y.data();
                    result[1] = x.grad();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "small-stack", 512 * 1024);
            t.start();
            t.join();
            assertThat(failure.get()).isNull();
            assertThat(result[0]).isCloseTo(2.0, within(1e-6));
            assertThat(result[1]).isCloseTo(1.0, within(TOL));
        }

        @Test
        @DisplayName("a sum of 100,000 products differentiates each factor")
        void wideSum() {
            Value[] terms = new Value[100_000];
            Value[] xs = new Value[terms.length];
            for (int i = 0; i < terms.length; i++) {
                xs[i] = new Value(i);
                terms[i] = xs[i].mul(xs[i]);
            }
            Value s = Value.sum(terms);
            s.backward();
            assertThat(xs[12345].grad()).isCloseTo(2 * 12345.0, within(TOL));
            assertThat(xs[99999].grad()).isCloseTo(2 * 99999.0, within(TOL));
        }
    }
}
