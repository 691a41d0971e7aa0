package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Linear} on its own: the arguments it refuses and why, the one copy of the weights' data that its
 * applications share while no weight changes, and the op each output reports.
 */
@DisplayName("Linear: refuses bad shapes and computed parameters, shares one copy of unchanged weights")
class LinearLayerTest {

    static Value[][] weights(double[][] data) {
        Value[][] w = new Value[data.length][];
        for (int j = 0; j < data.length; j++) {
            w[j] = new Value[data[j].length];
            for (int i = 0; i < data[j].length; i++) {
                w[j][i] = new Value(data[j][i]);
            }
        }
        return w;
    }

    static Linear.Application application(Value output) {
        return (Linear.Application) Value.vertex(output);
    }

    @Nested
    @DisplayName("bad arguments fail at once, naming the culprit")
    class BadArguments {

        @Test
        @DisplayName("no rows, an empty first row, a row of another length")
        void shapes() {
            assertThatThrownBy(() -> new Linear(new Value[0][], null, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights is empty");
            assertThatThrownBy(() -> new Linear(new Value[][] {{}}, null, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[0] is empty");
            Value[][] ragged = {{new Value(1), new Value(2)}, {new Value(3)}};
            assertThatThrownBy(() -> new Linear(ragged, null, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("weights[1].length (1) != weights[0].length (2)");
        }

        @Test
        @DisplayName("a null or computed weight is named by its indices")
        void weightsAreLeaves() {
            Value[][] withNull = weights(new double[][] {{1, 2}, {3, 4}});
            withNull[1][0] = null;
            assertThatThrownBy(() -> new Linear(withNull, null, false))
                    .isInstanceOf(NullPointerException.class).hasMessage("weights[1][0] == null");
            Value[][] computed = weights(new double[][] {{1, 2}, {3, 4}});
            computed[0][1] = new Value(1).add(1.0);
            assertThatThrownBy(() -> new Linear(computed, null, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("weights[0][1] is computed (op \"+\")");
        }

        @Test
        @DisplayName("biases: one per row, each a leaf")
        void biases() {
            Value[][] w = weights(new double[][] {{1, 2}, {3, 4}});
            assertThatThrownBy(() -> new Linear(w, new Value[] {new Value(0)}, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("biases.length (1) != number of rows (2)");
            assertThatThrownBy(() -> new Linear(w, new Value[] {new Value(0), new Value(1).mul(2.0)}, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("biases[1] is computed (op \"*\")");
            assertThatThrownBy(() -> new Linear(w, new Value[] {new Value(0), null}, false))
                    .isInstanceOf(NullPointerException.class).hasMessage("biases[1] == null");
        }

        @Test
        @DisplayName("apply with too few or too many inputs, as an array or a list")
        void inputCount() {
            Linear layer = new Linear(weights(new double[][] {{1, 2}}), null, false);
            assertThatThrownBy(() -> layer.apply(new Value(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 1");
            assertThatThrownBy(() -> layer.apply(List.of(new Value(1), new Value(2), new Value(3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 3");
            assertThat(layer.apply(List.of(new Value(1), new Value(2))).get(0).data()).isEqualTo(5.0);
        }
    }

    @Nested
    @DisplayName("the weights' data: one copy for all applications while no weight changes")
    class WeightsSnapshot {

        @Test
        @DisplayName("two applications share the copy; a changed weight makes a new one, and the old nodes keep theirs")
        void shared() {
            Value[][] w = weights(new double[][] {{1, 2}, {3, 4}});
            Linear layer = new Linear(w, null, false);
            Value[] first = layer.apply(new Value(1), new Value(1));
            Value[] second = layer.apply(new Value(2), new Value(0));
            assertThat(application(second[0]).ws).isSameAs(application(first[0]).ws)
                    .containsExactly(1, 2, 3, 4);
            w[0][0].setData(1.0);                                  // the same bits: still unchanged
            Value[] third = layer.apply(new Value(1), new Value(1));
            assertThat(application(third[0]).ws).isSameAs(application(first[0]).ws);
            w[1][1].setData(-4.0);
            Value[] fourth = layer.apply(new Value(1), new Value(1));
            assertThat(application(fourth[0]).ws).isNotSameAs(application(first[0]).ws)
                    .containsExactly(1, 2, 3, -4);
            assertThat(application(first[0]).ws).containsExactly(1, 2, 3, 4);
            assertThat(first[1].data()).isEqualTo(7.0);
            assertThat(fourth[1].data()).isEqualTo(-1.0);
            Value[] fifth = layer.apply(new Value(0), new Value(0));
            assertThat(application(fifth[0]).ws).isSameAs(application(fourth[0]).ws);
        }

        @Test
        @DisplayName("a weight changed from 0.0 to -0.0 counts as a change (the bits differ)")
        void signedZero() {
            Value[][] w = weights(new double[][] {{0.0}});
            Linear layer = new Linear(w, null, false);
            Value a = layer.apply(new Value(1))[0];
            w[0][0].setData(-0.0);
            Value b = layer.apply(new Value(1))[0];
            assertThat(application(b).ws).isNotSameAs(application(a).ws);
            assertThat(Double.doubleToRawLongBits(application(b).ws[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        }
    }

    @Nested
    @DisplayName("each output's op")
    class RowOps {

        @Test
        @DisplayName("the layer's row op is its outputs' op, one of four: with or without bias, with or without relu")
        void rowOp() {
            Value[][] w = weights(new double[][] {{1, -2}});
            Value[] b = {new Value(0.5)};
            Value[] in = {new Value(1), new Value(1)};
            for (boolean relu : new boolean[] {false, true}) {
                Linear plain = new Linear(w, null, relu);
                Linear biased = new Linear(w, b, relu);
                Value p = plain.apply(in)[0];
                Value q = biased.apply(in)[0];
                assertThat(plain.rowOp()).isSameAs(p.operation()).isSameAs(Linear.RowOp.of(false, relu));
                assertThat(biased.rowOp()).isSameAs(q.operation()).isSameAs(Linear.RowOp.of(true, relu));
                assertThat(plain.relu()).isEqualTo(relu);
                assertThat(p.children()).hasSize(4);
                assertThat(q.children()).hasSize(5);
                assertThat(p.data()).isEqualTo(relu ? 0.0 : -1.0);
                assertThat(q.data()).isEqualTo(relu ? 0.0 : -0.5);
            }
            assertThat(Linear.RowOp.of(false, false)).isNotSameAs(Linear.RowOp.of(true, false))
                    .isNotSameAs(Linear.RowOp.of(false, true));
            assertThat(Linear.RowOp.of(true, true)).isNotSameAs(Linear.RowOp.of(true, false));
            assertThat(Linear.RowOp.of(false, true).relu).isTrue();
            assertThat(Linear.RowOp.of(false, true).bias).isFalse();
            assertThat(Linear.RowOp.of(true, false).bias).isTrue();
            assertThat(Linear.RowOp.of(true, false).relu).isFalse();
        }
    }
}
