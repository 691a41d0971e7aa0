package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reverse constant operations, micrograd's {@code c - x} and {@code c / x}: one node each, its value and its
 * local derivative against the formula in the row, and against a central finite difference. Rows read
 * {@code c, x, out, dx}.
 */
@DisplayName("rsub and rdiv: c - x and c / x as one node each")
class ReverseOpsTest {

    static final double TOL = 1e-12;
    static final double FD_TOL = 1e-7;

    /** Checks value and d/dx of op at x, each to TOL relative, and the derivative by finite differences. */
    static void check(String name, UnaryOperator<Value> op, double x, double out, double dx) {
        Value a = new Value(x);
        Value r = op.apply(a);
        r.backward();
        assertThat(r.data()).as(name + " at " + x).isCloseTo(out, within(TOL * Math.max(1, Math.abs(out))));
        assertThat(a.grad()).as("d/dx of " + name + " at " + x).isCloseTo(dx, within(TOL * Math.max(1, Math.abs(dx))));
        assertThat(r.children()).as("one node over x").containsExactly(a);
        GradCheck.assertGradientsWithin(v -> op.apply(v.get(0)), FD_TOL, x);
    }

    @Nested
    @DisplayName("rsub: d(c - x)/dx = -1")
    class Rsub {
        @ParameterizedTest(name = "{0} - {1} = {2}")
        @CsvSource({"1, 0.25, 0.75, -1", "0, 3, -3, -1", "-2.5, -4, 1.5, -1", "1e3, 1, 999, -1"})
        void rsub(double c, double x, double out, double dx) {
            check("rsub(" + c + ")", v -> v.rsub(c), x, out, dx);
        }

        @Test
        @DisplayName("is micrograd's 1 - x: the same value and gradient as x.neg().add(1), in one node")
        void likeNegAdd() {
            Value x = new Value(0.3);
            Value y = new Value(0.3);
            Value r = x.rsub(1);
            Value s = y.neg().add(1);
            r.backward();
            s.backward();
            assertThat(r.data()).isEqualTo(s.data());
            assertThat(x.grad()).isEqualTo(y.grad());
            assertThat(r.op()).isEqualTo("rsub");
        }
    }

    @Nested
    @DisplayName("rdiv: d(c / x)/dx = -c / x^2")
    class Rdiv {
        @ParameterizedTest(name = "{0} / {1} = {2}")
        @CsvSource({"2, 4, 0.5, -0.125", "1, -0.5, -2, -4", "-3, 1.5, -2, 1.3333333333333333", "0, 2, 0, -0.0"})
        void rdiv(double c, double x, double out, double dx) {
            check("rdiv(" + c + ")", v -> v.rdiv(c), x, out, dx);
        }

        @Test
        @DisplayName("is micrograd's 2 / x: the value and gradient of new Value(2).div(x), in one node")
        void likeDiv() {
            Value x = new Value(0.7);
            Value y = new Value(0.7);
            Value r = x.rdiv(2);
            Value s = new Value(2).div(y);
            r.backward();
            s.backward();
            assertThat(r.data()).isEqualTo(s.data());
            assertThat(x.grad()).isCloseTo(y.grad(), within(TOL * Math.abs(y.grad())));
            assertThat(r.children()).containsExactly(x);
        }

        @Test
        @DisplayName("dividing by 0 follows IEEE-754: 1 / 0 = Infinity, and -1 / 0^2 = -Infinity")
        void byZero() {
            Value x = new Value(0.0);
            Value r = x.rdiv(1);
            r.backward();
            assertThat(r.data()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(x.grad()).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }
}
