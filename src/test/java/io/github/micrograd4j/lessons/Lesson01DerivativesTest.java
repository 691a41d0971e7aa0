package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Value;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 1. A derivative is a slope: how much the output moves per unit the input moves. Nudge x by a tiny h
 * on both sides and divide: (f(x + h) - f(x - h)) / 2h. Every operation of Value knows its slope exactly,
 * and backward() hands it to the input as its grad.
 */
@DisplayName("Lesson 1: every operation knows its own derivative")
class Lesson01DerivativesTest {

    static final double H = 1e-6;

    /** The slope of f at x measured by nudging: the definition of a derivative, up to rounding. */
    static double slope(DoubleUnaryOperator f, double x) {
        return (f.applyAsDouble(x + H) - f.applyAsDouble(x - H)) / (2 * H);
    }

    /** What backward() says the slope is. */
    static double grad(UnaryOperator<Value> op, double x) {
        Value in = new Value(x);
        op.apply(in).backward();
        return in.grad();
    }

    @Test
    @DisplayName("x^2 has slope 2x: at x = 3 the output grows 6 times as fast as the input")
    void square() {
        assertThat(slope(x -> x * x, 3.0)).isCloseTo(6.0, within(1e-6));
        assertThat(grad(v -> v.pow(2), 3.0)).isEqualTo(6.0);
    }

    @Test
    @DisplayName("a constant factor scales the slope: d(5x)/dx = 5 wherever x is")
    void constantFactor() {
        assertThat(grad(v -> v.mul(5), -7.0)).isEqualTo(5.0);
        assertThat(grad(v -> v.mul(5), 100.0)).isEqualTo(5.0);
    }

    @Test
    @DisplayName("tanh is steepest at 0 (slope 1) and flat far away (slope 1 - tanh^2 -> 0)")
    void tanh() {
        assertThat(grad(Value::tanh, 0.0)).isEqualTo(1.0);
        assertThat(grad(Value::tanh, 1.0)).isCloseTo(slope(Math::tanh, 1.0), within(1e-8));
        assertThat(grad(Value::tanh, 10.0)).isLessThan(1e-8);
    }

    @Test
    @DisplayName("exp is its own slope, and log's slope is 1/x")
    void expAndLog() {
        assertThat(grad(Value::exp, 2.0)).isEqualTo(Math.exp(2.0));
        assertThat(grad(Value::log, 4.0)).isEqualTo(0.25);
    }

    @Test
    @DisplayName("relu passes the slope 1 where it is on and 0 where it is off (and at exactly 0)")
    void relu() {
        assertThat(grad(Value::relu, 2.5)).isEqualTo(1.0);
        assertThat(grad(Value::relu, -2.5)).isEqualTo(0.0);
        assertThat(grad(Value::relu, 0.0)).isEqualTo(0.0);
    }

    @Test
    @DisplayName("with two inputs each gets its own slope: d(xy)/dx = y and d(xy)/dy = x")
    void product() {
        Value x = new Value(3.0);
        Value y = new Value(-2.0);
        x.mul(y).backward();
        assertThat(x.grad()).isEqualTo(-2.0);   // wiggle x: the product moves y times as much
        assertThat(y.grad()).isEqualTo(3.0);
    }
}
