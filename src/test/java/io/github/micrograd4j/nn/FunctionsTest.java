package io.github.micrograd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.GradCheck;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Functions: microgpt's softmax and RMS norm, their values and gradients")
class FunctionsTest {

    static List<Value> values(double... xs) {
        return Arrays.stream(xs).mapToObj(Value::new).toList();
    }

    @Test
    @DisplayName("softmax: exp(l_i) / sum_j exp(l_j), probabilities that sum to 1")
    void softmaxValues() {
        List<Value> p = Functions.softmax(values(1.0, 2.0, 3.0));
        double total = Math.exp(1) + Math.exp(2) + Math.exp(3);
        for (int i = 0; i < 3; i++) {
            assertThat(p.get(i).data()).isCloseTo(Math.exp(i + 1) / total, within(1e-15));
        }
        assertThat(p.stream().mapToDouble(Value::data).sum()).isCloseTo(1.0, within(1e-15));
    }

    @Test
    @DisplayName("softmax of logits of +-800 is finite: the largest logit is subtracted first")
    void softmaxDoesNotOverflow() {
        List<Value> p = Functions.softmax(values(800.0, -800.0, 799.0));
        assertThat(p.get(0).data()).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(p.get(1).data()).isZero();
        assertThat(p.get(2).data()).isCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), within(1e-15));
    }

    @Test
    @DisplayName("softmax's gradient is p_k (delta_kj - p_j), the shift passing none; finite differences agree")
    void softmaxGradient() {
        List<Value> l = values(0.5, -1.0, 2.0, 0.25);
        List<Value> p = Functions.softmax(l);
        p.get(2).backward();
        for (int j = 0; j < 4; j++) {
            double expected = p.get(2).data() * ((j == 2 ? 1 : 0) - p.get(j).data());
            assertThat(l.get(j).grad()).as("d p_2 / d l_%d", j).isCloseTo(expected, within(1e-15));
        }
        GradCheck.assertGradientsWithin(x -> Functions.softmax(x).get(1).mul(3.0)
                .add(Functions.softmax(x).get(0)), 1e-8, 0.3, -0.7, 1.1);
    }

    @Test
    @DisplayName("a tape replays softmax shifted by its new largest logit: logits moved to 800 give the rebuilt "
            + "graph's numbers, not NaN")
    void softmaxOnATape() {
        List<Value> l = values(0.0, 0.0, 0.0);
        List<Value> p = Functions.softmax(l);
        Value root = p.get(0).mul(2.0).add(p.get(1).mul(0.5)).add(p.get(2));
        Tape tape = Tape.record(root);
        double[] moved = {800.0, 799.0, -800.0};
        for (int i = 0; i < 3; i++) {
            l.get(i).setData(moved[i]);
        }
        double replayed = tape.forward();
        tape.backward();
        double[] grads = l.stream().mapToDouble(Value::grad).toArray();

        List<Value> fresh = values(moved);
        List<Value> q = Functions.softmax(fresh);
        Value rebuilt = q.get(0).mul(2.0).add(q.get(1).mul(0.5)).add(q.get(2));
        rebuilt.backward();
        assertThat(replayed).isEqualTo(rebuilt.data()).isFinite();
        for (int i = 0; i < 3; i++) {
            assertThat(grads[i]).as("gradient %d", i).isEqualTo(fresh.get(i).grad());
            assertThat(tape.value(p.get(i))).as("probability %d", i).isEqualTo(q.get(i).data());
        }
    }

    @Test
    @DisplayName("rmsNorm: x_i (mean(x^2) + 1e-5)^-1/2; finite differences agree with its gradient")
    void rmsNorm() {
        List<Value> y = Functions.rmsNorm(values(3.0, 4.0));
        double scale = 1 / Math.sqrt(12.5 + Functions.RMS_EPS);
        assertThat(y.get(0).data()).isCloseTo(3 * scale, within(1e-15));
        assertThat(y.get(1).data()).isCloseTo(4 * scale, within(1e-15));
        GradCheck.assertGradientsWithin(x -> {
            List<Value> out = Functions.rmsNorm(x);
            return out.get(0).mul(0.5).add(out.get(2).mul(-2.0));
        }, 1e-8, 0.3, -1.2, 2.5);
    }

    @Test
    @DisplayName("bad input: null lists, null elements and empty lists are refused, naming the problem")
    void badInput() {
        List<Value> withNull = new ArrayList<>(values(1.0));
        withNull.add(null);
        assertThatThrownBy(() -> Functions.softmax(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("logits == null");
        assertThatThrownBy(() -> Functions.softmax(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logits is empty");
        assertThatThrownBy(() -> Functions.softmax(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessage("logits contains null");
        assertThatThrownBy(() -> Functions.rmsNorm(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("x == null");
        assertThatThrownBy(() -> Functions.rmsNorm(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x is empty");
        assertThatThrownBy(() -> Functions.rmsNorm(withNull)).isInstanceOf(NullPointerException.class);
    }
}
