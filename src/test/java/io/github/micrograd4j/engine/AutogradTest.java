package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.viz.GraphDot;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autograd.grad builds gradients as graphs, so they can be differentiated again: second and third derivatives of
 * every op against closed forms and central differences, Hessians, Hessian-vector products, custom ops, depth.
 */
@DisplayName("Autograd: gradients as graphs, Hessians, derivatives of derivatives")
class AutogradTest {

    /** Closed forms agree to rounding: relative 1e-12 (1e-10 for third derivatives, which chain more nodes). */
    static final double EXACT = 1e-12;
    /** A central difference of a derivative with step 1e-5 agrees to about 1e-9; 1e-6 relative leaves room. */
    static final double CENTRAL = 1e-6;

    static double d(Value out, Value x) {
        return Autograd.grad(out, x).get(0).data();
    }

    static void close(double actual, double expected, double tol) {
        assertThat(actual).isCloseTo(expected, within(tol * Math.max(1, Math.abs(expected))));
    }

    @Nested
    @DisplayName("each op's derivative is written twice, as numbers and as a graph: the two agree")
    class OneDefinition {

        static List<Op.Unary> unaryOps() {
            return OpTable.unary();
        }

        static List<Op.Binary> binaryOps() {
            return OpTable.binary();
        }

        @ParameterizedTest
        @MethodSource("unaryOps")
        @DisplayName("ops of one operand: chain(1, x, c, y) has the data of partial(x, c, y) at random points")
        void unary(Op.Unary op) {
            Random rng = new Random(1337);
            for (int i = 0; i < 200; i++) {
                double x = op == Ops.LOG || op == Ops.POW_C ? rng.nextDouble() * 5 + 0.01 : rng.nextDouble() * 10 - 5;
                double c = rng.nextDouble() * 6 - 3;
                double y = op.value(x, c);
                Value graph = op.chain(new Value(1.0), new Value(x), c, new Value(y));
                double slope = op.partial(x, c, y);
                assertThat(graph == null ? 0.0 : graph.data()).as("%s at x=%s c=%s", op, x, c)
                        .isCloseTo(slope, within(1e-15 * Math.max(1, Math.abs(slope))));
            }
        }

        @ParameterizedTest
        @MethodSource("binaryOps")
        @DisplayName("ops of two operands: chainA and chainB have the data of partialA and partialB at random points")
        void binary(Op.Binary op) {
            Random rng = new Random(1337);
            for (int i = 0; i < 200; i++) {
                double a = op == Ops.POW ? rng.nextDouble() * 5 + 0.01 : rng.nextDouble() * 10 - 5;
                double b = rng.nextDouble() * 6 - 3;
                double y = op.value(a, b);
                Value va = new Value(a);
                Value vb = new Value(b);
                Value vy = new Value(y);
                double da = op.partialA(a, b, y);
                double db = op.partialB(a, b, y);
                assertThat(op.chainA(new Value(1.0), va, vb, vy).data()).isCloseTo(da, within(1e-15 * Math.max(1, Math.abs(da))));
                assertThat(op.chainB(new Value(1.0), va, vb, vy).data()).isCloseTo(db, within(1e-15 * Math.max(1, Math.abs(db))));
            }
        }

        @Test
        @DisplayName("sums, dot products and layers (relu and linear): Autograd.grad equals backward(), changes no grad")
        void naryNodes() {
            Random rng = new Random(1337);
            for (boolean relu : new boolean[] {false, true}) {
                for (int trial = 0; trial < 50; trial++) {
                    Value bias = new Value(rng.nextGaussian());
                    Value u = new Value(rng.nextGaussian());
                    Value[] w = {new Value(rng.nextGaussian()), u};
                    Value[] x = {new Value(rng.nextGaussian()).tanh(), w[0]};      // a computed input, a weight
                    Value[] y = new Linear(new Value[][] {w, {w[1], bias}}, new Value[] {bias, w[0]}, relu).apply(x);
                    Value out = Value.sum(y[0], y[1], x[0], x[0].mul(bias), Value.dot(List.of(x), List.of(w)));
                    List<Value> leaves = List.of(bias, w[0], x[0].children().get(0), u);
                    List<Value> g = Autograd.grad(out, leaves);
                    for (Value v : leaves) {
                        assertThat(v.grad()).isZero();
                    }
                    out.backward();
                    for (int i = 0; i < leaves.size(); i++) {
                        assertThat(g.get(i).data()).isCloseTo(leaves.get(i).grad(), within(1e-14));
                    }
                }
            }
        }
    }

    record Unary(String name, UnaryOperator<Value> f, DoubleUnaryOperator d1, DoubleUnaryOperator d2,
            DoubleUnaryOperator d3, double lo, double hi) {
        @Override
        public String toString() {
            return name;
        }
    }

    static double tanh(double x) {
        return Math.tanh(x);
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static Stream<Unary> unaryOps() {
        double c = 1.7;
        double k = 2.6;
        return Stream.of(
                new Unary("add c", v -> v.add(c), x -> 1, x -> 0, x -> 0, -3, 3),
                new Unary("sub c", v -> v.sub(c), x -> 1, x -> 0, x -> 0, -3, 3),
                new Unary("rsub", v -> v.rsub(c), x -> -1, x -> 0, x -> 0, -3, 3),
                new Unary("mul c", v -> v.mul(c), x -> c, x -> 0, x -> 0, -3, 3),
                new Unary("div c", v -> v.div(c), x -> 1 / c, x -> 0, x -> 0, -3, 3),
                new Unary("rdiv", v -> v.rdiv(c), x -> -c / (x * x), x -> 2 * c / (x * x * x),
                        x -> -6 * c / (x * x * x * x), 0.5, 3),
                new Unary("pow k", v -> v.pow(k), x -> k * Math.pow(x, k - 1), x -> k * (k - 1) * Math.pow(x, k - 2),
                        x -> k * (k - 1) * (k - 2) * Math.pow(x, k - 3), 0.5, 3),
                new Unary("pow 3", v -> v.pow(3), x -> 3 * x * x, x -> 6 * x, x -> 6, -3, 3),
                new Unary("neg", Value::neg, x -> -1, x -> 0, x -> 0, -3, 3),
                new Unary("relu", Value::relu, x -> x > 0 ? 1 : 0, x -> 0, x -> 0, -3, 3),
                new Unary("tanh", Value::tanh, x -> 1 - tanh(x) * tanh(x), x -> -2 * tanh(x) * (1 - tanh(x) * tanh(x)),
                        x -> (1 - tanh(x) * tanh(x)) * (6 * tanh(x) * tanh(x) - 2), -3, 3),
                new Unary("exp", Value::exp, Math::exp, Math::exp, Math::exp, -3, 3),
                new Unary("log", Value::log, x -> 1 / x, x -> -1 / (x * x), x -> 2 / (x * x * x), 0.5, 3),
                new Unary("sigmoid", Value::sigmoid, x -> sig(x) * (1 - sig(x)),
                        x -> sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
                        x -> sig(x) * (1 - sig(x)) * (1 - 6 * sig(x) + 6 * sig(x) * sig(x)), -3, 3));
    }

    @ParameterizedTest
    @MethodSource("unaryOps")
    @DisplayName("first, second and third derivatives of each unary op: closed forms and central differences")
    void unaryDerivatives(Unary op) {
        Random rng = new Random(42);
        for (int i = 0; i < 30; i++) {
            double at = op.lo + (op.hi - op.lo) * rng.nextDouble();
            if (Math.abs(at) < 0.05) {
                continue;                                      // relu's kink: central differences straddle it
            }
            Value x = new Value(at);
            Value d1 = Autograd.grad(op.f.apply(x), x).get(0);
            Value d2 = Autograd.grad(d1, x).get(0);
            Value d3 = Autograd.grad(d2, x).get(0);
            close(d1.data(), op.d1.applyAsDouble(at), EXACT);
            close(d2.data(), op.d2.applyAsDouble(at), EXACT);
            close(d3.data(), op.d3.applyAsDouble(at), 1e-10);
            double h = 1e-5 * Math.max(1, Math.abs(at));
            close(d2.data(), (firstAt(op, at + h) - firstAt(op, at - h)) / (2 * h), CENTRAL);
            close(d3.data(), (secondAt(op, at + h) - secondAt(op, at - h)) / (2 * h), CENTRAL);
        }
    }

    static double firstAt(Unary op, double at) {
        Value x = new Value(at);
        return d(op.f.apply(x), x);
    }

    static double secondAt(Unary op, double at) {
        Value x = new Value(at);
        return d(Autograd.grad(op.f.apply(x), x).get(0), x);
    }

    record Binary(String name, BinaryOperator<Value> f, double[] hessianAt12) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Binary> binaryOps() {
        double a = 1.3;
        double b = 0.7;
        return Stream.of(
                new Binary("add", Value::add, new double[] {0, 0, 0}),
                new Binary("sub", Value::sub, new double[] {0, 0, 0}),
                new Binary("mul", Value::mul, new double[] {0, 1, 0}),
                new Binary("div", Value::div, new double[] {0, -1 / (b * b), 2 * a / (b * b * b)}),
                new Binary("pow", Value::pow, new double[] {b * (b - 1) * Math.pow(a, b - 2),
                        Math.pow(a, b - 1) * (1 + b * Math.log(a)), Math.pow(a, b) * Math.log(a) * Math.log(a)}),
                new Binary("mul of the same node", (p, q) -> p.mul(p).mul(q), new double[] {2 * b, 2 * a, 0}));
    }

    @ParameterizedTest
    @MethodSource("binaryOps")
    @DisplayName("binary ops at (1.3, 0.7): f_aa, f_ab = f_ba, f_bb against closed forms and central differences")
    void binaryDerivatives(Binary op) {
        Value a = new Value(1.3);
        Value b = new Value(0.7);
        List<Value> g = Autograd.grad(op.f.apply(a, b), a, b);
        List<Value> ga = Autograd.grad(g.get(0), a, b);
        List<Value> gb = Autograd.grad(g.get(1), a, b);
        close(ga.get(0).data(), op.hessianAt12[0], EXACT);
        close(ga.get(1).data(), op.hessianAt12[1], EXACT);
        close(gb.get(0).data(), op.hessianAt12[1], EXACT);     // mixed partials equal
        close(gb.get(1).data(), op.hessianAt12[2], EXACT);
        assertThat(ga.get(1).data()).isCloseTo(gb.get(0).data(), within(1e-14));
        double h = 1e-5;
        double[] up = gradAt(op.f, 1.3, 0.7 + h);
        double[] down = gradAt(op.f, 1.3, 0.7 - h);
        close(gb.get(0).data(), (up[0] - down[0]) / (2 * h), CENTRAL);
        close(gb.get(1).data(), (up[1] - down[1]) / (2 * h), CENTRAL);
    }

    static double[] gradAt(BinaryOperator<Value> f, double pa, double pb) {
        Value a = new Value(pa);
        Value b = new Value(pb);
        List<Value> g = Autograd.grad(f.apply(a, b), a, b);
        return new double[] {g.get(0).data(), g.get(1).data()};
    }

    @Test
    @DisplayName("third derivatives of pow with a Value exponent: f_aab and f_abb against central differences")
    void powThird() {
        Value a = new Value(1.3);
        Value b = new Value(0.7);
        Value fab = Autograd.grad(Autograd.grad(a.pow(b), a).get(0), b).get(0);
        List<Value> third = Autograd.grad(fab, a, b);
        double h = 1e-5;
        close(third.get(0).data(), (mixedAt(1.3 + h, 0.7) - mixedAt(1.3 - h, 0.7)) / (2 * h), CENTRAL);
        close(third.get(1).data(), (mixedAt(1.3, 0.7 + h) - mixedAt(1.3, 0.7 - h)) / (2 * h), CENTRAL);
        // closed form: d/db of a^(b-1) (1 + b ln a) = a^(b-1) ln a (1 + b ln a) + a^(b-1) ln a
        double closed = Math.pow(1.3, -0.3) * Math.log(1.3) * (2 + 0.7 * Math.log(1.3));
        close(third.get(1).data(), closed, EXACT);
    }

    static double mixedAt(double pa, double pb) {
        Value a = new Value(pa);
        Value b = new Value(pb);
        return d(Autograd.grad(a.pow(b), a).get(0), b);
    }

    @Nested
    @DisplayName("Hessians")
    class Hessians {

        static Value rosenbrock(Value x, Value y) {
            return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
        }

        @Test
        @DisplayName("Rosenbrock at (-1.2, 1): the closed form, symmetric, and central differences of the gradient")
        void rosenbrockHessian() {
            double px = -1.2;
            double py = 1.0;
            Value x = new Value(px);
            Value y = new Value(py);
            double[][] h = Autograd.hessian(rosenbrock(x, y), List.of(x, y));
            close(h[0][0], 2 - 400 * (py - 3 * px * px), EXACT);
            close(h[0][1], -400 * px, EXACT);
            close(h[1][0], -400 * px, EXACT);
            close(h[1][1], 200, EXACT);
            double[][] numeric = centralHessian(v -> rosenbrock(v.get(0), v.get(1)), px, py);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    close(h[i][j], numeric[i][j], CENTRAL);
                }
            }
            assertThat(x.grad()).isZero();
        }

        @Test
        @DisplayName("a small tanh MLP's mse loss: the Hessian against central differences of backward()'s gradient")
        void mlpHessian() {
            MLP model = new MLP(2, new int[] {3, 1}, Activation.TANH, Activation.LINEAR, Init.UNIFORM, new Random(7));
            List<Value> params = model.parameters();
            double[] p0 = params.stream().mapToDouble(Value::data).toArray();
            double[][] h = Autograd.hessian(mlpLoss(model), params);
            int n = params.size();
            double step = 1e-5;
            for (int j = 0; j < n; j++) {
                params.get(j).setData(p0[j] + step);
                double[] up = backwardGradient(model);
                params.get(j).setData(p0[j] - step);
                double[] down = backwardGradient(model);
                params.get(j).setData(p0[j]);
                for (int i = 0; i < n; i++) {
                    assertThat(h[i][j]).as("H[%d][%d]", i, j)
                            .isCloseTo((up[i] - down[i]) / (2 * step), within(1e-6));
                }
            }
        }

        @Test
        @DisplayName("a relu MLP (fused weighted-sum nodes) with the hinge loss: Hessian times v equals hessianVectorProduct")
        void hessianVectorProduct() {
            MLP model = new MLP(new Random(3), 2, 4, 4, 1);
            List<Value> params = model.parameters();
            Value loss = mlpLoss(model).pow(2).add(Losses.hinge(List.of(model.apply(0.3, -0.5).get(0)),
                    new double[] {1}));
            double[][] h = Autograd.hessian(loss, params);
            Random rng = new Random(5);
            double[] v = new double[params.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            double[] hv = Autograd.hessianVectorProduct(loss, params, v);
            double nonzero = 0;
            for (int i = 0; i < v.length; i++) {
                double expected = 0;
                for (int j = 0; j < v.length; j++) {
                    expected += h[i][j] * v[j];
                }
                assertThat(hv[i]).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
                nonzero += Math.abs(hv[i]);
            }
            assertThat(nonzero).isGreaterThan(0.1);
            assertThatThrownBy(() -> Autograd.hessianVectorProduct(loss, params, new double[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("v.length (2) != inputs.size() (" + params.size() + ")");
        }

        static Value mlpLoss(MLP model) {
            double[][] xs = {{0.5, -1.0}, {-0.3, 0.8}, {1.2, 0.1}};
            double[] ys = {0.7, -0.2, 0.4};
            List<Value> out = new ArrayList<>();
            for (double[] x : xs) {
                out.add(model.apply(x).get(0));
            }
            return Losses.mse(out, ys);
        }

        static double[] backwardGradient(MLP model) {
            model.zeroGrad();
            mlpLoss(model).backward();
            return model.parameters().stream().mapToDouble(Value::grad).toArray();
        }

        static double[][] centralHessian(Function<List<Value>, Value> f, double... at) {
            int n = at.length;
            double[][] h = new double[n][n];
            double step = 1e-5;
            for (int j = 0; j < n; j++) {
                double[] up = at.clone();
                double[] down = at.clone();
                up[j] += step;
                down[j] -= step;
                double[] gu = gradient(f, up);
                double[] gd = gradient(f, down);
                for (int i = 0; i < n; i++) {
                    h[i][j] = (gu[i] - gd[i]) / (2 * step);
                }
            }
            return h;
        }

        static double[] gradient(Function<List<Value>, Value> f, double[] at) {
            List<Value> leaves = new ArrayList<>();
            for (double a : at) {
                leaves.add(new Value(a));
            }
            f.apply(leaves).backward();
            return leaves.stream().mapToDouble(Value::grad).toArray();
        }
    }

    @Nested
    @DisplayName("edge cases and rules")
    class Rules {

        @Test
        @DisplayName("an input the output does not depend on gets a constant 0; the output itself gets 1")
        void constants() {
            Value x = new Value(2);
            Value y = new Value(3);
            Value out = x.mul(x);
            List<Value> g = Autograd.grad(out, x, y, out);
            assertThat(g.get(0).data()).isEqualTo(4.0);
            assertThat(g.get(1).data()).isEqualTo(0.0);
            assertThat(g.get(1).isLeaf()).isTrue();
            assertThat(g.get(2).data()).isEqualTo(1.0);
            assertThat(Autograd.grad(x, x).get(0).data()).isEqualTo(1.0);
            assertThat(Autograd.grad(x, y).get(0).data()).isEqualTo(0.0);
            assertThat(Autograd.grad(out, List.of())).isEmpty();
        }

        @Test
        @DisplayName("relu's second derivative is 0, and its first is a step node that a tape replays")
        void reluSecondDerivative() {
            Value x = new Value(1.5);
            Value y = x.mul(x).relu();                          // x^2 for x != 0: d = 2x, d2 = 2
            Value d1 = Autograd.grad(y, x).get(0);
            assertThat(d1.data()).isEqualTo(3.0);
            assertThat(d(d1, x)).isEqualTo(2.0);
            assertThat(d(Autograd.grad(x.relu(), x).get(0), x)).isEqualTo(0.0);
            Value z = x.sub(2).relu();
            Value dz = Autograd.grad(z, x).get(0);
            assertThat(dz.data()).isEqualTo(0.0);
            Tape tape = Tape.record(dz);
            x.setData(3);
            assertThat(tape.forward()).isEqualTo(1.0);
        }

        @Test
        @DisplayName("a tape recording a gradient graph replays it with the numbers of a rebuilt one")
        void tapeReplay() {
            Value x = new Value(0.4);
            Value y = new Value(-1.1);
            Value f = x.mul(x).mul(y).add(x.mul(y).tanh()).add(y.exp().div(x)).add(x.pow(y.sigmoid()));
            Value dfdx = Autograd.grad(f, x, y).get(0);
            Value d2 = Autograd.grad(dfdx, y).get(0);
            Tape t1 = Tape.record(dfdx);
            Tape t2 = Tape.record(d2);
            Random rng = new Random(9);
            for (int i = 0; i < 20; i++) {
                x.setData(0.1 + rng.nextDouble());
                y.setData(rng.nextGaussian());
                Value fx = new Value(x.data());
                Value fy = new Value(y.data());
                Value g = fx.mul(fx).mul(fy).add(fx.mul(fy).tanh()).add(fy.exp().div(fx)).add(fx.pow(fy.sigmoid()));
                Value gx = Autograd.grad(g, fx, fy).get(0);
                assertThat(t1.forward()).isCloseTo(gx.data(), within(1e-12 * Math.max(1, Math.abs(gx.data()))));
                double gxy = d(gx, fy);
                assertThat(t2.forward()).isCloseTo(gxy, within(1e-12 * Math.max(1, Math.abs(gxy))));
            }
        }

        @Test
        @DisplayName("grad changes no node's grad, and rejects nulls naming them")
        void noSideEffects() {
            Value x = new Value(2);
            x.setGrad(5);
            Value out = x.mul(x).tanh();
            Autograd.grad(Autograd.grad(out, x).get(0), x);
            assertThat(x.grad()).isEqualTo(5);
            assertThat(out.grad()).isZero();
            assertThatThrownBy(() -> Autograd.grad(null, x)).isInstanceOf(NullPointerException.class)
                    .hasMessage("output == null");
            assertThatThrownBy(() -> Autograd.grad(out, x, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("inputs[1] == null");
        }

        @Test
        @DisplayName("a gradient graph is made of ordinary nodes: GraphDot draws it")
        void drawable() {
            Value x = new Value(2, "x");
            Value d1 = Autograd.grad(x.pow(3), x).get(0);
            assertThat(GraphDot.render(d1)).contains("{ x | data 2.0000").contains("label=\"**\"");
        }

        @Test
        @DisplayName("no recursion: grad of a chain of 1,000,000 tanh nodes, and grad of that gradient")
        void deepChain() {
            int n = 1_000_000;
            Value x = new Value(0.5);
            Value y = x;
            double v = 0.5;
            double d1 = 1;
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                y = y.tanh();
                double t = Math.tanh(v);
                double s = 1 - t * t;
                d2 = s * d2 - 2 * t * s * d1 * d1;             // (tanh(u))'' = s u'' - 2 t s u'^2
                d1 = s * d1;
                v = t;
            }
            Value g1 = Autograd.grad(y, x).get(0);
            assertThat(g1.data()).isCloseTo(d1, within(1e-9 * Math.abs(d1)));
            Value g2 = Autograd.grad(g1, x).get(0);
            assertThat(g2.data()).isCloseTo(d2, within(1e-9 * Math.abs(d2)));
        }
    }
}
