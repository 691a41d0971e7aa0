package io.github.micrograd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.GradCheck;
import io.github.micrograd4j.engine.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Losses are means with the right values and gradients")
class LossesTest {

    static List<Value> values(double... xs) {
        return java.util.Arrays.stream(xs).mapToObj(Value::new).toList();
    }

    @Test
    @DisplayName("hinge: mean(relu(1 - y s)); only examples inside the margin pass a gradient -y/n")
    void hinge() {
        List<Value> s = values(2.0, 0.5, -0.25);
        Value loss = Losses.hinge(s, new double[] {1, 1, -1});
        loss.backward();
        // relu(1-2)=0, relu(1-0.5)=0.5, relu(1-0.25)=0.75 -> mean 1.25/3
        assertThat(loss.data()).isCloseTo(1.25 / 3, within(1e-15));
        assertThat(s.get(0).grad()).isZero();
        assertThat(s.get(1).grad()).isCloseTo(-1.0 / 3, within(1e-15));
        assertThat(s.get(2).grad()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    @DisplayName("mse: mean((p - t)^2) with gradient 2(p - t)/n")
    void mse() {
        List<Value> p = values(1.0, -2.0);
        Value loss = Losses.mse(p, new double[] {0.5, 1.0});
        loss.backward();
        assertThat(loss.data()).isCloseTo((0.25 + 9) / 2, within(1e-15));
        assertThat(p.get(0).grad()).isCloseTo(0.5, within(1e-15));
        assertThat(p.get(1).grad()).isCloseTo(-3.0, within(1e-15));
    }

    @Test
    @DisplayName("binary cross-entropy on logits: -t log s(z) - (1-t) log(1-s(z)), gradient (s(z) - t)/n")
    void bce() {
        List<Value> z = values(0.3, -1.2);
        Value loss = Losses.binaryCrossEntropyWithLogits(z, new double[] {1, 0});
        loss.backward();
        double s0 = 1 / (1 + Math.exp(-0.3));
        double s1 = 1 / (1 + Math.exp(1.2));
        assertThat(loss.data()).isCloseTo((-Math.log(s0) - Math.log(1 - s1)) / 2, within(1e-15));
        assertThat(z.get(0).grad()).isCloseTo((s0 - 1) / 2, within(1e-15));
        assertThat(z.get(1).grad()).isCloseTo(s1 / 2, within(1e-15));
        GradCheck.assertGradientsWithin(v -> Losses.binaryCrossEntropyWithLogits(v, new double[] {0.3, 1}), 1e-8, 0.7, -2.0);
    }

    @Test
    @DisplayName("cross-entropies stay finite with exact gradients at logits of +-1000")
    void stableAtLargeLogits() {
        List<Value> z = values(1000, -1000);
        Value bce = Losses.binaryCrossEntropyWithLogits(z, new double[] {0, 1});
        bce.backward();
        assertThat(bce.data()).isCloseTo(1000.0, within(1e-9));
        assertThat(z.get(0).grad()).isCloseTo(0.5, within(1e-15));
        assertThat(z.get(1).grad()).isCloseTo(-0.5, within(1e-15));

        List<Value> logits = values(1000, -1000, 0);
        Value ce = Losses.crossEntropy(List.of(logits), new int[] {1});
        ce.backward();
        assertThat(ce.data()).isCloseTo(2000.0, within(1e-9));
        assertThat(logits.get(0).grad()).isCloseTo(1.0, within(1e-15));
        assertThat(logits.get(1).grad()).isCloseTo(-1.0, within(1e-15));
    }

    @Test
    @DisplayName("cross-entropy over a batch: log-sum-exp minus the target logit, gradient softmax - onehot")
    void crossEntropy() {
        List<Value> a = values(1.0, 2.0, 0.5);
        List<Value> b = values(-0.5, 0.0, 0.25);
        Value loss = Losses.crossEntropy(List.of(a, b), new int[] {1, 0});
        loss.backward();
        double lseA = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5));
        double lseB = Math.log(Math.exp(-0.5) + Math.exp(0) + Math.exp(0.25));
        assertThat(loss.data()).isCloseTo(((lseA - 2) + (lseB + 0.5)) / 2, within(1e-15));
        assertThat(a.get(0).grad()).isCloseTo(Math.exp(1 - lseA) / 2, within(1e-15));
        assertThat(a.get(1).grad()).isCloseTo((Math.exp(2 - lseA) - 1) / 2, within(1e-15));
        GradCheck.assertGradientsWithin(v -> Losses.crossEntropy(List.of(v), new int[] {2}), 1e-8, 0.1, -0.4, 0.9, 2.0);
    }

    @Test
    @DisplayName("hinge and l2 give, to the bit, the value and gradients of micrograd's op-by-op loss")
    void sameBitsAsMicrograd() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(20);
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextGaussian() * 2;
                y[i] = rng.nextBoolean() ? 1 : -1;
            }
            double alpha = rng.nextDouble();
            List<Value> ours = values(s);
            Value loss = Losses.hinge(ours, y).add(Losses.l2(ours, alpha));
            loss.backward();
            // micrograd: sum((1 + -y_i * s_i).relu()) * (1 / n) + alpha * sum(p * p), one op per node
            List<Value> theirs = values(s);
            Value[] terms = new Value[n];
            Value[] squares = new Value[n];
            for (int i = 0; i < n; i++) {
                Value si = theirs.get(i);
                terms[i] = si.mul(-y[i]).add(1.0).relu();
                squares[i] = si.mul(si);
            }
            Value reference = Value.sum(terms).mul(1.0 / n).add(Value.sum(squares).mul(alpha));
            reference.backward();
            assertThat(loss.data()).as("loss, trial %d", trial).isEqualTo(reference.data());
            for (int i = 0; i < n; i++) {
                assertThat(ours.get(i).grad()).as("d/ds[%d], trial %d", i, trial).isEqualTo(theirs.get(i).grad());
            }
        }
    }

    @Test
    @DisplayName("l2: alpha * sum p^2, gradient 2 alpha p")
    void l2() {
        List<Value> p = values(3.0, -4.0);
        Value reg = Losses.l2(p, 0.5);
        reg.backward();
        assertThat(reg.data()).isCloseTo(12.5, within(1e-15));
        assertThat(p.get(1).grad()).isCloseTo(-4.0, within(1e-15));
    }

    @Test
    @DisplayName("bad batches are refused with the problem named")
    void badInput() {
        assertThatThrownBy(() -> Losses.hinge(values(1, 2), new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scores.size() (2) != labels.length (1)");
        assertThatThrownBy(() -> Losses.mse(List.of(), new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the batch is empty");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(values(1, 2)), new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[0] (2) must be in [0, 2)");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(values(1), new double[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[0] (2.0) must be in [0, 1]");
        assertThatThrownBy(() -> Losses.l2(values(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha (-1.0) must be finite and >= 0");
        assertThatThrownBy(() -> Losses.hinge(null, new double[0]))
                .isInstanceOf(NullPointerException.class).hasMessage("scores == null");
        assertThatThrownBy(() -> Losses.mse(Arrays.asList(new Value(1), null), new double[] {1, 2}))
                .isInstanceOf(NullPointerException.class).hasMessage("predictions[1] == null");
    }

    @Test
    @DisplayName("hinge takes -1/+1 labels only: 0/1 labels are refused with the index and the value")
    void hingeRefusesZeroOneLabels() {
        List<Value> s = values(0.5, -0.5, 2.0);
        assertThatThrownBy(() -> Losses.hinge(s, new double[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels[1] (0.0) must be -1 or +1");
        assertThatThrownBy(() -> Losses.hinge(s, new double[] {1, -1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels[2] (2.0) must be -1 or +1");
        assertThatThrownBy(() -> Losses.hinge(s, new double[] {Double.NaN, -1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels[0] (NaN) must be -1 or +1");
        assertThat(Losses.hinge(s, new double[] {1.0, -1.0, 1}).data()).isCloseTo((0.5 + 0.5 + 0) / 3, within(1e-15));
    }

    @Test
    @DisplayName("binary cross-entropy takes targets in [0, 1]: -1/+1 labels and NaN are refused with the index")
    void bceRefusesPlusMinusOneLabels() {
        List<Value> z = values(0.5, -0.5);
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(z, new double[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[1] (-1.0) must be in [0, 1]");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(z, new double[] {Double.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[0] (NaN) must be in [0, 1]");
    }

    @Test
    @DisplayName("softmax cross-entropy takes class indices: one out of range is refused naming the example")
    void softmaxRefusesClassOutOfRange() {
        List<Value> a = values(1.0, 2.0, 0.5);
        List<Value> b = values(-0.5, 0.0, 0.25);
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(a, b), new int[] {0, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[1] (3) must be in [0, 3)");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(a, b), new int[] {-1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[0] (-1) must be in [0, 3)");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(a, List.of()), new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("logits[1] is empty");
        assertThatThrownBy(() -> Losses.crossEntropy(List.of(a), new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targets[0] (-1) must be in [0, 3)");
    }
}
