package io.github.micrograd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.GradCheck;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Neuron, Layer and MLP follow micrograd")
class MlpTest {

    @Nested
    @DisplayName("structure and initialisation")
    class Structure {
        @Test
        @DisplayName("toString lists layers and neurons as micrograd prints them")
        void printsLikeMicrograd() {
            MLP model = new MLP(new Random(1), 2, 3, 1);
            assertThat(model.toString()).isEqualTo(
                    "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]");
            assertThat(new Neuron(4, false).toString()).isEqualTo("LinearNeuron(4)");
            assertThat(new Layer(2, 1).toString()).isEqualTo("Layer of [ReLUNeuron(2)]");
            MLP tanh = new MLP(2, new int[] {2, 1}, Activation.TANH, Activation.SIGMOID, Init.UNIFORM, new Random(1));
            assertThat(tanh.toString()).isEqualTo("MLP of [Layer of [TanhNeuron(2), TanhNeuron(2)], Layer of [SigmoidNeuron(2)]]");
        }

        @Test
        @DisplayName("parameters: layer by layer, neuron by neuron, weights then bias, drawn in that order")
        void parameterOrderAndInit() {
            MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
            List<Value> params = model.parameters();
            assertThat(params).hasSize(337);
            Random rng = new Random(1337);
            int index = 0;
            int nin = 2;
            for (int nout : new int[] {16, 16, 1}) {
                for (int j = 0; j < nout; j++) {
                    for (int i = 0; i < nin; i++) {
                        assertThat(params.get(index++).data()).isEqualTo(rng.nextDouble() * 2 - 1);
                    }
                    assertThat(params.get(index++).data()).as("bias").isZero();
                }
                nin = nout;
            }
            Layer first = model.layers().get(0);
            assertThat(params.subList(0, 3)).containsExactlyElementsOf(first.neurons().get(0).parameters());
        }

        @Test
        @DisplayName("UNIFORM_FAN_IN scales each draw by nin^-1/2")
        void fanInInit() {
            MLP model = new MLP(8, new int[] {3}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(5));
            Random rng = new Random(5);
            assertThat(model.parameters().get(0).data()).isEqualTo((rng.nextDouble() * 2 - 1) * Math.sqrt(1.0 / 8));
            assertThat(Init.UNIFORM_FAN_IN.scale(2)).isEqualTo(0x1.6a09e667f3bcdp-1);
            assertThat(Init.UNIFORM_FAN_IN.scale(8)).isEqualTo(0x1.6a09e667f3bcdp-2);
        }

        @Test
        @DisplayName("the parameter lists cannot be changed from outside")
        void unmodifiable() {
            MLP model = new MLP(new Random(1), 2, 2);
            assertThatThrownBy(() -> model.parameters().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> model.layers().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    @DisplayName("forward pass")
    class Forward {
        @Test
        @DisplayName("a neuron computes act(b + sum w_i x_i) and differentiates like the mul/add chain")
        void neuronMatchesFormula() {
            Neuron n = new Neuron(3, Activation.TANH, Init.UNIFORM, new Random(3));
            List<Value> p = n.parameters();
            p.get(3).setData(0.25);
            double[] x = {0.5, -1.5, 2.0};
            Value out = n.apply(List.of(new Value(x[0]), new Value(x[1]), new Value(x[2])));
            double z = 0.25 + p.get(0).data() * x[0] + p.get(1).data() * x[1] + p.get(2).data() * x[2];
            assertThat(out.data()).isCloseTo(Math.tanh(z), within(1e-15));
            out.backward();
            assertThat(p.get(1).grad()).isCloseTo((1 - Math.tanh(z) * Math.tanh(z)) * x[1], within(1e-15));
        }

        @Test
        @DisplayName("apply(double...) and apply(List) agree")
        void twoEntryPoints() {
            MLP model = new MLP(new Random(2), 3, 4, 2);
            List<Value> a = model.apply(0.1, -0.2, 0.3);
            List<Value> b = model.apply(List.of(new Value(0.1), new Value(-0.2), new Value(0.3)));
            assertThat(a).hasSize(2);
            assertThat(a.get(0).data()).isEqualTo(b.get(0).data());
            assertThat(a.get(1).data()).isEqualTo(b.get(1).data());
        }

        @Test
        @DisplayName("the whole MLP passes a gradient check with respect to its inputs")
        void gradientsThroughTheNetwork() {
            MLP model = new MLP(3, new int[] {5, 4, 1}, Activation.TANH, Activation.SIGMOID, Init.UNIFORM, new Random(11));
            GradCheck.assertGradientsWithin(x -> model.apply(x).get(0), 1e-7, 0.3, -0.7, 1.1);
        }

        @Test
        @DisplayName("a wrong number of inputs names both numbers")
        void wrongLength() {
            MLP model = new MLP(new Random(1), 2, 3, 1);
            assertThatThrownBy(() -> model.apply(1.0, 2.0, 3.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 3");
            assertThatThrownBy(() -> model.apply(List.of(new Value(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 1");
            assertThatThrownBy(() -> new Neuron(2).apply(List.of(new Value(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 1");
            assertThatThrownBy(() -> new Layer(3, 2).apply(new ArrayList<>()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 3 inputs, got 0");
        }

        @Test
        @DisplayName("invalid sizes are refused with the size named")
        void invalidSizes() {
            assertThatThrownBy(() -> new MLP(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("nin (0) must be > 0");
            assertThatThrownBy(() -> new MLP(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nouts is empty");
            assertThatThrownBy(() -> new MLP(2, 4, -1)).isInstanceOf(IllegalArgumentException.class).hasMessage("nouts[1] (-1) must be > 0");
            assertThatThrownBy(() -> new Layer(2, 0)).isInstanceOf(IllegalArgumentException.class).hasMessage("nout (0) must be > 0");
            assertThatThrownBy(() -> new Neuron(-3)).isInstanceOf(IllegalArgumentException.class).hasMessage("nin (-3) must be > 0");
            assertThatThrownBy(() -> new Neuron(2, true, null)).isInstanceOf(NullPointerException.class).hasMessage("rng == null");
        }
    }

    @Nested
    @DisplayName("small networks without ceremony")
    class Convenience {
        @Test
        @DisplayName("Neuron and Layer take plain numbers too, with the same result as a list of leaves")
        void plainNumbers() {
            Neuron n = new Neuron(3, Activation.TANH, Init.UNIFORM, new Random(4));
            Value fromNumbers = n.apply(0.5, -1.5, 2.0);
            Value fromValues = n.apply(List.of(new Value(0.5), new Value(-1.5), new Value(2.0)));
            assertThat(fromNumbers.data()).isEqualTo(fromValues.data());
            fromNumbers.backward();
            double t = fromNumbers.data();
            assertThat(n.parameters().get(1).grad()).isCloseTo((1 - t * t) * -1.5, within(1e-15));

            Layer layer = new Layer(2, 3, true, new Random(5));
            List<Value> a = layer.apply(0.25, -0.75);
            List<Value> b = layer.apply(List.of(new Value(0.25), new Value(-0.75)));
            assertThat(a).hasSize(3);
            for (int j = 0; j < 3; j++) {
                assertThat(a.get(j).data()).as("neuron %d", j).isEqualTo(b.get(j).data());
            }
            assertThatThrownBy(() -> a.clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> n.apply(1.0, 2.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 3 inputs, got 2");
            assertThatThrownBy(() -> layer.apply(1.0, 2.0, 3.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 3");
            assertThatThrownBy(() -> n.apply((double[]) null)).isInstanceOf(NullPointerException.class).hasMessage("x == null");
        }

        @Test
        @DisplayName("apply takes numbers or values: the same outputs, and values get their gradients")
        void applyToNumbersOrValues() {
            MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
            Value score = model.apply(0.5, -1.0).get(0);
            Value x0 = new Value(0.5);
            Value fromValues = model.apply(List.of(x0, new Value(-1.0))).get(0);
            assertThat(fromValues.data()).isEqualTo(score.data());
            fromValues.backward();
            GradCheck.assertGradientsWithin(x -> model.apply(x).get(0), 1e-7, 0.5, -1.0);
            assertThat(x0.grad()).isCloseTo(GradCheck.check(x -> model.apply(x).get(0), 0.5, -1.0).analytic()[0], within(1e-15));
            assertThat(new MLP(new Random(1), 2, 4, 3).apply(0.5, -1.0)).hasSize(3);
            assertThatThrownBy(() -> new MLP(new Random(1), 2, 1).apply(1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 inputs, got 1");
        }

        @Test
        @DisplayName("a linear neuron or layer is named by its Activation, with micrograd's weights")
        void activationWithoutScale() {
            Neuron linear = new Neuron(3, Activation.LINEAR, Init.UNIFORM, new Random(8));
            Neuron old = new Neuron(3, false, new Random(8));
            assertThat(linear).hasToString("LinearNeuron(3)");
            assertThat(linear.activation()).isEqualTo(Activation.LINEAR);
            assertThat(values(linear.parameters())).containsExactly(values(old.parameters()));
            assertThat(values(new Neuron(3, Activation.TANH, Init.UNIFORM, new Random(8)).parameters()))
                    .containsExactly(values(new Neuron(3, Activation.TANH, Init.UNIFORM, new Random(8)).parameters()));

            Layer layer = new Layer(2, 3, Activation.LINEAR, Init.UNIFORM, new Random(9));
            assertThat(layer).hasToString("Layer of [LinearNeuron(2), LinearNeuron(2), LinearNeuron(2)]");
            assertThat(values(layer.parameters())).containsExactly(values(new Layer(2, 3, false, new Random(9)).parameters()));
            assertThatThrownBy(() -> new Neuron(3, null, Init.UNIFORM, new Random(1)))
                    .isInstanceOf(NullPointerException.class).hasMessage("activation == null");
            assertThatThrownBy(() -> new Layer(2, 3, Activation.RELU, Init.UNIFORM, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("rng == null");
        }

        private double[] values(List<Value> params) {
            return params.stream().mapToDouble(Value::data).toArray();
        }
    }

    @Nested
    @DisplayName("parameters as numbers")
    class ParameterValues {
        @Test
        void roundTrip() {
            MLP a = new MLP(new Random(1), 2, 3, 1);
            MLP b = new MLP(new Random(2), 2, 3, 1);
            b.setParameterValues(a.parameterValues());
            assertThat(b.parameterValues()).containsExactly(a.parameterValues());
        }

        @Test
        @DisplayName("a wrong length is refused and changes nothing")
        void wrongNumberOfValues() {
            MLP model = new MLP(new Random(1), 2, 3, 1);
            double[] before = model.parameterValues();
            assertThatThrownBy(() -> model.setParameterValues(new double[before.length - 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("values.length (12) != number of parameters (13)");
            assertThat(model.parameterValues()).containsExactly(before);
        }

        @Test
        @DisplayName("zeroGrad resets every parameter's gradient")
        void zeroGrad() {
            MLP model = new MLP(new Random(1), 2, 3, 1);
            model.apply(1.0, -1.0).get(0).backward();
            assertThat(model.parameters()).anyMatch(p -> p.grad() != 0);
            model.zeroGrad();
            assertThat(model.parameters()).allMatch(p -> p.grad() == 0);
        }
    }
}
