package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import io.github.micrograd4j.viz.GraphDot;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Structure, bad input and IEEE edge cases")
class ValueEdgeCasesTest {

    @Nested
    @DisplayName("a node knows its operation and operands")
    class Structure {
        @Test
        void leaf() {
            Value a = new Value(1.5, "a");
            assertThat(a.isLeaf()).isTrue();
            assertThat(a.op()).isEmpty();
            assertThat(a.children()).isEmpty();
            assertThat(a.label()).isEqualTo("a");
            assertThat(a.grad()).isZero();
            assertThat(new Value(2).label()).isNull();
        }

        @Test
        void interior() {
            Value a = new Value(1.5);
            Value b = new Value(-2);
            Value c = a.mul(b);
            assertThat(c.isLeaf()).isFalse();
            assertThat(c.op()).isEqualTo("*");
            assertThat(c.children()).containsExactly(a, b);
            assertThat(a.add(b).op()).isEqualTo("+");
            assertThat(a.pow(2).op()).isEqualTo("**");
            assertThat(a.tanh().op()).isEqualTo("tanh");
            assertThat(Value.sum(a, b).op()).isEqualTo("sum");
            assertThatThrownBy(() -> c.children().add(a)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("toString is micrograd's Value(data=..., grad=...)")
        void printsLikeMicrograd() {
            Value a = new Value(2.0);
            Value b = a.mul(3);
            b.backward();
            assertThat(b.toString()).isEqualTo("Value(data=6.0, grad=1.0)");
            assertThat(a.toString()).isEqualTo("Value(data=2.0, grad=3.0)");
        }

        @Test
        @DisplayName("equality is identity: equal data never merges two values")
        void identity() {
            Value a = new Value(1);
            Value b = new Value(1);
            assertThat(a).isNotEqualTo(b).isEqualTo(a);
            assertThat(new java.util.HashSet<>(List.of(a, b))).hasSize(2);
        }

        @Test
        void setters() {
            Value a = new Value(1);
            a.setData(4);
            a.setGrad(-2);
            a.setLabel("w");
            assertThat(a.data()).isEqualTo(4.0);
            assertThat(a.grad()).isEqualTo(-2.0);
            assertThat(a.label()).isEqualTo("w");
        }
    }

    @Nested
    @DisplayName("bad input fails fast with a message naming the argument")
    class BadInput {
        @Test
        void nullOperands() {
            Value a = new Value(1);
            assertThatThrownBy(() -> a.add(null)).isInstanceOf(NullPointerException.class).hasMessage("other == null");
            assertThatThrownBy(() -> a.sub(null)).isInstanceOf(NullPointerException.class).hasMessage("other == null");
            assertThatThrownBy(() -> a.mul(null)).isInstanceOf(NullPointerException.class).hasMessage("other == null");
            assertThatThrownBy(() -> a.div(null)).isInstanceOf(NullPointerException.class).hasMessage("other == null");
            assertThatThrownBy(() -> a.pow((Value) null)).isInstanceOf(NullPointerException.class).hasMessage("exponent == null");
        }

        @Test
        @DisplayName("one label rule: null means no label, in the constructor as in setLabel")
        void nullLabel() {
            Value unlabelled = new Value(1, null);
            assertThat(unlabelled.label()).isNull();
            assertThat(GraphDot.render(unlabelled)).isEqualTo(GraphDot.render(new Value(1)));
            Value named = new Value(1, "w0");
            named.setLabel(null);
            assertThat(named.label()).isNull();
            named.setLabel("w1");
            assertThat(named.label()).isEqualTo("w1");
        }

        @Test
        void sums() {
            assertThatThrownBy(() -> Value.sum(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values is empty");
            assertThatThrownBy(() -> Value.sum((Iterable<Value>) null)).isInstanceOf(NullPointerException.class).hasMessage("values == null");
            assertThatThrownBy(() -> Value.sum(new Value(1), null)).isInstanceOf(NullPointerException.class).hasMessage("values contains null");
            Value one = new Value(1);
            assertThatThrownBy(() -> Value.dot(List.of(one, one), List.of(one)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a.size() (2) != b.size() (1)");
            assertThatThrownBy(() -> Value.dot(List.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a is empty");
        }

        @Test
        @DisplayName("sum copies its arguments: changing the array later does not change the graph")
        void sumCopies() {
            Value[] terms = {new Value(1), new Value(2)};
            Value s = Value.sum(terms);
            terms[0] = new Value(100);
            assertThat(s.children().get(0).data()).isEqualTo(1.0);
        }
    }

    @Nested
    @DisplayName("out-of-domain inputs follow IEEE-754 and never throw")
    class Ieee {
        @Test
        void logOfZeroAndNegative() {
            Value z = new Value(0);
            Value y = z.log();
            y.backward();
            assertThat(y.data()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(z.grad()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(new Value(-1).log().data()).isNaN();
        }

        @Test
        void powOutOfDomain() {
            assertThat(new Value(-8).pow(1.0 / 3).data()).isNaN();
            Value zero = new Value(0);
            Value inv = zero.pow(-1);
            inv.backward();
            assertThat(inv.data()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(zero.grad()).isEqualTo(Double.NEGATIVE_INFINITY);
        }

        @Test
        void divisionByZero() {
            Value a = new Value(1);
            Value b = new Value(0);
            Value q = a.div(b);
            q.backward();
            assertThat(q.data()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(a.grad()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(new Value(0).div(0.0).data()).isNaN();
        }

        @Test
        void hugeInputs() {
            Value e = new Value(710).exp();
            assertThat(e.data()).isEqualTo(Double.POSITIVE_INFINITY);
            for (double x : new double[] {1e308, -1e308, 800, -800}) {
                Value v = new Value(x);
                Value t = v.tanh();
                t.backward();
                assertThat(t.data()).isEqualTo(Math.signum(x));
                assertThat(v.grad()).isZero();
                Value w = new Value(x);
                Value s = w.sigmoid();
                s.backward();
                assertThat(s.data()).isEqualTo(x > 0 ? 1.0 : 0.0);
                assertThat(w.grad()).isZero();
                assertThat(new Value(x).relu().data()).isEqualTo(Math.max(0, x));
            }
        }

        @Test
        @DisplayName("NaN flows forward and backward instead of disappearing")
        void nanPropagates() {
            Value x = new Value(Double.NaN);
            Value w = new Value(2);
            Value y = x.mul(w).relu().add(1);
            y.backward();
            assertThat(y.data()).isNaN();
            assertThat(w.grad()).isNaN();
        }
    }

    @Nested
    @DisplayName("custom operations plug into backward like built-in ones")
    class Custom {
        static final CustomOp SOFTPLUS = CustomOp.of("softplus",
                v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),   // log(1 + e^v), stable
                (v, y) -> 1 / (1 + Math.exp(-v)));                           // d/dv = sigmoid(v)

        static Value softplus(Value x) {
            return SOFTPLUS.apply(x);
        }

        @Test
        @DisplayName("softplus gives PyTorch's value and gradient, and passes a gradient check")
        void softplusExample() {
            Value x = new Value(-0.4);
            Value y = softplus(x);
            y.backward();
            assertThat(y.data()).isCloseTo(0.5130152523999525, within(1e-15));
            assertThat(x.grad()).isCloseTo(0.401312339887548, within(1e-15));
            assertThat(y.op()).isEqualTo("softplus");
            GradCheck.assertGradientsWithin(v -> softplus(v.get(0).mul(v.get(1))), 1e-8, 0.7, -1.3);
            for (double at : new double[] {-3, -0.4, 0.5, 7}) {
                GradCheck.assertGradientsWithin(in -> softplus(in.get(0)), 1e-8, at);
            }
        }

        @Test
        @DisplayName("a two-operand op: hypot(a, b) with partials a/h and b/h")
        void binary() {
            Value a = new Value(3);
            Value b = new Value(4);
            CustomOp hypot = CustomOp.of("hypot", 2, v -> Math.hypot(v[0], v[1]), (v, y, p) -> {
                p[0] = v[0] / y;
                p[1] = v[1] / y;
            });
            Value h = hypot.apply(a, b);
            h.mul(2).backward();
            assertThat(a.grad()).isCloseTo(1.2, within(1e-15));
            assertThat(b.grad()).isCloseTo(1.6, within(1e-15));
            assertThat(h.children()).containsExactly(a, b);
            assertThat(h.partial(0)).isCloseTo(0.6, within(1e-15));
        }

        @Test
        @DisplayName("an n-ary op: the product of three values; the operands array is copied")
        void nary() {
            Value[] xs = {new Value(2), new Value(3), new Value(5)};
            CustomOp prod = CustomOp.of("prod", 3, v -> v[0] * v[1] * v[2], (v, y, p) -> {
                p[0] = v[1] * v[2];
                p[1] = v[0] * v[2];
                p[2] = v[0] * v[1];
            });
            Value p = prod.apply(xs);
            xs[0] = new Value(-1);                         // the array is copied: the node keeps the original
            p.backward();
            assertThat(p.children()).extracting(Value::data).containsExactly(2.0, 3.0, 5.0);
            assertThat(p.children()).extracting(Value::grad).containsExactly(15.0, 10.0, 6.0);
        }
    }

    @Test
    @DisplayName("separate graphs on separate threads give the same gradients as one after the other")
    void threads() throws Exception {
        int n = 4;
        double[] sequential = new double[n];
        for (int t = 0; t < n; t++) {
            sequential[t] = work(t);
        }
        double[] parallel = new double[n];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int id = t;
            threads.add(new Thread(() -> parallel[id] = work(id)));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(parallel).containsExactly(sequential);
        assertThat(Arrays.stream(sequential).distinct().count()).isEqualTo(n);
    }

    /** Builds and differentiates 200 graphs of 2,000 nodes; returns a digest of the gradients. */
    static double work(int id) {
        double digest = 0;
        for (int rep = 0; rep < 200; rep++) {
            Value x = new Value(0.1 * (id + 1));
            Value y = x;
            for (int i = 0; i < 1000; i++) {
                y = y.mul(0.999).tanh();
            }
            y.backward();
            digest += x.grad();
        }
        return digest;
    }
}
