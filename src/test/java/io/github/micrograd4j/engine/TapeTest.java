package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.viz.GraphPages;
import io.github.micrograd4j.nn.MLP;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A tape replays a recorded graph: after the leaves change, {@code forward()} and {@code backward()} give the
 * numbers of a graph rebuilt from the same leaf data. The replay uses each op's own code and the order that
 * {@code backward()} uses, so the numbers are the same bit for bit (stronger than the 1e-12 relative that is
 * promised); the comparisons below say {@code isEqualTo}.
 */
@DisplayName("Tape: record a graph once, replay it with the numbers of a rebuilt graph")
class TapeTest {

    /** micrograd's README expression over leaves a and b. */
    static Value readme(List<Value> leaves) {
        return GraphPages.readmeExpression(leaves.get(0), leaves.get(1));
    }

    static List<Value> leaves(double... data) {
        List<Value> leaves = new ArrayList<>();
        for (double d : data) {
            leaves.add(new Value(d));
        }
        return leaves;
    }

    /**
     * Records {@code build} over leaves at {@code point}, then {@code rounds} times gives every leaf new data,
     * replays, and compares every recorded node's value and every leaf's gradient with a graph rebuilt from the
     * new data. Returns the number of nodes compared.
     */
    static int checkReplay(Function<List<Value>, Value> build, double[] point, Random rng, int rounds,
                           String description) {
        List<Value> recordedLeaves = leaves(point);
        Value recorded = build.apply(recordedLeaves);
        Tape tape = Tape.record(recorded);
        int compared = 0;
        for (int round = 0; round < rounds; round++) {
            double[] moved = point.clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] = point[i] * (1 + 0.2 * (rng.nextDouble() - 0.5)) + 0.05 * (rng.nextDouble() - 0.5);
                recordedLeaves.get(i).setData(moved[i]);
                recordedLeaves.get(i).setGrad(0.0);
            }
            List<Value> freshLeaves = leaves(moved);
            Value fresh = build.apply(freshLeaves);
            double replayed = tape.forward();
            tape.backward();
            fresh.backward();
            String where = description + ", round " + round;
            assertThat(replayed).as(where + ": root").isEqualTo(fresh.data());
            compared += compareNodes(tape, recorded, fresh, where);
            for (int i = 0; i < point.length; i++) {
                assertThat(recordedLeaves.get(i).grad()).as(where + ": d/dleaf" + i)
                        .isEqualTo(freshLeaves.get(i).grad());
            }
        }
        return compared;
    }

    /** Walks the recorded and the rebuilt graph together: every node's replayed value equals the rebuilt one. */
    static int compareNodes(Tape tape, Value recorded, Value fresh, String where) {
        Map<Value, Boolean> seen = new IdentityHashMap<>();
        Deque<Value[]> pairs = new ArrayDeque<>();
        pairs.push(new Value[] {recorded, fresh});
        while (!pairs.isEmpty()) {
            Value[] pair = pairs.pop();
            if (seen.put(pair[0], Boolean.TRUE) != null) {
                continue;
            }
            assertThat(pair[0].op()).isEqualTo(pair[1].op());
            assertThat(tape.value(pair[0])).as(() -> where + ": " + pair[0].op()).isEqualTo(pair[1].data());
            if (!pair[0].isLeaf()) {
                assertThat(tape.grad(pair[0])).as(() -> where + ": grad of " + pair[0].op()).isEqualTo(pair[1].grad());
            }
            List<Value> a = pair[0].children();
            List<Value> b = pair[1].children();
            for (int i = 0; i < a.size(); i++) {
                pairs.push(new Value[] {a.get(i), b.get(i)});
            }
        }
        return seen.size();
    }

    @Nested
    @DisplayName("replays the numbers of a rebuilt graph")
    class SameNumbers {

        @Test
        @DisplayName("micrograd's README expression: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773, then new leaves")
        void readmeExpression() {
            List<Value> ab = leaves(-4.0, 2.0);
            Value g = readme(ab);
            Tape tape = Tape.record(g);
            assertThat(tape.forward()).isCloseTo(24.7041, within(5e-5));
            tape.backward();
            assertThat(ab.get(0).grad()).isCloseTo(138.8338, within(5e-5));
            assertThat(ab.get(1).grad()).isCloseTo(645.5773, within(5e-5));
            assertThat(checkReplay(TapeTest::readme, new double[] {-4.0, 2.0}, new Random(1337), 20, "readme"))
                    .isGreaterThan(20 * 20);
        }

        @Test
        @DisplayName("the moons network and loss, every parameter and input moved at random")
        void moons() {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            MLP recordedModel = new MLP(new Random(1337), 2, 16, 16, 1);
            List<Value> recordedInputs = new ArrayList<>();
            Value recorded = moonsLoss(recordedModel, x, y, recordedInputs);
            Tape tape = Tape.record(recorded);
            Random rng = new Random(42);
            for (int round = 0; round < 5; round++) {
                MLP freshModel = new MLP(new Random(1337), 2, 16, 16, 1);
                List<Value> p = recordedModel.parameters();
                List<Value> q = freshModel.parameters();
                for (int i = 0; i < p.size(); i++) {
                    double moved = p.get(i).data() + 0.3 * (rng.nextDouble() - 0.5);
                    p.get(i).setData(moved);
                    q.get(i).setData(moved);
                }
                double[][] movedX = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    movedX[i] = new double[] {x[i][0] + 0.1 * rng.nextGaussian(), x[i][1] + 0.1 * rng.nextGaussian()};
                    recordedInputs.get(2 * i).setData(movedX[i][0]);
                    recordedInputs.get(2 * i + 1).setData(movedX[i][1]);
                }
                Value fresh = moonsLoss(freshModel, movedX, y, new ArrayList<>());
                recordedModel.zeroGrad();
                assertThat(tape.forward()).as("loss, round " + round).isEqualTo(fresh.data());
                tape.backward();
                fresh.backward();
                assertThat(compareNodes(tape, recorded, fresh, "moons, round " + round)).isEqualTo(tape.size());
                for (int i = 0; i < p.size(); i++) {
                    assertThat(p.get(i).grad()).as("d/dparameter" + i + ", round " + round).isEqualTo(q.get(i).grad());
                }
            }
        }

        @Test
        @DisplayName("400 random graphs of every op (shared subexpressions, shared input arrays, custom ops)")
        void randomGraphs() {
            Random rng = new Random(2024);
            int nodes = 0;
            for (long seed = 1; seed <= 400; seed++) {
                RandomGraphTest.Graph g = RandomGraphTest.generate(seed);
                nodes += checkReplay(g::build, g.point(), rng, 3, g.describe());
            }
            assertThat(nodes).as("nodes compared").isGreaterThan(400 * 3 * 10);
        }

        @Test
        @DisplayName("a zero gradient times an infinite derivative is NaN, as in a rebuilt graph (no shortcut)")
        void zeroTimesInfinity() {
            Function<List<Value>, Value> build = v -> {
                Value h = new Linear(new Value[][] {{v.get(1)}}, new Value[] {v.get(0)}, false).apply(v.get(2))[0];
                return h.log().mul(2).relu().add(1);            // relu passes 0 down to Infinity * 0
            };
            List<Value> leaves = leaves(1.0, 2.0, 3.0);
            Tape tape = Tape.record(build.apply(leaves));
            leaves.get(0).setData(-6.0);                        // h = -6 + 2 * 3 = 0: log'(0) = Infinity
            tape.forward();
            tape.backward();
            List<Value> fresh = leaves(-6.0, 2.0, 3.0);
            build.apply(fresh).backward();
            assertThat(fresh.get(0).grad()).isNaN();
            for (int i = 0; i < 3; i++) {
                assertThat((Double) leaves.get(i).grad()).isEqualTo((Double) fresh.get(i).grad());
            }
        }

        @Test
        @DisplayName("a ReLU layer whose sum became -Infinity passes NaN to its inputs, as in a rebuilt graph")
        void infiniteSumInLayer() {
            // a layer of 9 ReLU outputs over two inputs; leaves: x0, x1, then per output its bias and two weights
            Function<List<Value>, Value> build = v -> {
                Value[][] w = new Value[9][];
                Value[] b = new Value[9];
                for (int j = 0; j < 9; j++) {
                    w[j] = new Value[] {v.get(3 + 3 * j), v.get(4 + 3 * j)};
                    b[j] = v.get(2 + 3 * j);
                }
                return Value.sum(new Linear(w, b, true).apply(v.get(0), v.get(1))).mul(0.5);
            };
            double[] data = new double[2 + 27];
            data[0] = 1.5;
            data[1] = -0.5;
            for (int i = 2; i < data.length; i++) {
                data[i] = 0.1 * i - 1;
            }
            List<Value> leaves = leaves(data);
            Tape tape = Tape.record(build.apply(leaves));
            tape.backward();
            leaves.forEach(leaf -> leaf.setGrad(0));
            leaves.get(6).setData(Double.NEGATIVE_INFINITY);   // neuron 1's first weight: its sum is -Infinity,
            data[6] = Double.NEGATIVE_INFINITY;                // its ReLU's slope 0, and 0 * Infinity is NaN
            assertThat(tape.forward()).isEqualTo(build.apply(leaves(data)).data());
            tape.backward();
            List<Value> fresh = leaves(data);
            build.apply(fresh).backward();
            assertThat(fresh.get(0).grad()).isNaN();
            for (int i = 0; i < data.length; i++) {
                assertThat((Double) leaves.get(i).grad()).as("d/dleaf" + i).isEqualTo((Double) fresh.get(i).grad());
            }
        }

        @Test
        @DisplayName("eight layers in a chain, each one's output an input of the next, all over one more input")
        void chainedSumsOverOneArray() {
            // leaves: x0, x1, a bias, then two weights per layer; layer j + 1 reads layer j's output and x1
            Function<List<Value>, Value> build = v -> {
                Value h = v.get(0);
                for (int j = 0; j < 8; j++) {
                    h = new Linear(new Value[][] {{v.get(3 + 2 * j), v.get(4 + 2 * j)}}, new Value[] {v.get(2)}, true)
                            .apply(h, v.get(1))[0];
                }
                return h;
            };
            double[] point = new double[3 + 16];
            for (int i = 0; i < point.length; i++) {
                point[i] = 0.7 - 0.09 * i;
            }
            assertThat(checkReplay(build, point, new Random(5), 10, "chained sums")).isGreaterThan(10 * 8);
        }

        @Test
        @DisplayName("a layer applied to two inputs, layers that share weights but not biases, weights as inputs")
        void sharedAndComputedWeights() {
            // leaves: two input pairs, 8 weight pairs, 8 + 8 biases; sums 0-7 and 8-15 use the same weights over
            // different inputs with different biases (a layer over two points, the biases of the second one moved
            // as another model's would be); sums 16-23 use weights made by operations (2 * w), so they are
            // interior nodes that forward() computes before the sums read them
            Function<List<Value>, Value> build = v -> {
                Value[][] x = {{v.get(0), v.get(1)}, {v.get(2), v.get(3)}};
                Value[][] w = new Value[8][];
                Value[][] doubled = new Value[8][];
                for (int j = 0; j < 8; j++) {
                    w[j] = new Value[] {v.get(4 + 2 * j), v.get(5 + 2 * j)};
                    doubled[j] = new Value[] {w[j][0].mul(2), w[j][1].mul(2)};
                }
                List<Value> sums = new ArrayList<>();
                for (int point = 0; point < 2; point++) {
                    Value[] b = new Value[8];
                    for (int j = 0; j < 8; j++) {
                        b[j] = v.get(20 + 8 * point + j);
                    }
                    Linear layer = new Linear(w, b, true);
                    sums.addAll(Arrays.asList(layer.apply(x[point])));
                    sums.addAll(Arrays.asList(layer.apply(x[1 - point])));
                    sums.addAll(Arrays.asList(layer.apply(w[point])));   // its own weights as its inputs
                }
                for (int j = 0; j < 8; j++) {                    // computed factors: dot products, not layers
                    sums.add(Value.dot(Arrays.asList(doubled[j]), Arrays.asList(x[1])).add(v.get(20 + j)));
                }
                return Value.sum(sums);                          // one node over all: each group recorded in a run
            };
            double[] point = new double[36];
            for (int i = 0; i < point.length; i++) {
                point[i] = Math.sin(1.3 * i + 0.4);
            }
            assertThat(checkReplay(build, point, new Random(9), 10, "shared weights")).isGreaterThan(10 * 40);
        }

        @Test
        @DisplayName("rsub and rdiv replay with their own derivatives")
        void reverseOps() {
            Function<List<Value>, Value> build = v -> v.get(0).rsub(3).mul(v.get(1).rdiv(2)).add(v.get(0).rdiv(-1.5));
            checkReplay(build, new double[] {0.7, -1.3}, new Random(7), 10, "rsub/rdiv");
        }
    }

    @Nested
    @DisplayName("behaves as backward() does")
    class LikeBackward {

        @Test
        @DisplayName("leaves accumulate over backward() calls; the root is seeded with 1; interior gradients recomputed")
        void accumulates() {
            Value a = new Value(3.0);
            Value b = new Value(-2.0);
            Value prod = a.mul(b);
            Value out = prod.tanh();
            Tape tape = Tape.record(out);
            tape.backward();
            double once = a.grad();
            assertThat(once).isCloseTo(b.data() * (1 - Math.tanh(-6) * Math.tanh(-6)), within(1e-15));
            tape.backward();
            assertThat(a.grad()).isEqualTo(once + once);
            assertThat(tape.grad(out)).isEqualTo(1.0);
            assertThat(tape.grad(prod)).isEqualTo(1 - Math.tanh(-6) * Math.tanh(-6));
        }

        @Test
        @DisplayName("size() counts leaves and operations; toString says both")
        void size() {
            Value a = new Value(1.0);
            Value s = a.mul(a).add(a);                     // leaf a, mul, add
            Tape tape = Tape.record(s);
            assertThat(tape.size()).isEqualTo(3);
            assertThat(tape).hasToString("Tape(3 values: 1 leaves, 2 computed in 2 steps)");
        }

        @Test
        @DisplayName("value() of a leaf is its data at the last forward(); interior data() is left as built")
        void interiorDataIsNotWritten() {
            Value x = new Value(2.0);
            Value sq = x.mul(x);
            Value out = sq.add(1);
            Tape tape = Tape.record(out);
            x.setData(3.0);
            assertThat(tape.forward()).isEqualTo(10.0);
            assertThat(tape.value(sq)).isEqualTo(9.0);
            assertThat(tape.value(x)).isEqualTo(3.0);
            assertThat(sq.data()).as("interior data() still from building").isEqualTo(4.0);
            assertThat(out.data()).isEqualTo(5.0);
        }

        @Test
        @DisplayName("value() still finds nodes after an eager backward() re-marked them")
        void lookupAfterEagerPass() {
            Value x = new Value(2.0);
            Value sq = x.mul(x);
            Value out = sq.add(1);
            Tape tape = Tape.record(out);
            out.backward();                                // marks every node with this pass's tokens
            x.setData(-1.0);
            tape.forward();
            assertThat(tape.value(sq)).isEqualTo(1.0);
            assertThat(tape.value(out)).isEqualTo(2.0);
        }
    }

    @Nested
    @DisplayName("what a replay cannot see")
    class Limits {

        /** A graph whose shape depends on data: a Java if on a value while building. */
        static Value branchy(Value x) {
            return x.data() > 0 ? x.mul(2) : x.neg();
        }

        @Test
        @DisplayName("a graph whose shape depends on data keeps the recorded branch; record it again")
        void dataDependentShape() {
            Value x = new Value(1.5);
            Tape tape = Tape.record(branchy(x));
            x.setData(-1.0);
            assertThat(tape.forward()).as("still x * 2").isEqualTo(-2.0);
            assertThat(branchy(new Value(-1.0)).data()).as("rebuilt: -x").isEqualTo(1.0);
            assertThat(Tape.record(branchy(x)).forward()).as("recorded again").isEqualTo(1.0);
        }

        @Test
        @DisplayName("two tapes over disjoint graphs run on two threads with the numbers of one thread")
        void twoThreads() throws Exception {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            double[] alone = {train(x, y, 11), train(x, y, 12)};
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int attempt = 0; attempt < 3; attempt++) {
                    Future<Double> first = pool.submit(() -> train(x, y, 11));
                    Future<Double> second = pool.submit(() -> train(x, y, 12));
                    assertThat(first.get()).isEqualTo(alone[0]);
                    assertThat(second.get()).isEqualTo(alone[1]);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(alone[0]).isNotEqualTo(alone[1]);
        }

        @Test
        @DisplayName("leaves recorded by several tapes: each replays its graph and finds them, whatever slot the "
                + "others left in them")
        void leavesSharedBetweenRecordings() {
            Value a = new Value(2.0);
            Value b = new Value(-3.0);
            Value c = new Value(0.5);
            Value d = new Value(1.25);
            Value first = a.mul(b).add(c);
            Tape firstTape = Tape.record(first);              // leaves its slots in a, b and c
            Value second = d.add(c).mul(a).add(b.mul(b)).tanh();   // the same leaves, d first: other slots
            Tape secondTape = Tape.record(second);
            second.backward();
            double[] eager = {a.grad(), b.grad(), c.grad(), d.grad()};
            for (Value v : List.of(a, b, c, d)) {
                v.setGrad(0.0);
            }
            assertThat(secondTape.forward()).isEqualTo(second.data());
            secondTape.backward();
            assertThat(new double[] {a.grad(), b.grad(), c.grad(), d.grad()}).containsExactly(eager);
            assertThat(secondTape.value(d)).isEqualTo(1.25);
            assertThat(firstTape.forward()).isEqualTo(-5.5);
            assertThat(firstTape.value(a)).as("found through the table of leaves").isEqualTo(2.0);
            firstTape.backward();
            assertThat(firstTape.grad(b)).isEqualTo(eager[1] + 2.0);
            assertThatThrownBy(() -> firstTape.value(d)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was not recorded by this tape");
        }

        @Test
        @DisplayName("graphs sharing parameters recorded on two threads at once: each tape replays its own graph")
        void recordingsSharingLeavesOnTwoThreads() throws Exception {
            double[][] x = Arrays.copyOf(Moons.micrograd100().features(), 40);
            double[] y = Arrays.copyOf(Moons.micrograd100().labels(), 40);
            MLP model = new MLP(new Random(5), 2, 8, 8, 1);
            List<Value> p = model.parameters();
            List<Value> reversed = new ArrayList<>(p);
            Collections.reverse(reversed);
            Callable<Value> forwards = () -> moonsLoss(model, x, y, new ArrayList<>());
            // a regularizer met first lays the parameters out last to first: other slots than the first graph's,
            // so that one recording moving them under the other cannot go unnoticed
            Callable<Value> backwards = () -> moonsLoss(model, x, y, new ArrayList<>()).add(Losses.l2(reversed, 1));
            Tape one = Tape.record(forwards.call());
            Tape other = Tape.record(backwards.call());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> first = pool.submit(() -> recordAgainAndAgain(forwards, one, p));
                Future<Integer> second = pool.submit(() -> recordAgainAndAgain(backwards, other, p));
                assertThat(first.get() + second.get()).as("tapes checked").isEqualTo(400);
            } finally {
                pool.shutdown();
            }
        }

        /**
         * Records 200 graphs that {@code build} makes; each tape must give the loss and gradient of {@code alone}
         * to the bit. Returns the number of tapes checked.
         */
        static int recordAgainAndAgain(Callable<Value> build, Tape alone, List<Value> p) throws Exception {
            double loss = alone.forward();
            double[] gradient = new double[p.size()];
            alone.gradient(p, gradient);
            List<Value> roots = new ArrayList<>();
            for (int r = 0; r < 200; r++) {
                roots.add(build.call());                      // building only reads the shared leaves
            }
            int checked = 0;
            for (Value root : roots) {                        // recording back to back: the two threads overlap
                Tape tape = Tape.record(root);
                double[] g = new double[p.size()];
                tape.gradient(p, g);
                assertThat(tape.forward()).isEqualTo(loss);
                assertThat(g).containsExactly(gradient);
                checked++;
            }
            return checked;
        }

        /** 30 SGD steps through a tape of a fresh model; returns the last loss. */
        static double train(double[][] x, double[] y, long seed) {
            MLP model = new MLP(new Random(seed), 2, 16, 16, 1);
            Tape tape = Tape.record(moonsLoss(model, x, y, new ArrayList<>()));
            double loss = Double.NaN;
            for (int k = 0; k < 30; k++) {
                loss = tape.forward();
                model.zeroGrad();
                tape.backward();
                for (Value p : model.parameters()) {
                    p.setData(p.data() - 0.5 * p.grad());
                }
            }
            return loss;
        }
    }

    @Nested
    @DisplayName("gradient(wrt, into): backward()'s numbers from zero, into an array, no Value.grad touched")
    class IntoArray {

        /** Leaf gradients by backward() from zeroed grads; the leaves' grads are restored afterwards. */
        static double[] byBackward(Tape tape, List<? extends Value> wrt) {
            double[] saved = new double[wrt.size()];
            for (int i = 0; i < wrt.size(); i++) {
                saved[i] = wrt.get(i).grad();
                wrt.get(i).setGrad(0.0);
            }
            tape.backward();
            double[] out = new double[wrt.size()];
            for (int i = 0; i < wrt.size(); i++) {
                out[i] = wrt.get(i).isLeaf() ? wrt.get(i).grad() : tape.grad(wrt.get(i));
            }
            for (int i = 0; i < wrt.size(); i++) {
                wrt.get(i).setGrad(saved[i]);
            }
            return out;
        }

        @Test
        @DisplayName("the moons graph: the parameters' gradients equal backward()'s bit for bit; grads and data untouched")
        void moons() {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
            List<Value> inputs = new ArrayList<>();
            Tape tape = Tape.record(moonsLoss(model, x, y, inputs));
            List<Value> p = model.parameters();
            List<Value> all = new ArrayList<>(p);
            all.addAll(inputs);
            Random rng = new Random(3);
            for (int round = 0; round < 5; round++) {
                for (Value v : p) {
                    v.setData(v.data() + 0.3 * (rng.nextDouble() - 0.5));
                    v.setGrad(7.0);                            // gradient() must neither read nor write it
                }
                tape.forward();
                double[] g = new double[p.size()];
                tape.gradient(p, g);
                double[] ga = new double[all.size()];
                tape.gradient(all, ga);
                for (Value v : p) {
                    assertThat(v.grad()).isEqualTo(7.0);
                }
                double[] expected = byBackward(tape, all);
                assertThat(g).as("round " + round).containsExactly(Arrays.copyOf(expected, p.size()));
                assertThat(ga).as("round " + round).containsExactly(expected);
                assertThat(g).as("a loss that depends on every parameter").doesNotContain(0.0);
            }
        }

        @Test
        @DisplayName("400 random graphs, a random subset of the leaves (and an interior node) as wrt")
        void randomGraphs() {
            Random rng = new Random(99);
            int compared = 0;
            for (long seed = 1; seed <= 400; seed++) {
                RandomGraphTest.Graph graph = RandomGraphTest.generate(seed);
                List<Value> leaves = leaves(graph.point());
                Value root = graph.build(leaves);
                Tape tape = Tape.record(root);
                for (int round = 0; round < 3; round++) {
                    for (Value leaf : leaves) {
                        leaf.setData(leaf.data() * (1 + 0.1 * (rng.nextDouble() - 0.5)));
                    }
                    tape.forward();
                    List<Value> wrt = new ArrayList<>();
                    for (Value leaf : leaves) {
                        if (rng.nextBoolean()) {
                            wrt.add(leaf);
                        }
                    }
                    if (!root.children().isEmpty() && !root.children().get(0).isLeaf()) {
                        wrt.add(root.children().get(0));
                    }
                    double[] into = new double[wrt.size()];
                    tape.gradient(wrt, into);
                    assertThat(into).as(graph.describe()).containsExactly(byBackward(tape, wrt));
                    compared += wrt.size();
                }
            }
            assertThat(compared).isGreaterThan(400 * 3);
        }

        @Test
        @DisplayName("a value the root does not depend on gets 0; a listed interior node its gradient; duplicates both")
        void unrecordedAndInterior() {
            Value a = new Value(3.0);
            Value b = new Value(-2.0);
            Value prod = a.mul(b);
            Value out = prod.tanh();
            Tape tape = Tape.record(out);
            Value stranger = new Value(1.0);
            Value later = out.mul(2);                          // built after recording
            double[] into = {5, 5, 5, 5, 5};
            tape.gradient(List.of(a, stranger, prod, later, a), into);
            double dprod = 1 - Math.tanh(-6) * Math.tanh(-6);
            assertThat(into).containsExactly(dprod * b.data(), 0.0, dprod, 0.0, dprod * b.data());
            assertThat(a.grad()).isEqualTo(0.0);
            assertThat(tape.grad(prod)).isEqualTo(dprod);
            assertThat(tape.grad(a)).isEqualTo(into[0]);
        }

        @Test
        @DisplayName("the slots of the last list are reused only for the same values in the same order")
        void sameValuesOnly() {
            Value a = new Value(3.0);
            Value b = new Value(-2.0);
            Tape tape = Tape.record(a.mul(b));
            double[] into = new double[2];
            List<Value> wrt = new ArrayList<>(List.of(a, b));
            tape.gradient(wrt, into);
            assertThat(into).containsExactly(-2.0, 3.0);
            wrt.set(0, b);                                     // changed in place, same size
            wrt.set(1, a);
            tape.gradient(wrt, into);
            assertThat(into).containsExactly(3.0, -2.0);
            tape.gradient(List.of(b, b), into);
            assertThat(into).containsExactly(3.0, 3.0);
        }

        @Test
        @DisplayName("after gradient(params), grad() of an input leaf it skipped fails clearly; backward() restores it")
        void skippedInputs() {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
            List<Value> inputs = new ArrayList<>();
            Tape tape = Tape.record(moonsLoss(model, x, y, inputs));
            List<Value> p = model.parameters();
            tape.gradient(p, new double[p.size()]);
            assertThat(tape.grad(p.get(0))).isNotZero();
            assertThatThrownBy(() -> tape.grad(inputs.get(0))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was not in the list of the last gradient() pass");
            model.zeroGrad();
            tape.backward();
            for (Value in : inputs) {
                assertThat(tape.grad(in)).isEqualTo(in.grad());
            }
            assertThat(inputs.stream().filter(in -> in.grad() != 0).count()).isGreaterThan(10);
        }

        @Test
        @DisplayName("two tapes over shared parameters, forward() and gradient() on two threads: the sequential bits")
        void sharedParametersOnTwoThreads() throws Exception {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            double[][] firstX = Arrays.copyOfRange(x, 0, 50);
            double[][] secondX = Arrays.copyOfRange(x, 50, 100);
            MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
            List<Value> p = model.parameters();
            double[] start = p.stream().mapToDouble(Value::data).toArray();
            Tape first = Tape.record(moonsLoss(model, firstX, Arrays.copyOfRange(y, 0, 50), new ArrayList<>()));
            Tape second = Tape.record(moonsLoss(model, secondX, Arrays.copyOfRange(y, 50, 100), new ArrayList<>()));
            int steps = 40;
            double[][] sequential = new double[steps][];
            train(p, start, first, second, steps, sequential, null);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int attempt = 0; attempt < 5; attempt++) {
                    double[][] parallel = new double[steps][];
                    train(p, start, first, second, steps, parallel, pool);
                    for (int k = 0; k < steps; k++) {
                        assertThat(parallel[k]).as("attempt " + attempt + ", step " + k).containsExactly(sequential[k]);
                    }
                }
            } finally {
                pool.shutdown();
            }
            assertThat(sequential[steps - 1]).isNotEqualTo(sequential[0]);
            for (Value v : p) {
                assertThat(v.grad()).isEqualTo(0.0);
            }
        }

        /**
         * SGD steps on the summed gradients of two shard tapes, run one after the other ({@code pool} null) or on
         * two threads; stores each step's two losses and two gradient arrays in {@code out[k]}.
         */
        static void train(List<Value> p, double[] start, Tape first, Tape second, int steps, double[][] out,
                          ExecutorService pool) throws Exception {
            for (int i = 0; i < p.size(); i++) {
                p.get(i).setData(start[i]);
            }
            int n = p.size();
            for (int k = 0; k < steps; k++) {
                double[] g0 = new double[n];
                double[] g1 = new double[n];
                double[] loss = new double[2];
                java.util.concurrent.Callable<Void> a = () -> {
                    loss[0] = first.forward();
                    first.gradient(p, g0);
                    return null;
                };
                java.util.concurrent.Callable<Void> b = () -> {
                    loss[1] = second.forward();
                    second.gradient(p, g1);
                    return null;
                };
                if (pool == null) {
                    a.call();
                    b.call();
                } else {
                    Future<Void> fa = pool.submit(a);
                    Future<Void> fb = pool.submit(b);
                    fa.get();
                    fb.get();
                }
                double[] record = new double[2 + 2 * n];
                record[0] = loss[0];
                record[1] = loss[1];
                System.arraycopy(g0, 0, record, 2, n);
                System.arraycopy(g1, 0, record, 2 + n, n);
                out[k] = record;
                for (int i = 0; i < n; i++) {
                    Value v = p.get(i);
                    v.setData(v.data() - 0.5 * (g0[i] + g1[i]));
                }
            }
        }
    }

    @Nested
    @DisplayName("bad use fails clearly")
    class BadUse {

        @Test
        @DisplayName("a null root, a leaf root")
        void badRoots() {
            assertThatThrownBy(() -> Tape.record(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("root == null");
            assertThatThrownBy(() -> Tape.record(new Value(2.0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("root is a leaf (Value(data=2.0, grad=0.0))");
        }

        @Test
        @DisplayName("value() and grad() of a node that was not recorded, or null")
        void notRecorded() {
            Value x = new Value(2.0);
            Value sq = x.mul(x);
            Tape tape = Tape.record(sq.add(1));
            Value later = sq.mul(3);                       // built after recording
            Value stranger = new Value(5.0);
            assertThatThrownBy(() -> tape.value(later)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was not recorded by this tape");
            assertThatThrownBy(() -> tape.grad(stranger)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("node Value(data=5.0, grad=0.0) was not recorded by this tape");
            assertThatThrownBy(() -> tape.value(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("node == null");
        }

        @Test
        @DisplayName("gradient() with a null list, array or element, or an array of the wrong length")
        void badGradient() {
            Value a = new Value(3.0);
            Tape tape = Tape.record(a.mul(a));
            assertThatThrownBy(() -> tape.gradient(null, new double[0])).isInstanceOf(NullPointerException.class)
                    .hasMessage("wrt == null");
            assertThatThrownBy(() -> tape.gradient(List.of(a), null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("into == null");
            assertThatThrownBy(() -> tape.gradient(Arrays.asList(a, null), new double[2]))
                    .isInstanceOf(NullPointerException.class).hasMessage("wrt.get(1) == null");
            assertThatThrownBy(() -> tape.gradient(List.of(a), new double[2]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("into.length (2) must be wrt.size() (1)");
            double[] into = {0};
            tape.gradient(List.of(a), into);
            assertThat(into).containsExactly(6.0);
        }
    }

    /** micrograd's demo loss over input leaves that the caller can move (added to {@code inputs}). */
    static Value moonsLoss(MLP model, double[][] x, double[] y, List<Value> inputs) {
        List<Value> scores = new ArrayList<>();
        for (double[] row : x) {
            List<Value> in = List.of(new Value(row[0]), new Value(row[1]));
            inputs.addAll(in);
            scores.add(model.apply(in).get(0));
        }
        return Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
    }
}
