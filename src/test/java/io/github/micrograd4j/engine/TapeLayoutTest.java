package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How a {@link Tape} lays a graph out (how many steps, which speed-ups take which nodes), what it learns at each
 * {@code forward()} (whether every local derivative is finite, which decides whether zeros may be skipped) and that a
 * zero gradient meeting a non-finite derivative gives NaN, as {@link Value#backward()} does, in every kind of step and
 * with every set of speed-ups.
 */
@DisplayName("Tape layout: steps per node, the finiteness of the last forward(), zeros never skipped past a non-finite")
class TapeLayoutTest {

    static List<Value> leaves(double... data) {
        List<Value> out = new ArrayList<>();
        for (double d : data) {
            out.add(new Value(d));
        }
        return out;
    }

    /** The steps a tape reports in its description, {@code Tape(... computed in <steps> steps)}. */
    static int steps(Tape tape) {
        String s = tape.toString();
        return Integer.parseInt(s.substring(s.lastIndexOf(" in ") + 4, s.lastIndexOf(" steps")));
    }

    /** A 2-input layer of three outputs with biases, over the leaves x0, x1; weights and biases new leaves. */
    static Value[] layer(Value x0, Value x1, boolean relu) {
        Value[][] w = {{new Value(0.5), new Value(-1.0)}, {new Value(2.0), new Value(0.25)},
                {new Value(-0.75), new Value(1.5)}};
        Value[] b = {new Value(0.1), new Value(-0.2), new Value(0.3)};
        return new Linear(w, b, relu).apply(x0, x1);
    }

    /**
     * A 2-input layer of {@code n} outputs (3 or 9) over {@code x0, x1} whose weights and biases are the leaves
     * {@code v.get(3 ..)}: the weights row after row, then the biases.
     */
    static Value[] layerOver(List<Value> v, int n, Value x0, Value x1, boolean relu) {
        Value[][] w = new Value[n][];
        Value[] b = new Value[n];
        for (int j = 0; j < n; j++) {
            w[j] = new Value[] {v.get(3 + 2 * j), v.get(4 + 2 * j)};
            b[j] = v.get(3 + 2 * n + j);
        }
        return new Linear(w, b, relu).apply(x0, x1);
    }

    @Nested
    @DisplayName("steps")
    class Steps {

        @Test
        @DisplayName("with DENSE_LAYERS a layer's application is one step; without, one step per output the graph uses")
        void layerSteps() {
            Value[] y = layer(new Value(1.0), new Value(2.0), false);
            Value all = Value.sum(y);
            Value some = y[0].add(y[2]);
            Set<Tape.Speedup> dense = EnumSet.of(Tape.Speedup.DENSE_LAYERS);
            Set<Tape.Speedup> none = EnumSet.noneOf(Tape.Speedup.class);
            assertThat(steps(Tape.record(all, dense))).isEqualTo(2);
            assertThat(steps(Tape.record(all))).isEqualTo(2);
            assertThat(steps(Tape.record(all, none))).isEqualTo(4);
            assertThat(steps(Tape.record(some, dense))).isEqualTo(2);
            assertThat(steps(Tape.record(some, none))).isEqualTo(3);
            // 6 weights, 3 biases and 2 inputs; 3 outputs (one slot each, used or not) and the root
            assertThat(Tape.record(some, dense).size()).isEqualTo(15);
            assertThat(Tape.record(some, none).size()).isEqualTo(15);
            assertThat(Tape.record(some, none).toString()).isEqualTo("Tape(15 values: 11 leaves, 4 computed in 3 steps)");
        }

        @Test
        @DisplayName("two layers: each is one step, and an unused output of the second takes no part")
        void twoLayers() {
            Value[] h = layer(new Value(1.0), new Value(-2.0), true);
            Value[] y = layer(h[0], h[2], false);
            Value root = y[1].mul(3.0);
            Tape dense = Tape.record(root, EnumSet.of(Tape.Speedup.DENSE_LAYERS));
            Tape plain = Tape.record(root, EnumSet.noneOf(Tape.Speedup.class));
            assertThat(steps(dense)).isEqualTo(3);
            assertThat(steps(plain)).isEqualTo(1 + 2 + 1);     // y1; h0 and h2 (h1 is unused); the product
            root.backward();
            assertThat(dense.forward()).isEqualTo(root.data());
            assertThat(plain.forward()).isEqualTo(root.data());
        }

        @Test
        @DisplayName("graphs of 60 to 70 nodes with a layer among them (around the traversal's first array size) replay")
        void aroundTheFirstArraySize() {
            for (int n = 60; n <= 70; n++) {
                for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                    int chain = n;
                    Function<List<Value>, Value> build = v -> {
                        Value[] y = new Linear(new Value[][] {{v.get(1)}, {v.get(2)}}, null, false).apply(v.get(0));
                        Value h = y[0].mul(y[1]);
                        for (int i = 0; i < chain - 2; i++) {
                            h = h.mul(0.9).add(0.01);
                        }
                        return h;
                    };
                    assertSameAsBackward(build, new double[] {1.5, -0.5, 2.0}, set, "n = " + n + " " + set);
                }
            }
        }
    }

    @Nested
    @DisplayName("finding recorded values")
    class Lookups {

        @Test
        @DisplayName("an unused output of a layer was not recorded: value() and grad() refuse it, gradient() gives 0")
        void unusedOutput() {
            for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                Value x = new Value(2.0);
                Value[] y = layer(x, x.mul(3.0), false);
                Value root = y[0].mul(y[2]);
                Tape tape = Tape.record(root, set);
                assertThat(TapeSpeedupsTest.recorded(tape, y[1])).as("%s", set).isFalse();
                assertThat(tape.value(y[2])).isEqualTo(y[2].data());
                double[] into = new double[3];
                tape.gradient(List.of(y[1], y[0], x), into);
                assertThat(into[0]).isEqualTo(0.0);
                assertThat(into[1]).isEqualTo(y[2].data());
            }
        }

        @Test
        @DisplayName("after an eager backward() re-marked the nodes, graphs of 60 to 70 nodes still find each node")
        void lookupsAfterRemarking() {
            for (int n = 60; n <= 70; n++) {
                Value x = new Value(0.5);
                List<Value> nodes = new ArrayList<>();
                Value h = x;
                for (int i = 0; i < n; i += 2) {                // two nodes a turn
                    h = h.mul(1.5).add(0.25);
                    nodes.add(h);
                }
                Tape tape = Tape.record(h);
                h.backward();                                // a later pass moves every mark
                for (Value v : nodes) {
                    assertThat(tape.value(v)).as("n = %d", n).isEqualTo(v.data());
                }
            }
        }

        @Test
        @DisplayName("gradient() with a longer, then a shorter list of values: each list's own slots")
        void listsOfOtherLengths() {
            Value a = new Value(2.0);
            Value b = new Value(-3.0);
            Value c = new Value(0.5);
            Tape tape = Tape.record(a.mul(b).add(c.mul(c)));
            double[] one = new double[1];
            double[] two = new double[2];
            double[] three = new double[3];
            tape.gradient(List.of(b), one);
            assertThat(one).containsExactly(2.0);
            tape.gradient(List.of(b, c), two);
            assertThat(two).containsExactly(2.0, 1.0);
            tape.gradient(List.of(b, c, a), three);
            assertThat(three).containsExactly(2.0, 1.0, -3.0);
            tape.gradient(List.of(c), one);
            assertThat(one).containsExactly(1.0);
            tape.gradient(List.of(c, a), two);
            assertThat(two).containsExactly(1.0, -3.0);
        }
    }

    @Nested
    @DisplayName("whether the last forward() left every local derivative finite")
    class Finiteness {

        @Test
        @DisplayName("finite everywhere: true, with or without speed-ups")
        void finite() {
            Value x = new Value(0.5);
            Value[] y = layer(x, x.mul(2.0), true);
            Value root = Value.dot(List.of(y[0], y[1]), List.of(y[2], x)).add(Value.sum(y)).mul(y[1]).tanh();
            for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                assertThat(Tape.record(root, set).allFinite).as("%s", set).isTrue();
            }
        }

        @Test
        @DisplayName("an infinite partial in a step of one operand, of two (either), of many, a dot product, a layer")
        void nonFinite() {
            Value zero = new Value(0.0);
            Value inf = new Value(Double.POSITIVE_INFINITY);
            Value two = new Value(2.0);
            List<Value> roots = List.of(
                    zero.log().mul(0.0),                                       // log'(0) = Infinity
                    inf.mul(two).mul(0.0),                                     // d/dtwo = Infinity
                    two.mul(inf).mul(0.0),                                     // d/dtwo, the other operand
                    Value.sum(two, zero.log()).mul(0.0).add(Value.sum(two, two)), // a sum of an infinite value
                    Value.dot(List.of(two, two), List.of(two, inf)).mul(0.0),  // an infinite factor
                    Value.dot(List.of(two), List.of(inf)).mul(0.0),
                    Value.sum(layer(two, inf, false)).mul(0.0),              // an infinite input
                    Value.sum(layer(two, inf, true)).mul(0.0),
                    Value.sum(new Linear(new Value[][] {{two}, {two}, {two}, {two}, {two}, {two}, {two}, {two}},
                            null, false).apply(inf)).mul(0.0));                 // a block of eight outputs
            for (int r = 0; r < roots.size(); r++) {
                for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                    assertThat(Tape.record(roots.get(r), set).allFinite).as("root %d with %s", r, set).isFalse();
                }
            }
        }

        @Test
        @DisplayName("a forward() after the data became finite again says so")
        void recovers() {
            Value x = new Value(0.0);
            Tape tape = Tape.record(Value.dot(List.of(x.log()), List.of(x)).add(x.log()));
            assertThat(tape.allFinite).isFalse();
            x.setData(1.0);
            tape.forward();
            assertThat(tape.allFinite).isTrue();
        }
    }

    @Nested
    @DisplayName("a zero gradient meets a non-finite derivative: NaN, as backward() gives, whatever the speed-ups")
    class ZeroTimesInfinity {

        @Test
        @DisplayName("in a step of one operand, of two, of many, a dot product and a layer, behind a zero slope")
        void everyKindOfStep() {
            List<Function<List<Value>, Value>> builds = List.of(
                    v -> v.get(0).log().mul(0.0).add(v.get(1)),
                    v -> v.get(0).log().relu().add(v.get(1)),
                    v -> v.get(1).mul(v.get(2)).mul(0.0).add(v.get(0)),
                    v -> v.get(2).mul(v.get(1)).mul(0.0).add(v.get(0)),
                    v -> v.get(1).div(v.get(0)).mul(0.0),
                    v -> Value.sum(v.get(0).log(), v.get(1)).mul(0.0).add(v.get(1).exp()),
                    v -> Value.dot(List.of(v.get(1), v.get(0)), List.of(v.get(2), v.get(1))).mul(0.0).add(v.get(1)),
                    v -> Value.dot(List.of(v.get(0).log()), List.of(v.get(1))).mul(0.0).add(v.get(1)),
                    v -> Value.sum(layerOver(v, 3, v.get(1), v.get(2), false)).mul(0.0).add(v.get(1)),
                    v -> Value.sum(layerOver(v, 3, v.get(0).log(), v.get(1), true)).mul(0.0).add(v.get(1)),
                    v -> layerOver(v, 3, v.get(2), v.get(1), true)[1].mul(0.0).add(v.get(1).mul(v.get(1))),
                    v -> layerOver(v, 9, v.get(2), v.get(1), true)[1].mul(0.0).add(v.get(1).mul(v.get(1))),
                    v -> layerOver(v, 9, v.get(1), v.get(2), false)[8].mul(0.0).add(v.get(1)),
                    v -> layerOver(v, 9, v.get(1), v.get(1), true)[3].mul(0.0).add(v.get(1)),
                    v -> v.get(0).log().mul(0.0).tanh().mul(v.get(1)).add(v.get(1)));
            double[] point = new double[3 + 27];
            point[0] = 0.0;
            point[1] = 1.5;
            point[2] = Double.POSITIVE_INFINITY;
            for (int i = 3; i < point.length; i++) {
                point[i] = 0.25 * (i % 7) - 0.8;
            }
            for (int b = 0; b < builds.size(); b++) {
                for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                    assertSameAsBackward(builds.get(b), point, set, "build " + b + " " + set);
                }
            }
        }

        @Test
        @DisplayName("a step that adds nothing above a run with an infinite derivative: the run is not skipped")
        void runBelowAStepThatAddsNothing() {
            Function<List<Value>, Value> build = v -> {
                Value t = v.get(0).log();                    // log'(0) = Infinity
                Value s = t.mul(0.0);                        // adds 0 to t: t's gradient is 0, and 0 * Infinity NaN
                return s.add(v.get(1).mul(v.get(1)));
            };
            for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                assertSameAsBackward(build, new double[] {0.0, 3.0}, set, set.toString());
            }
        }
    }

    @Nested
    @DisplayName("a gradient that overflows")
    class OverflowingGradients {

        @Test
        @DisplayName("an Infinity gradient meets a zero derivative: NaN below it, the run below not skipped")
        void infiniteGradientTimesZero() {
            Function<List<Value>, Value> build = v -> {
                Value t = v.get(0).mul(2.0);                  // fed only by w
                Value w = t.mul(0.0);                         // d/dt = 0, and dL/dw = 1e308 * 1e308 = Infinity
                return w.mul(1e308).mul(1e308).add(v.get(1));
            };
            for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                assertSameAsBackward(build, new double[] {1.5, 2.0}, set, set.toString());
            }
            List<Value> x = leaves(1.5, 2.0);
            build.apply(x).backward();
            assertThat(x.get(0).grad()).isNaN();
        }

        @Test
        @DisplayName("a layer's output as the root, gradient() of its weights only: the inputs' shares are left out")
        void layerRootWeightsOnly() {
            for (Set<Tape.Speedup> set : TapeSpeedupsTest.allSets()) {
                Value x0 = new Value(1.0);
                Value x1 = new Value(2.0);
                Value[][] w = {{new Value(0.5), new Value(-1.0)}, {new Value(2.0), new Value(0.25)}};
                Value[] b = {new Value(0.1), new Value(-0.2)};
                Value root = new Linear(w, b, false).apply(x0, x1)[1];
                Tape tape = Tape.record(root, set);
                double[] into = new double[6];
                tape.gradient(List.of(w[0][0], w[0][1], b[0], w[1][0], w[1][1], b[1]), into);
                assertThat(into).as("%s", set).containsExactly(0.0, 0.0, 0.0, 1.0, 2.0, 1.0);
            }
        }
    }

    /**
     * Records {@code build}'s graph with {@code set}, then checks that backward() and gradient() give every leaf the
     * bits of a rebuilt graph's backward(), and forward() its value; twice, the leaves moved between.
     */
    static void assertSameAsBackward(Function<List<Value>, Value> build, double[] point, Set<Tape.Speedup> set,
            String what) {
        List<Value> recorded = leaves(point);
        Tape tape = Tape.record(build.apply(recorded), set);
        double[] into = new double[recorded.size()];
        double[] at = point.clone();
        for (int round = 0; round < 2; round++) {
            List<Value> fresh = leaves(at);
            Value root = build.apply(fresh);
            root.backward();
            assertThat((Double) tape.forward()).as("%s: value", what).isEqualTo((Double) root.data());
            recorded.forEach(v -> v.setGrad(0));
            tape.backward();
            tape.gradient(recorded, into);
            for (int i = 0; i < at.length; i++) {
                assertThat((Double) recorded.get(i).grad()).as("%s: d/dx%d", what, i)
                        .isEqualTo((Double) fresh.get(i).grad());
                assertThat((Double) into[i]).as("%s: gradient() d/dx%d", what, i).isEqualTo((Double) fresh.get(i).grad());
            }
            List<Value> weightsOnly = recorded.subList(Math.min(3, at.length), at.length);   // not x0, x1, x2
            double[] some = new double[weightsOnly.size()];
            tape.gradient(weightsOnly, some);
            for (int i = 0; i < some.length; i++) {
                assertThat((Double) some[i]).as("%s: gradient() of the weights, d/dx%d", what, i + 3)
                        .isEqualTo((Double) fresh.get(i + 3).grad());
            }
            for (int i = 0; i < at.length; i++) {
                if (Double.isFinite(at[i]) && at[i] != 0) {
                    at[i] = at[i] * 0.75 - 0.125;
                    recorded.get(i).setData(at[i]);
                }
            }
        }
    }
}
