package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Neuron;
import io.github.micrograd4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 6. Learning is walking downhill: the gradient says which way the loss grows, so each step moves every
 * parameter a little the other way (p -= lr * grad). One sigmoid neuron learns AND.
 */
@DisplayName("Lesson 6: one neuron learns AND by gradient descent")
class Lesson06NeuronLearnsAndTest {

    static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[] AND = {0, 0, 0, 1};

    static Value loss(Neuron neuron) {
        List<Value> outputs = new ArrayList<>();
        for (double[] x : INPUTS) {
            outputs.add(neuron.apply(List.of(new Value(x[0]), new Value(x[1]))));
        }
        return Losses.mse(outputs, AND);
    }

    @Test
    @DisplayName("the loss falls step after step, and the neuron ends up answering AND")
    void learnsAnd() {
        Neuron neuron = new Neuron(2, Activation.SIGMOID, Init.UNIFORM, new Random(42));
        SGD sgd = new SGD(neuron.parameters(), 2.0);
        double before = loss(neuron).data();
        for (int step = 0; step < 2000; step++) {
            Value loss = loss(neuron);      // forward
            sgd.zeroGrad();                 // forget the last step's gradients
            loss.backward();                // which way is uphill?
            sgd.step();                     // step downhill
        }
        assertThat(loss(neuron).data()).isLessThan(before / 10);
        for (int i = 0; i < INPUTS.length; i++) {
            double out = neuron.apply(List.of(new Value(INPUTS[i][0]), new Value(INPUTS[i][1]))).data();
            assertThat(out > 0.5).as("AND%s", java.util.Arrays.toString(INPUTS[i])).isEqualTo(AND[i] == 1);
        }
    }
}
