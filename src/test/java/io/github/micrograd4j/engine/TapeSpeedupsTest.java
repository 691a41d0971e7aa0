package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each speed-up of {@link Tape} changes no number: every set of them, all sixteen, gives the values and gradients of
 * the plain loops to the bit, over random graphs of every op, micrograd's moons training (where the zero-gradient
 * skips fire) and a softmax classifier (where they do not), including non-finite data.
 */
@DisplayName("Tape speed-ups: every set of them gives the plain loops' numbers, bit for bit")
class TapeSpeedupsTest {

    static List<Set<Tape.Speedup>> allSets() {
        List<Set<Tape.Speedup>> sets = new ArrayList<>();
        Tape.Speedup[] all = Tape.Speedup.values();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            Set<Tape.Speedup> set = EnumSet.noneOf(Tape.Speedup.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(all[i]);
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /** Records {@code build}'s graph with each set of speed-ups and checks steps of training against the plain tape. */
    static void sameBits(Function<List<Value>, Value> build, double[] point, int steps, String what) {
        for (Set<Tape.Speedup> set : allSets()) {
            assertThat(trajectory(build, point, steps, set)).as("%s with %s", what, set)
                    .isEqualTo(trajectory(build, point, steps, EnumSet.noneOf(Tape.Speedup.class)));
        }
    }

    /**
     * The bits of each step's loss, leaf gradients (backward and gradient()) and every value, SGD between steps; a NaN
     * counts as one number, whatever its sign bit (which the order of a product's factors may change).
     */
    static List<Long> trajectory(Function<List<Value>, Value> build, double[] point, int steps, Set<Tape.Speedup> set) {
        List<Value> leaves = new ArrayList<>();
        for (double d : point) {
            leaves.add(new Value(d));
        }
        Value root = build.apply(leaves);
        Tape tape = Tape.record(root, set);
        List<Long> bits = new ArrayList<>();
        double[] into = new double[leaves.size()];
        for (int k = 0; k < steps; k++) {
            bits.add(Double.doubleToLongBits(tape.forward()));
            leaves.forEach(v -> v.setGrad(0));
            tape.backward();
            tape.gradient(leaves, into);
            for (int i = 0; i < leaves.size(); i++) {
                Value v = leaves.get(i);
                bits.add(Double.doubleToLongBits(v.grad()));
                bits.add(Double.doubleToLongBits(into[i]));
                bits.add(recorded(tape, v) ? Double.doubleToLongBits(tape.value(v)) : -1L);
                v.setData(v.data() - 0.05 * (Double.isFinite(v.grad()) ? v.grad() : 0));
            }
        }
        return bits;
    }

    /** Whether the tape recorded {@code v} (a random graph's root need not depend on every leaf). */
    static boolean recorded(Tape tape, Value v) {
        try {
            tape.value(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    @DisplayName("300 random graphs of every op, layers and custom ops among them")
    void randomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            RandomGraphTest.Graph g = RandomGraphTest.generate(seed);
            sameBits(g::build, g.point(), 3, "seed " + seed);
        }
    }

    @Test
    @DisplayName("micrograd's moons training, where skipping zeros and runs fires, and with a NaN and an infinity")
    void moonsTraining() {
        int n = new MLP(new Random(3), 2, 8, 8, 1).parameters().size();
        double[] point = new double[n];
        Random rng = new Random(11);
        for (int i = 0; i < n; i++) {
            point[i] = rng.nextDouble() * 2 - 1;
        }
        Function<List<Value>, Value> build = TapeSpeedupsTest::moonsWithLeaves;
        sameBits(build, point, 12, "moons");
        point[5] = Double.POSITIVE_INFINITY;
        sameBits(build, point, 2, "moons with an infinite weight");
        point[5] = Double.NaN;
        sameBits(build, point, 2, "moons with a NaN weight");
    }

    /** The moons loss over a model whose weights are the given leaves themselves. */
    static Value moonsWithLeaves(List<Value> p) {
        double[][] x = Moons.micrograd100().features();
        double[] y = Moons.micrograd100().labels();
        int[] sizes = {2, 8, 8, 1};
        List<Linear> layers = new ArrayList<>();
        int at = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            Value[][] w = new Value[sizes[l + 1]][sizes[l]];
            Value[] b = new Value[sizes[l + 1]];
            for (int j = 0; j < w.length; j++) {
                for (int i = 0; i < w[j].length; i++) {
                    w[j][i] = p.get(at++);
                }
                b[j] = p.get(at++);
            }
            layers.add(new Linear(w, b, l + 2 < sizes.length));
        }
        List<Value> scores = new ArrayList<>();
        double[] labels = new double[30];
        for (int i = 0; i < 30; i++) {
            Value[] h = {new Value(x[i][0]), new Value(x[i][1])};
            for (Linear layer : layers) {
                h = layer.apply(h);
            }
            scores.add(h[0]);
            labels[i] = y[i];
        }
        return Losses.hinge(scores, labels).add(Losses.l2(p, 1e-3));
    }

    @Test
    @DisplayName("a softmax classifier (every gradient non-zero), layers without biases, a tanh layer")
    void softmaxClassifier() {
        Random rng = new Random(5);
        int nin = 6;
        int hidden = 10;
        int classes = 4;
        double[] point = new double[nin * hidden + hidden * classes];
        for (int i = 0; i < point.length; i++) {
            point[i] = rng.nextGaussian() * 0.5;
        }
        double[][] x = new double[12][nin];
        int[] t = new int[12];
        for (int e = 0; e < x.length; e++) {
            for (int i = 0; i < nin; i++) {
                x[e][i] = rng.nextGaussian();
            }
            t[e] = rng.nextInt(classes);
        }
        Function<List<Value>, Value> build = p -> {
            Value[][] w1 = new Value[hidden][nin];
            Value[][] w2 = new Value[classes][hidden];
            int at = 0;
            for (Value[] row : w1) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = p.get(at++);
                }
            }
            for (Value[] row : w2) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = p.get(at++);
                }
            }
            Linear first = new Linear(w1, null, false);
            Linear second = new Linear(w2, null, false);
            List<List<Value>> logits = new ArrayList<>();
            for (double[] row : x) {
                Value[] in = new Value[nin];
                for (int i = 0; i < nin; i++) {
                    in[i] = new Value(row[i]);
                }
                Value[] h = first.apply(in);
                for (int j = 0; j < h.length; j++) {
                    h[j] = h[j].tanh();
                }
                logits.add(List.of(second.apply(h)));
            }
            return Losses.crossEntropy(logits, t);
        };
        sameBits(build, point, 8, "softmax classifier");
    }
}
