package io.github.micrograd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Autograd;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cross-entropies are operations a tape can replay: the same numbers as their closed forms, finite at
 * logits of +-800, and a replay with new logits and new targets equal to a graph built anew.
 */
@DisplayName("Cross-entropies replay through a tape")
class ReplayableLossesTest {

    /** The softmax cross-entropy and its gradient, written out in the test: {loss, d/dz0, d/dz1, ...}. */
    static double[] xentReference(double[] z, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] out = new double[z.length + 1];
        out[0] = max + Math.log(sum) - z[target];
        for (int j = 0; j < z.length; j++) {
            out[j + 1] = Math.exp(z[j] - max) / sum - (j == target ? 1 : 0);
        }
        return out;
    }

    static List<Value> leaves(double... xs) {
        List<Value> v = new ArrayList<>();
        for (double x : xs) {
            v.add(new Value(x));
        }
        return v;
    }

    @Test
    @DisplayName("softmax cross-entropy: the closed form's value and gradient to 1e-12, at ordinary and at +-800 logits")
    void crossEntropyMatchesTheClosedForm() {
        Random rng = new Random(1337);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + rng.nextInt(9);
            double scale = trial % 4 == 0 ? 800 : 5;
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                z[j] = trial % 4 == 0 ? (rng.nextBoolean() ? scale : -scale) * rng.nextDouble() : scale * rng.nextGaussian();
            }
            int target = rng.nextInt(k);
            List<Value> logits = leaves(z);
            Value loss = Losses.crossEntropy(List.of(logits), new int[] {target});
            loss.backward();
            double[] ref = xentReference(z, target);
            assertThat(loss.data()).as("loss, trial %d", trial).isCloseTo(ref[0], within(1e-12 * Math.max(1, Math.abs(ref[0]))));
            for (int j = 0; j < k; j++) {
                assertThat(logits.get(j).grad()).as("d/dz%d, trial %d", j, trial).isCloseTo(ref[j + 1], within(1e-12));
            }
        }
    }

    @Test
    @DisplayName("softmax cross-entropy at +-800: finite, log-sum-exp exact (1600 for the wrong extreme), gradient -1 / +1")
    void crossEntropyAtLargeLogits() {
        List<Value> z = leaves(800, -800, 0);
        Value wrong = Losses.crossEntropy(List.of(z), new int[] {1});
        wrong.backward();
        assertThat(wrong.data()).isCloseTo(1600, within(1e-9));
        assertThat(z.get(0).grad()).isCloseTo(1, within(1e-12));
        assertThat(z.get(1).grad()).isCloseTo(-1, within(1e-12));
        assertThat(z.get(2).grad()).isCloseTo(0, within(1e-12));
        List<Value> z2 = leaves(800, -800, 0);
        Value right = Losses.crossEntropy(List.of(z2), new int[] {0});
        right.backward();
        assertThat(right.data()).isCloseTo(0, within(1e-12));
        assertThat(z2.get(0).grad()).isCloseTo(0, within(1e-12));
    }

    @Test
    @DisplayName("BCE with logits at +-800: finite loss 800 or 0 and gradient s(z) - t, and its target partial -z")
    void bceAtLargeLogits() {
        List<Value> z = leaves(800, -800);
        List<Value> t = leaves(0, 0);
        Value loss = Losses.binaryCrossEntropyWithLogits(z, t);
        loss.backward();
        assertThat(loss.data()).isCloseTo(400, within(1e-9));        // (800 + 0) / 2
        assertThat(z.get(0).grad()).isCloseTo(0.5, within(1e-12));  // (1 - 0) / 2
        assertThat(z.get(1).grad()).isCloseTo(0, within(1e-12));
        assertThat(t.get(0).grad()).isCloseTo(-400, within(1e-9));   // -z / 2
    }

    @Test
    @DisplayName("the value-target forms give the int/double forms' numbers, bit for bit")
    void valueTargetsGiveTheSameBits() {
        Random rng = new Random(7);
        List<List<Value>> a = new ArrayList<>();
        List<List<Value>> b = new ArrayList<>();
        int[] targets = new int[6];
        List<Value> targetLeaves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double[] z = {rng.nextGaussian(), rng.nextGaussian() * 30, rng.nextGaussian()};
            a.add(leaves(z));
            b.add(leaves(z));
            targets[i] = rng.nextInt(3);
            targetLeaves.add(new Value(targets[i]));
        }
        Value la = Losses.crossEntropy(a, targets);
        Value lb = Losses.crossEntropy(b, targetLeaves);
        la.backward();
        lb.backward();
        assertThat(lb.data()).isEqualTo(la.data());
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(b.get(i).get(j).grad()).isEqualTo(a.get(i).get(j).grad());
            }
        }
    }

    @Test
    @DisplayName("a recorded softmax cross-entropy replays new logits and new targets as a graph built anew, bit for bit")
    void crossEntropyReplays() {
        Random rng = new Random(3);
        MLP model = new MLP(new Random(1), 4, 5, 3);
        Value[][] x = new Value[5][4];
        List<List<Value>> logits = new ArrayList<>();
        List<Value> y = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = new Value(0);
            }
            logits.add(model.apply(List.of(x[i])));
            y.add(new Value(0));
        }
        Tape tape = Tape.record(Losses.crossEntropy(logits, y));
        for (int round = 0; round < 20; round++) {
            double[][] rows = new double[5][4];
            int[] labels = new int[5];
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) {
                    rows[i][j] = rng.nextGaussian() * (round == 7 ? 400 : 2);     // one round far out
                    x[i][j].setData(rows[i][j]);
                }
                labels[i] = rng.nextInt(3);
                y.get(i).setData(labels[i]);
            }
            double replayed = tape.forward();
            model.zeroGrad();
            tape.backward();
            double[] replayedGrads = model.parameters().stream().mapToDouble(Value::grad).toArray();

            List<List<Value>> fresh = new ArrayList<>();
            for (double[] row : rows) {
                fresh.add(model.apply(row));
            }
            Value loss = Losses.crossEntropy(fresh, labels);
            model.zeroGrad();
            loss.backward();
            assertThat(replayed).as("round %d", round).isEqualTo(loss.data()).isFinite();
            assertThat(replayedGrads).as("round %d", round)
                    .containsExactly(model.parameters().stream().mapToDouble(Value::grad).toArray());
        }
    }

    @Test
    @DisplayName("a recorded BCE with logits replays new targets as a graph built anew")
    void bceReplays() {
        List<Value> z = leaves(0.1, -0.2, 0.3);
        List<Value> t = leaves(0, 1, 0);
        List<Value> doubled = new ArrayList<>();
        for (Value v : z) {
            doubled.add(v.mul(2));
        }
        Tape tape = Tape.record(Losses.binaryCrossEntropyWithLogits(doubled, t));
        double[] zs = {3.0, -700, 0.25};
        double[] ts = {1, 0.3, 0};
        for (int i = 0; i < 3; i++) {
            z.get(i).setData(zs[i]);
            t.get(i).setData(ts[i]);
        }
        double replayed = tape.forward();
        List<Value> fresh = leaves(zs);
        List<Value> freshDoubled = new ArrayList<>();
        for (Value v : fresh) {
            freshDoubled.add(v.mul(2));
        }
        Value loss = Losses.binaryCrossEntropyWithLogits(freshDoubled, ts);
        assertThat(replayed).isEqualTo(loss.data());
        tape.backward();
        loss.backward();
        for (int i = 0; i < 3; i++) {
            assertThat(z.get(i).grad()).isEqualTo(fresh.get(i).grad());
        }
    }

    @Test
    @DisplayName("a target leaf that holds no class (or no probability) is refused with its value and range, also on replay")
    void badTargets() {
        List<Value> z = leaves(1, 2, 3);
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(z), List.of(new Value(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target (3.0) must be a whole number in [0, 3)");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(z), List.of(new Value(1.5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target (1.5)");
        Value target = new Value(2);
        Tape tape = Tape.record(Losses.crossEntropy(List.of(z), List.of(target)));
        target.setData(-1);
        assertThatThrownBy(tape::forward).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target (-1.0) must be a whole number in [0, 3)");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(leaves(0.5), leaves(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target (2.0) must be in [0, 1]");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(leaves(1, 2)), leaves(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logits.size() (1) != targets.length (2)");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(leaves(1, 2), leaves(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logits.size() (2) != targets.size() (1)");
    }

    @Test
    @DisplayName("Autograd.grad differentiates both cross-entropies twice: Hessians diag(p) - p p^T and s(1 - s)")
    void secondDerivatives() {
        Random rng = new Random(21);
        for (int trial = 0; trial < 50; trial++) {
            int k = 2 + rng.nextInt(5);
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                z[j] = rng.nextGaussian() * (trial % 5 == 0 ? 300 : 3);
            }
            int target = rng.nextInt(k);
            List<Value> logits = leaves(z);
            Value loss = Losses.crossEntropy(List.of(logits), List.of(new Value(target)));
            List<Value> g = Autograd.grad(loss, logits);
            double[] ref = xentReference(z, target);
            double[][] h = Autograd.hessian(loss, logits);
            for (int i = 0; i < k; i++) {
                assertThat(g.get(i).data()).as("d/dz%d, trial %d", i, trial).isCloseTo(ref[i + 1], within(1e-12));
                double pi = ref[i + 1] + (i == target ? 1 : 0);
                for (int j = 0; j < k; j++) {
                    double pj = ref[j + 1] + (j == target ? 1 : 0);
                    assertThat(h[i][j]).as("d2/dz%d dz%d, trial %d", i, j, trial)
                            .isCloseTo((i == j ? pi : 0) - pi * pj, within(1e-12));
                }
            }
            for (int i = 0; i < k; i++) {                      // and against central differences of the gradient
                double step = 1e-5;
                double[] up = z.clone();
                double[] down = z.clone();
                up[i] += step;
                down[i] -= step;
                double[] gu = xentReference(up, target);
                double[] gd = xentReference(down, target);
                for (int j = 0; j < k; j++) {
                    assertThat(h[j][i]).isCloseTo((gu[j + 1] - gd[j + 1]) / (2 * step), within(1e-6));
                }
            }
        }
        for (double zv : new double[] {-800, -3, 0, 0.7, 800}) {
            Value z = new Value(zv);
            Value t = new Value(0.3);
            Value loss = Losses.binaryCrossEntropyWithLogits(List.of(z), List.of(t));
            double s = 1 / (1 + Math.exp(-zv));
            double[][] h = Autograd.hessian(loss, List.of(z, t));
            assertThat(h[0][0]).as("d2/dz2 at %s", zv).isCloseTo(s * (1 - s), within(1e-12));
            assertThat(h[0][1]).as("d2/dz dt at %s", zv).isCloseTo(-1, within(1e-12));
            assertThat(h[1][1]).isZero();
        }
    }

    @Test
    @DisplayName("the cross-entropy's gradient as nodes replays through a tape: its softmax shifts by a node, not by the recording's max")
    void gradientGraphReplays() {
        List<Value> logits = leaves(0.0, 1.0, 2.0);
        Value loss = Losses.crossEntropy(List.of(logits), new int[] {1});
        List<Value> g = Autograd.grad(loss, logits);
        Tape tape = Tape.record(Value.sum(g.get(0), g.get(1).mul(2), g.get(2).mul(3)));
        double[] z = {800.0, 801.0, 802.5};                 // far from the recording's max of 2: exp(798) overflows
        for (int j = 0; j < z.length; j++) {
            logits.get(j).setData(z[j]);
        }
        double[] ref = xentReference(z, 1);
        assertThat(tape.forward()).isCloseTo(ref[1] + 2 * ref[2] + 3 * ref[3], within(1e-12));
    }
}
