package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What a node says about itself, which the pictures print: the text of what it computes ({@link Value#expression()}),
 * the text of each local derivative ({@link Value#formula(int)}), the local derivatives as numbers
 * ({@link Value#partial(int)}) and its operands ({@link Value#children()}), for each shape of node.
 */
@DisplayName("A node describes itself: expression, formula, partial and children, for every kind of node")
class NodeDescriptionTest {

    @Nested
    @DisplayName("constants are written with six significant digits, integers with .0")
    class Constants {

        @Test
        @DisplayName("integers below 1e15 as a long with .0; others as %.6g, trailing zeros dropped")
        void numbers() {
            assertThat(Op.number(2.0)).isEqualTo("2.0");
            assertThat(Op.number(-3.0)).isEqualTo("-3.0");
            assertThat(Op.number(0.0)).isEqualTo("0.0");
            assertThat(Op.number(1234567.0)).isEqualTo("1234567.0");
            assertThat(Op.number(999999999999999.0)).isEqualTo("999999999999999.0");
            assertThat(Op.number(1e15)).isEqualTo("1.00000e+15");
            assertThat(Op.number(-1e15)).isEqualTo("-1.00000e+15");
            assertThat(Op.number(0.5)).isEqualTo("0.5");
            assertThat(Op.number(-0.25)).isEqualTo("-0.25");
            assertThat(Op.number(1.0 / 3)).isEqualTo("0.333333");
            assertThat(Op.number(2.0000001)).isEqualTo("2.0");
            assertThat(Op.number(123450.4)).isEqualTo("123450");
            assertThat(Op.number(1.5e20 + 1e14)).isEqualTo("1.50000e+20");   // (not a tie: JDKs round ties apart)
            assertThat(Op.number(1e-5)).isEqualTo("1.00000e-05");
            assertThat(Op.number(Double.NaN)).isEqualTo("NaN");
            assertThat(Op.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        }

        @Test
        @DisplayName("the word c of a template becomes the constant, other c's stay")
        void templates() {
            assertThat(Op.withConstant("x0 * c", 0.5)).isEqualTo("x0 * 0.5");
            assertThat(Op.withConstant("c - x0 + cc", 2.0)).isEqualTo("2.0 - x0 + cc");
        }
    }

    @Nested
    @DisplayName("each op's texts")
    class Texts {

        @Test
        @DisplayName("ops of one operand and a constant show the constant in both texts")
        void unary() {
            Value x = new Value(3.0);
            assertThat(x.add(2.0).expression()).isEqualTo("x0 + 2.0");
            assertThat(x.sub(0.5).expression()).isEqualTo("x0 - 0.5");
            assertThat(x.rsub(1.0).expression()).isEqualTo("1.0 - x0");
            assertThat(x.mul(0.25).expression()).isEqualTo("x0 * 0.25");
            assertThat(x.mul(0.25).formula(0)).isEqualTo("0.25");
            assertThat(x.div(4.0).formula(0)).isEqualTo("1/4.0");
            assertThat(x.rdiv(2.0).expression()).isEqualTo("2.0 / x0");
            assertThat(x.pow(3.0).expression()).isEqualTo("x0 ** 3.0");
            assertThat(x.pow(3.0).formula(0)).isEqualTo("k·x0^(k-1), k = 3.0");
            assertThat(x.tanh().expression()).isEqualTo("tanh(x0)");
            assertThat(x.tanh().formula(0)).isEqualTo("1 - y²");
            assertThat(x.relu().formula(0)).isEqualTo("(x0 > 0 ? 1 : 0)");
            assertThat(x.neg().expression()).isEqualTo("-x0");
        }

        @Test
        @DisplayName("ops of two operands: one expression, a formula for each operand")
        void binary() {
            Value a = new Value(2.0);
            Value b = new Value(5.0);
            Value p = a.mul(b);
            assertThat(p.expression()).isEqualTo("x0 * x1");
            assertThat(p.formula(0)).isEqualTo("x1");
            assertThat(p.formula(1)).isEqualTo("x0");
            Value q = a.div(b);
            assertThat(q.expression()).isEqualTo("x0 / x1");
            assertThat(q.formula(0)).isEqualTo("1/x1");
            assertThat(q.formula(1)).isEqualTo("-y/x1");
        }

        @Test
        @DisplayName("a sum lists its terms, each of slope 1; a dot product pairs the a's with the b's")
        void nary() {
            Value a = new Value(1.0);
            Value b = new Value(2.0);
            Value c = new Value(3.0);
            Value s = Value.sum(a, b, c);
            assertThat(s.expression()).isEqualTo("x0 + x1 + x2");
            assertThat(s.formula(2)).isEqualTo("1");
            assertThat(Value.sum(a).expression()).isEqualTo("x0");
            Value d = Value.dot(List.of(a, b, c), List.of(c, a, b));
            assertThat(d.expression()).isEqualTo("x0·x3 + x1·x4 + x2·x5");
            assertThat(d.formula(0)).isEqualTo("x3");
            assertThat(d.formula(2)).isEqualTo("x5");
            assertThat(d.formula(3)).isEqualTo("x0");
            assertThat(d.formula(5)).isEqualTo("x2");
            assertThat(Value.dot(List.of(a), List.of(b)).expression()).isEqualTo("x0·x1");
        }

        @Test
        @DisplayName("a custom op writes its name over its operands and ∂y/∂xi")
        void custom() {
            CustomOp hypot = CustomOp.of("hypot", 2, v -> Math.hypot(v[0], v[1]), (v, y, p) -> {
                p[0] = v[0] / y;
                p[1] = v[1] / y;
            });
            Value h = hypot.apply(new Value(3.0), new Value(4.0));
            assertThat(h.expression()).isEqualTo("hypot(x0, x1)");
            assertThat(h.formula(1)).isEqualTo("∂y/∂x1");
            CustomOp square = CustomOp.of("square", x -> x * x, (x, y) -> 2 * x);
            assertThat(square.apply(new Value(1.0)).expression()).isEqualTo("square(x0)");
        }

        @Test
        @DisplayName("a layer's output: bias, then each weight times its input; through relu, the step in each formula")
        void layerRows() {
            Value[][] w = {{new Value(0.5), new Value(-1.0)}};
            Value[] in = {new Value(1.0), new Value(2.0)};
            Value biased = new Linear(w, new Value[] {new Value(0.1)}, false).apply(in)[0];
            assertThat(biased.expression()).isEqualTo("x0 + x1·x3 + x2·x4");
            assertThat(biased.formula(0)).isEqualTo("1");
            assertThat(biased.formula(1)).isEqualTo("x3");
            assertThat(biased.formula(2)).isEqualTo("x4");
            assertThat(biased.formula(3)).isEqualTo("x1");
            assertThat(biased.formula(4)).isEqualTo("x2");
            Value plain = new Linear(w, null, true).apply(in)[0];
            assertThat(plain.expression()).isEqualTo("relu(x0·x2 + x1·x3)");
            assertThat(plain.formula(0)).isEqualTo("x2·(y > 0 ? 1 : 0)");
            assertThat(plain.formula(3)).isEqualTo("x1·(y > 0 ? 1 : 0)");
            Value biasedRelu = new Linear(w, new Value[] {new Value(0.1)}, true).apply(in)[0];
            assertThat(biasedRelu.formula(0)).isEqualTo("(y > 0 ? 1 : 0)");
            assertThat(biasedRelu.op()).isEqualTo("relu(linear)");
            assertThat(biased.op()).isEqualTo("linear");
        }

        @Test
        @DisplayName("a leaf computes nothing: empty texts, no formula, no op")
        void leaf() {
            Value x = new Value(1.0);
            assertThat(x.expression()).isEmpty();
            assertThat(x.op()).isEmpty();
            assertThatThrownBy(() -> x.formula(0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("child 0 of a node with 0 children");
        }
    }

    @Nested
    @DisplayName("local derivatives and operands")
    class Partials {

        @Test
        @DisplayName("one operand: partial(0) is the slope, partial(1) and partial(-1) fail")
        void unary() {
            Value x = new Value(3.0);
            Value y = x.mul(-2.5);
            assertThat(y.partial(0)).isEqualTo(-2.5);
            assertThat(x.pow(2.0).partial(0)).isEqualTo(6.0);
            assertThatThrownBy(() -> y.partial(1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> y.partial(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> y.formula(1)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        @DisplayName("two operands: partial(0) and partial(1) are the two slopes; partial(2) fails")
        void binary() {
            Value a = new Value(2.0);
            Value b = new Value(5.0);
            Value p = a.mul(b);
            assertThat(p.partial(0)).isEqualTo(5.0);
            assertThat(p.partial(1)).isEqualTo(2.0);
            assertThatThrownBy(() -> p.partial(2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("child 2 of a node with 2 children");
            assertThatThrownBy(() -> p.formula(2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> p.formula(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        @DisplayName("many operands: one partial each; the index past the last fails")
        void nary() {
            Value a = new Value(2.0);
            Value b = new Value(-3.0);
            Value d = Value.dot(List.of(a), List.of(b));
            assertThat(d.partial(0)).isEqualTo(-3.0);
            assertThat(d.partial(1)).isEqualTo(2.0);
            assertThatThrownBy(() -> d.partial(2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("child 2 of a node with 2 children");
        }

        @Test
        @DisplayName("a layer's output: s for the bias, s·x for a weight, s·w for an input, as the inputs were")
        void layerRows() {
            Value[][] w = {{new Value(0.5), new Value(-1.0)}, {new Value(2.0), new Value(0.25)}};
            Value[] in = {new Value(1.0), new Value(2.0)};
            Value[] b = {new Value(0.1), new Value(-0.2)};
            Value[] y = new Linear(w, b, true).apply(in);
            // y0 = relu(0.1 + 0.5 - 2) = 0 (slope 0); y1 = relu(-0.2 + 2 + 0.5) = 2.3 (slope 1)
            assertThat(y[1].children()).containsExactly(b[1], w[1][0], w[1][1], in[0], in[1]);
            assertThat(y[1].partial(0)).isEqualTo(1.0);
            assertThat(y[1].partial(1)).isEqualTo(1.0);           // x0
            assertThat(y[1].partial(2)).isEqualTo(2.0);           // x1
            assertThat(y[1].partial(3)).isEqualTo(2.0);           // w10
            assertThat(y[1].partial(4)).isEqualTo(0.25);          // w11
            assertThat(y[0].partial(0)).isEqualTo(0.0);
            assertThat(y[0].partial(2)).isEqualTo(0.0);
            assertThat(y[0].partial(4)).isEqualTo(-0.0);
            assertThatThrownBy(() -> y[1].partial(5)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("child 5 of a node with 5 children");
            assertThatThrownBy(() -> y[1].formula(5)).isInstanceOf(IndexOutOfBoundsException.class);
            in[0].setData(10.0);                                  // the node keeps the data it was made from
            assertThat(y[1].partial(1)).isEqualTo(1.0);
        }

        @Test
        @DisplayName("a layer without biases over computed inputs: w·x partials, read from the inputs")
        void layerRowsWithoutBiases() {
            Value[][] w = {{new Value(3.0), new Value(-2.0)}};
            Value a = new Value(1.5);
            Value[] in = {a.mul(2.0), a.add(1.0)};                // computed inputs: 3.0 and 2.5
            Value y = new Linear(w, null, false).apply(in)[0];
            assertThat(y.children()).containsExactly(w[0][0], w[0][1], in[0], in[1]);
            assertThat(y.partial(0)).isEqualTo(3.0);
            assertThat(y.partial(1)).isEqualTo(2.5);
            assertThat(y.partial(2)).isEqualTo(3.0);
            assertThat(y.partial(3)).isEqualTo(-2.0);
            assertThatThrownBy(() -> y.partial(4)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("child 4 of a node with 4 children");
            assertThat(Value.vertex(y).children()).containsExactly(in[0], in[1]);
        }
    }
}
