package io.github.micrograd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The first two updates of each optimizer, worked out by hand from the published rules. */
@DisplayName("Optimizers follow their published update rules")
class OptimizerTest {

    @Nested
    @DisplayName("SGD")
    class Sgd {
        @Test
        @DisplayName("plain: p = p - lr * grad")
        void plain() {
            Value p = new Value(2.0);
            SGD sgd = new SGD(List.of(p), 0.5);
            p.setGrad(0.5);
            sgd.step();
            assertThat(p.data()).isCloseTo(1.75, within(1e-15));
            sgd.setLearningRate(0.1);
            p.setGrad(-1.0);
            sgd.step();
            assertThat(p.data()).isCloseTo(1.85, within(1e-15));
        }

        @Test
        @DisplayName("momentum 0.9 and weight decay 0.1, lr 0.5, gradients 0.5 then -1 from p = 2")
        void momentumAndWeightDecay() {
            Value p = new Value(2.0);
            SGD sgd = new SGD(List.of(p), 0.5, 0.9, 0.1);
            // step 1: g = 0.5 + 0.1*2 = 0.7; b = 0.7; p = 2 - 0.5*0.7 = 1.65
            p.setGrad(0.5);
            sgd.step();
            assertThat(p.data()).isCloseTo(1.65, within(1e-15));
            // step 2: g = -1 + 0.1*1.65 = -0.835; b = 0.9*0.7 - 0.835 = -0.205; p = 1.65 + 0.5*0.205 = 1.7525
            p.setGrad(-1.0);
            sgd.step();
            assertThat(p.data()).isCloseTo(1.7525, within(1e-15));
            assertThat(sgd.toString()).isEqualTo("SGD(lr=0.5, momentum=0.9, weightDecay=0.1)");
        }
    }

    @Nested
    @DisplayName("Adam / AdamW")
    class AdamTests {
        @Test
        @DisplayName("defaults: lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay")
        void defaults() {
            Adam adam = new Adam(List.of(new Value(0)));
            assertThat(adam.toString()).isEqualTo("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, weightDecay=0.0)");
            assertThat(Adam.DEFAULT_LEARNING_RATE).isEqualTo(1e-3);
        }

        @Test
        @DisplayName("lr 0.1, weight decay 0.01, gradients 0.5 then -1 from p = 1")
        void twoSteps() {
            Value p = new Value(1.0);
            Adam adam = new Adam(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.01);
            // t=1: m = 0.05, v = 0.00025; mhat = 0.05/0.1 = 0.5, vhat = 0.00025/0.001 = 0.25
            //      p = 1 - 0.1 * (0.5/(0.5 + 1e-8) + 0.01*1) = 0.899000002
            p.setGrad(0.5);
            adam.step();
            assertThat(p.data()).isCloseTo(0.899000002, within(1e-15));
            // t=2: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975
            //      mhat = -0.055/0.19, vhat = 0.00124975/0.001999
            //      p = p - 0.1 * (mhat/(sqrt(vhat) + 1e-8) + 0.01*p)
            p.setGrad(-1.0);
            adam.step();
            double mhat = -0.055 / 0.19;
            double vhat = 0.00124975 / 0.001999;
            double expected = 0.899000002 - 0.1 * (mhat / (Math.sqrt(vhat) + 1e-8) + 0.01 * 0.899000002);
            assertThat(p.data()).isCloseTo(expected, within(1e-14)).isCloseTo(0.9347113542385653, within(1e-14));
            assertThat(adam.steps()).isEqualTo(2);
        }

        @Test
        @DisplayName("zeroGrad resets the gradients it owns")
        void zeroGrad() {
            Value p = new Value(1);
            p.setGrad(3);
            new Adam(List.of(p)).zeroGrad();
            assertThat(p.grad()).isZero();
        }
    }

    @Nested
    @DisplayName("invalid hyper-parameters are refused with the value named")
    class Invalid {
        @ParameterizedTest
        @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
        void learningRate(double lr) {
            List<Value> ps = List.of(new Value(1));
            assertThatThrownBy(() -> new SGD(ps, lr)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr (" + lr + ")");
            assertThatThrownBy(() -> new Adam(ps, lr)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr (" + lr + ")");
            SGD sgd = new SGD(ps, 0.1);
            assertThatThrownBy(() -> sgd.setLearningRate(lr)).isInstanceOf(IllegalArgumentException.class);
            assertThat(sgd.learningRate()).isEqualTo(0.1);
        }

        @Test
        void betasEpsAndOthers() {
            List<Value> ps = List.of(new Value(1));
            assertThatThrownBy(() -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0)).hasMessage("beta1 (1.0) must be in [0, 1)");
            assertThatThrownBy(() -> new Adam(ps, 0.1, 0.9, -0.5, 1e-8, 0)).hasMessage("beta2 (-0.5) must be in [0, 1)");
            assertThatThrownBy(() -> new Adam(ps, 0.1, 0.9, 0.999, -1e-8, 0)).hasMessage("eps (-1.0E-8) must be finite and >= 0");
            assertThatThrownBy(() -> new Adam(ps, 0.1, 0.9, 0.999, 1e-8, Double.NaN)).hasMessage("weightDecay (NaN) must be finite and >= 0");
            assertThatThrownBy(() -> new SGD(ps, 0.1, -0.9, 0)).hasMessage("momentum (-0.9) must be finite and >= 0");
            assertThatThrownBy(() -> new SGD(List.of(), 0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params is empty");
            assertThatThrownBy(() -> new SGD(null, 0.1)).isInstanceOf(NullPointerException.class).hasMessage("params == null");
        }
    }
}
