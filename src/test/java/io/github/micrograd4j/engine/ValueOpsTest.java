package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every operation, one lesson each: its forward value, its local derivative against the formula written in
 * the row, and the same derivative against a central finite difference (the definition of a derivative).
 * Rows read {@code x, y, out, dx, dy}: inputs, expected value, expected d(out)/dx and d(out)/dy.
 */
@DisplayName("Each operation computes its value and its local derivatives")
class ValueOpsTest {

    static final double TOL = 1e-12;
    static final double FD_TOL = 1e-7;

    /**
     * Builds op(x, y) on fresh leaves, runs backward and checks value, both partials and a finite difference.
     * {@code name} is a format for the two inputs, such as {@code "%s + %s"}: every failure starts with it
     * ({@code "[2.0 + 3.0: d/dx]"}), so a report names the operation and the input.
     */
    static void checkBinary(String name, BiFunction<Value, Value, Value> op, double x, double y,
                            double out, double dx, double dy) {
        String at = String.format(name, x, y);
        Value a = new Value(x);
        Value b = new Value(y);
        Value r = op.apply(a, b);
        r.backward();
        assertThat(r.data()).as("%s: value", at).isCloseTo(out, within(TOL * Math.max(1, Math.abs(out))));
        assertThat(a.grad()).as("%s: d/dx", at).isCloseTo(dx, within(TOL * Math.max(1, Math.abs(dx))));
        assertThat(b.grad()).as("%s: d/dy", at).isCloseTo(dy, within(TOL * Math.max(1, Math.abs(dy))));
        assertFiniteDifference(at, v -> op.apply(v.get(0), v.get(1)), x, y);
    }

    /** As {@link #checkBinary} for one input; {@code name} is a format such as {@code "tanh(%s)"}. */
    static void checkUnary(String name, UnaryOperator<Value> op, double x, double out, double dx,
                           boolean finiteDifference) {
        String at = String.format(name, x);
        Value a = new Value(x);
        Value r = op.apply(a);
        r.backward();
        assertThat(r.data()).as("%s: value", at).isCloseTo(out, within(TOL * Math.max(1, Math.abs(out))));
        assertThat(a.grad()).as("%s: d/dx", at).isCloseTo(dx, within(TOL * Math.max(1, Math.abs(dx))));
        if (finiteDifference) {
            assertFiniteDifference(at, v -> op.apply(v.get(0)), x);
        }
    }

    private static void assertFiniteDifference(String at, Function<List<Value>, Value> f, double... point) {
        GradCheck.Result r = GradCheck.check(f, point);
        assertThat(r.maxError()).as("%s: finite difference, %s", at, r).isLessThanOrEqualTo(FD_TOL);
    }

    @Test
    @DisplayName("no two tests share a method name: Surefire's summary would merge them across the groups")
    void testMethodNamesAreUnique() {
        List<String> names = Stream.concat(Stream.of(ValueOpsTest.class), Arrays.stream(ValueOpsTest.class.getDeclaredClasses()))
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class))
                .map(Method::getName)
                .toList();
        assertThat(names).hasSizeGreaterThan(20).doesNotHaveDuplicates();
    }

    @Nested
    @DisplayName("add: d(x+y)/dx = 1 and d(x+y)/dy = 1")
    class Add {
        @ParameterizedTest(name = "{0} + {1} = {2}")
        @CsvSource({"2, 3, 5, 1, 1", "-1.5, 0, -1.5, 1, 1", "1e300, 1e300, 2e300, 1, 1"})
        void add(double x, double y, double out, double dx, double dy) {
            checkBinary("%s + %s", Value::add, x, y, out, dx, dy);
        }

        @Test
        @DisplayName("a constant is folded into the node, not made a child")
        void addConstant() {
            Value x = new Value(2);
            Value r = x.add(3.5);
            r.backward();
            assertThat(r.data()).isCloseTo(5.5, within(TOL));
            assertThat(x.grad()).isCloseTo(1.0, within(TOL));
            assertThat(r.children()).containsExactly(x);
        }
    }

    @Nested
    @DisplayName("sub: d(x-y)/dx = 1 and d(x-y)/dy = -1")
    class Sub {
        @ParameterizedTest(name = "{0} - {1} = {2}")
        @CsvSource({"2, 3, -1, 1, -1", "-1.5, 0, -1.5, 1, -1", "0, -7, 7, 1, -1"})
        void sub(double x, double y, double out, double dx, double dy) {
            checkBinary("%s - %s", Value::sub, x, y, out, dx, dy);
        }

        @Test
        void subConstant() {
            checkUnary("%s - 4", v -> v.sub(4), 1.0, -3.0, 1.0, true);
        }
    }

    @Nested
    @DisplayName("mul: d(xy)/dx = y and d(xy)/dy = x")
    class Mul {
        @ParameterizedTest(name = "{0} * {1} = {2}")
        @CsvSource({"2, 3, 6, 3, 2", "-1.5, 0, 0, 0, -1.5", "-4, -0.25, 1, -0.25, -4", "1e150, 1e150, 1e300, 1e150, 1e150"})
        void mul(double x, double y, double out, double dx, double dy) {
            checkBinary("%s * %s", Value::mul, x, y, out, dx, dy);
        }

        @Test
        void mulConstant() {
            checkUnary("%s * -2.5", v -> v.mul(-2.5), 4.0, -10.0, -2.5, true);
        }
    }

    @Nested
    @DisplayName("div: d(x/y)/dx = 1/y and d(x/y)/dy = -x/y^2")
    class Div {
        @ParameterizedTest(name = "{0} / {1} = {2}")
        @CsvSource({"6, 3, 2, 0.3333333333333333, -0.6666666666666666", "-1, 4, -0.25, 0.25, 0.0625",
                    "0, -2, -0.0, -0.5, 0"})
        void div(double x, double y, double out, double dx, double dy) {
            checkBinary("%s / %s", Value::div, x, y, out, dx, dy);
        }

        @Test
        void divConstant() {
            checkUnary("%s / 4", v -> v.div(4), 3.0, 0.75, 0.25, true);
        }
    }

    @Nested
    @DisplayName("pow: d(x^k)/dx = k x^(k-1), d(x^y)/dy = x^y ln x")
    class Pow {
        @ParameterizedTest(name = "{0} ** {1} = {2}")
        @CsvSource({"2, 3, 8, 12", "9, 0.5, 3, 0.16666666666666666", "4, -1, 0.25, -0.0625", "-2, 2, 4, -4",
                    "5, 0, 1, 0", "0, 2, 0, 0"})
        void powConstantExponent(double x, double k, double out, double dx) {
            checkUnary("%s ** " + k, v -> v.pow(k), x, out, dx, x != 0);
        }

        @ParameterizedTest(name = "{0} ** {1} = {2}")
        @CsvSource({"2, 3, 8, 12, 5.545177444479562", "0.5, -2, 4, -16, -2.772588722239781",
                    "3, 0, 1, 0, 1.0986122886681098"})
        void powValueExponent(double x, double y, double out, double dx, double dy) {
            checkBinary("%s ** %s", Value::pow, x, y, out, dx, dy);
        }

        @Test
        @DisplayName("0 ** y with y >= 0 has exponent-gradient 0, as in PyTorch, not 0 * ln 0 = NaN")
        void powZeroBase() {
            Value x = new Value(0);
            Value y = new Value(2);
            x.pow(y).backward();
            assertThat(y.grad()).isEqualTo(0.0);
            assertThat(x.grad()).isEqualTo(0.0);
        }
    }

    @Nested
    @DisplayName("neg: d(-x)/dx = -1")
    class Neg {
        @ParameterizedTest(name = "-({0}) = {1}")
        @CsvSource({"3, -3, -1", "-0.5, 0.5, -1", "0, -0.0, -1"})
        void neg(double x, double out, double dx) {
            checkUnary("-(%s)", Value::neg, x, out, dx, true);
        }
    }

    @Nested
    @DisplayName("relu: slope 1 above 0, 0 at and below 0")
    class Relu {
        @ParameterizedTest(name = "relu({0}) = {1}")
        @CsvSource({"3, 3, 1", "-2, 0, 0", "-1e300, 0, 0"})
        void relu(double x, double out, double dx) {
            checkUnary("relu(%s)", Value::relu, x, out, dx, true);
        }

        @Test
        @DisplayName("relu just above 0 has slope 1 (too close to the kink for a finite difference)")
        void reluJustAboveZero() {
            checkUnary("relu(%s)", Value::relu, 1e-300, 1e-300, 1.0, false);
        }

        @Test
        @DisplayName("relu at exactly 0 has gradient 0 (a finite difference would say 0.5: a kink)")
        void reluAtZero() {
            checkUnary("relu(%s)", Value::relu, 0.0, 0.0, 0.0, false);
        }
    }

    @Nested
    @DisplayName("tanh: d tanh(x)/dx = 1 - tanh(x)^2")
    class Tanh {
        @ParameterizedTest(name = "tanh({0}) = {1}")
        @CsvSource({"0, 0, 1", "0.5, 0.46211715726000974, 0.7864477329659275", "-2, -0.9640275800758169, 0.07065082485316443",
                    "800, 1, 0", "-800, -1, 0"})
        void tanh(double x, double out, double dx) {
            checkUnary("tanh(%s)", Value::tanh, x, out, dx, true);
        }
    }

    @Nested
    @DisplayName("exp: d e^x/dx = e^x")
    class Exp {
        @ParameterizedTest(name = "exp({0}) = {1}")
        @CsvSource({"0, 1, 1", "1, 2.718281828459045, 2.718281828459045", "-3, 0.049787068367863944, 0.049787068367863944",
                    "-800, 0, 0"})
        void exp(double x, double out, double dx) {
            checkUnary("exp(%s)", Value::exp, x, out, dx, true);
        }
    }

    @Nested
    @DisplayName("log: d ln(x)/dx = 1/x")
    class Log {
        @ParameterizedTest(name = "log({0}) = {1}")
        @CsvSource({"1, 0, 1", "2.718281828459045, 1, 0.36787944117144233", "0.25, -1.3862943611198906, 4", "1e300, 690.7755278982137, 1e-300"})
        void log(double x, double out, double dx) {
            checkUnary("log(%s)", Value::log, x, out, dx, true);
        }
    }

    @Nested
    @DisplayName("sigmoid: d s(x)/dx = s(x)(1 - s(x))")
    class Sigmoid {
        @ParameterizedTest(name = "sigmoid({0}) = {1}")
        @CsvSource({"0, 0.5, 0.25", "2, 0.8807970779778823, 0.1049935854035065", "-2, 0.11920292202211755, 0.10499358540350652",
                    "800, 1, 0", "-800, 0, 0"})
        void sigmoid(double x, double out, double dx) {
            checkUnary("sigmoid(%s)", Value::sigmoid, x, out, dx, true);
        }
    }

    @Nested
    @DisplayName("sum: one node whose derivative is 1 for each term")
    class Sum {
        @Test
        void sumOfThreeTerms() {
            Value a = new Value(1);
            Value b = new Value(-2);
            Value c = new Value(4.5);
            Value s = Value.sum(a, b, c);
            s.backward();
            assertThat(s.data()).isCloseTo(3.5, within(TOL));
            assertThat(s.children()).containsExactly(a, b, c);
            assertThat(new double[] {a.grad(), b.grad(), c.grad()}).containsExactly(new double[] {1, 1, 1}, within(TOL));
        }

        @Test
        @DisplayName("a term listed twice receives the gradient twice")
        void sumRepeatedTerm() {
            Value a = new Value(3);
            Value b = new Value(1);
            Value s = Value.sum(List.of(a, b, a, a));
            s.backward();
            assertThat(s.data()).isCloseTo(10.0, within(TOL));
            assertThat(a.grad()).isCloseTo(3.0, within(TOL));
            assertThat(b.grad()).isCloseTo(1.0, within(TOL));
        }
    }

    @Nested
    @DisplayName("a Linear row: b + sum(w_i x_i), with d/dw_i = x_i, d/dx_i = w_i, d/db = 1")
    class WeightedSum {
        @Test
        void aLinearRowMatchesTheChainOfMulAndAdd() {
            double[] w = {0.5, -1.25, 2.0};
            double[] x = {-2.0, 0.75, 0.1};
            Value[] wv = leaves(w);
            Value[] xv = leaves(x);
            Value b = new Value(0.3);
            Value fused = new Linear(new Value[][] {wv}, new Value[] {b}, false).apply(xv)[0].tanh();
            fused.backward();

            Value[] w2 = leaves(w);
            Value[] x2 = leaves(x);
            Value b2 = new Value(0.3);
            Value chain = b2;
            for (int i = 0; i < w.length; i++) {
                chain = chain.add(w2[i].mul(x2[i]));
            }
            chain = chain.tanh();
            chain.backward();

            assertThat(fused.data()).isEqualTo(chain.data());
            assertThat(b.grad()).isCloseTo(b2.grad(), within(TOL));
            for (int i = 0; i < w.length; i++) {
                assertThat(wv[i].grad()).isCloseTo(w2[i].grad(), within(TOL));
                assertThat(xv[i].grad()).isCloseTo(x2[i].grad(), within(TOL));
            }
            assertThat(new Linear(new Value[][] {wv}, new Value[] {b}, false).apply(xv)[0].children()).containsExactly(b, wv[0], wv[1], wv[2], xv[0], xv[1], xv[2]);
        }

        private Value[] leaves(double[] d) {
            Value[] v = new Value[d.length];
            for (int i = 0; i < d.length; i++) {
                v[i] = new Value(d[i]);
            }
            return v;
        }
    }
}
