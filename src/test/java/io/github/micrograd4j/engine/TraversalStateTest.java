package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A traversal's state is its own: a pass (backward, a recording, Autograd) run from inside another one, or on another
 * thread over a graph that shares values, neither sees nor disturbs it.
 */
@DisplayName("Traversal state belongs to the traversal: nested runs and threads give the right numbers")
class TraversalStateTest {

    @Nested
    @DisplayName("nested runs: an operation whose code runs a pass of its own over the same nodes")
    class NestedRuns {

        /**
         * cube(u) = u^3, whose derivative as a graph is built by Autograd.grad itself (a nested run over the node
         * u, which may be an interior node of the outer graph).
         */
        static CustomOp cubeThroughAutograd() {
            return CustomOp.of("cube", u -> u * u * u, (u, y) -> 3 * u * u)
                    .withGraphDerivative((u, y) -> Autograd.grad(u.pow(3), u).get(0));
        }

        @Test
        @DisplayName("Autograd.grad of (1·x)^3 at x = 2 is 12, also when the cube's derivative calls Autograd.grad")
        void autogradInsideAutograd() {
            CustomOp cube = cubeThroughAutograd();
            Value x = new Value(2.0);
            Value interior = x.mul(1.0);                       // an interior operand: the case that gave 24
            assertThat(Autograd.grad(cube.apply(interior), x).get(0).data()).isEqualTo(12.0);
            assertThat(Autograd.grad(cube.apply(x), x).get(0).data()).isEqualTo(12.0);
            Value twice = cube.apply(interior).add(cube.apply(interior.mul(2.0)));   // 12 + 8 * 12
            assertThat(Autograd.grad(twice, x).get(0).data()).isEqualTo(12.0 + 96.0);
            Value d2 = Autograd.grad(Autograd.grad(cube.apply(interior), x).get(0), x).get(0);
            assertThat(d2.data()).isEqualTo(12.0);            // 6x
        }

        @Test
        @DisplayName("a custom op whose function runs backward() and Tape.record over the outer graph's nodes")
        void backwardAndRecordInsideAnOp() {
            Value a = new Value(1.5);
            Value h = a.mul(a).add(a);                         // an interior node of the outer graph
            double[] seen = new double[2];
            CustomOp probe = CustomOp.of("probe", u -> {
                h.backward();                                 // a nested backward over h's nodes
                seen[0] = Tape.record(h).forward();           // and a nested recording of them
                return 2 * u;
            }, (u, y) -> {
                seen[1] = Autograd.grad(h, a).get(0).data();  // a nested Autograd run, from the partials
                return 2;
            });
            Value y = probe.apply(h.mul(3.0)).add(h);          // y = 2 * 3h + h = 7h
            Tape tape = Tape.record(y);                       // forward() calls probe: nested passes over h
            a.setGrad(0);
            tape.backward();
            assertThat(a.grad()).isEqualTo(7 * (2 * 1.5 + 1));
            assertThat(seen[0]).isEqualTo(1.5 * 1.5 + 1.5);
            assertThat(seen[1]).isEqualTo(2 * 1.5 + 1);
            a.setGrad(0);
            y.backward();
            assertThat(a.grad()).isEqualTo(7 * (2 * 1.5 + 1));
            a.setData(-0.5);                                  // the tape recomputes, the nested passes again
            tape.forward();
            a.setGrad(0);
            tape.backward();
            assertThat(a.grad()).isEqualTo(7 * (2 * -0.5 + 1));
            assertThat(tape.value(h)).isEqualTo(-0.5 * -0.5 - 0.5);
        }

        @Test
        @DisplayName("a tape still finds its nodes after other passes marked them (value, grad, gradient)")
        void lookupsAfterOtherPasses() {
            Value a = new Value(0.7);
            Value[] w = {new Value(0.5), new Value(-0.25)};
            Value y = new Linear(new Value[][] {w}, null, true).apply(a.tanh(), a)[0];
            Value out = y.mul(y).add(a);
            Tape tape = Tape.record(out);
            out.backward();                                   // re-marks every node
            Autograd.grad(out, a);                            // and again
            Tape.record(y);
            assertThat(tape.value(y)).isEqualTo(y.data());
            double[] g = new double[1];
            tape.gradient(List.of(a), g);
            assertThat(g[0]).isEqualTo(Autograd.grad(out, a).get(0).data());
            assertThat(tape.grad(y)).isEqualTo(2 * y.data());
        }
    }

    @Nested
    @DisplayName("threads: graphs that share parameters, recorded and differentiated at the same time")
    class Threads {

        /** The moons loss over 40 points of a model's parameters, as one thread would build it. */
        static Value moonsLoss(MLP model, int from) {
            double[][] x = Moons.micrograd100().features();
            double[] y = Moons.micrograd100().labels();
            List<Value> scores = new ArrayList<>();
            double[] labels = new double[40];
            for (int i = 0; i < 40; i++) {
                scores.add(model.apply(x[from + i]).get(0));
                labels[i] = y[from + i];
            }
            return Losses.hinge(scores, labels).add(Losses.l2(model.parameters(), 1e-4));
        }

        /** Records, replays and differentiates (Tape.gradient and Autograd.grad) 60 times; returns the bits seen. */
        static List<String> work(MLP model, int from) {
            List<String> seen = new ArrayList<>();
            List<Value> p = model.parameters();
            for (int r = 0; r < 60; r++) {
                Value loss = moonsLoss(model, from);
                Tape tape = Tape.record(loss);
                double[] g = new double[p.size()];
                tape.gradient(p, g);
                List<Value> some = p.subList(0, 5);
                double[] a = Autograd.grad(loss, some).stream().mapToDouble(Value::data).toArray();
                seen.add(tape.forward() + " " + Arrays.toString(g) + " " + Arrays.toString(a));
            }
            return seen;
        }

        @Test
        @DisplayName("two threads on one model's parameters: every tape and gradient has the bits of one thread")
        void sharedParameters() throws Exception {
            MLP model = new MLP(new Random(5), 2, 8, 8, 1);
            List<String> first = work(model, 0);
            List<String> second = work(model, 50);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int attempt = 0; attempt < 3; attempt++) {
                    Future<List<String>> one = pool.submit(() -> work(model, 0));
                    Future<List<String>> two = pool.submit(() -> work(model, 50));
                    assertThat(one.get()).isEqualTo(first);
                    assertThat(two.get()).isEqualTo(second);
                }
            } finally {
                pool.shutdown();
            }
        }

        @Test
        @DisplayName("two threads ordering graphs that share interior nodes: a disturbed order is taken again")
        void sharedInteriorNodes() throws Exception {
            Value a = new Value(0.3);
            Value shared = a;
            for (int i = 0; i < 300; i++) {                    // a long interior chain both graphs go through
                shared = shared.mul(1.001).add(0.001).tanh();
            }
            Value common = shared;
            Callable<List<Double>> work = () -> {
                List<Double> out = new ArrayList<>();
                for (int r = 0; r < 200; r++) {
                    Value root = common.mul(common).add(common.exp());
                    out.add(Autograd.grad(root, a).get(0).data());
                    out.add(Tape.record(root).forward());
                    out.add((double) root.backwardOrder().size());
                }
                return out;
            };
            List<Double> alone = work.call();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<Double>> one = pool.submit(work);
                Future<List<Double>> two = pool.submit(work);
                assertThat(one.get()).isEqualTo(alone);
                assertThat(two.get()).isEqualTo(alone);
            } finally {
                pool.shutdown();
            }
        }

        @Test
        @DisplayName("a pass whose marks another pass moved answers from a table of its own order")
        void movedMarks() {
            Value a = new Value(2.0);
            Value b = a.mul(a).add(1.0);
            Value c = b.tanh().mul(b);
            Pass first = new Pass(false);
            first.order(c, true);
            int at = first.position(b);
            new Pass(false).order(c, true);                   // moves every mark
            assertThat(first.position(b)).isEqualTo(at);
            assertThat(first.nodes[at]).isSameAs(b);
            assertThat(first.position(a)).isEqualTo(-1);      // a leaf
            assertThat(first.position(new Value(1).add(1))).isEqualTo(-1);   // not in this graph
        }
    }

    @Test
    @DisplayName("a layer's output that no node uses takes no part: its weights get no gradient, not even a NaN")
    void unusedLayerOutput() {
        Value x = new Value(Double.POSITIVE_INFINITY);
        Value[] used = {new Value(0.5)};
        Value[] unused = {new Value(0.25)};
        Value[] out = new Linear(new Value[][] {used, unused}, null, false).apply(x);
        Value root = out[0].mul(0.0).add(1.0);                // out[1] is not below the root
        root.backward();
        assertThat(unused[0].grad()).isZero();
        assertThat(used[0].grad()).isNaN();                   // 0 * Infinity, as a chain of nodes gives
        assertThat(root.backwardOrder()).doesNotContain(out[1]).contains(out[0]);
        unused[0].setGrad(0);
        Tape tape = Tape.record(root);
        tape.backward();
        assertThat(unused[0].grad()).isZero();
        assertThat(Autograd.grad(root, unused[0]).get(0).data()).isZero();
    }
}
