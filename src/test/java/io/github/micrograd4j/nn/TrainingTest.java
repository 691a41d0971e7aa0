package io.github.micrograd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.optim.Adam;
import io.github.micrograd4j.optim.Optimizer;
import io.github.micrograd4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training loops learn: forward, loss, zeroGrad, backward, step")
class TrainingTest {

    /** Trains full-batch and returns the final accuracy on the training points. */
    static double train(MLP model, Optimizer opt, Dataset data, int steps) {
        double[][] x = data.features();
        double[] y = data.labels();
        double accuracy = 0;
        for (int k = 0; k < steps; k++) {
            List<Value> scores = new ArrayList<>();
            for (double[] row : x) {
                scores.add(model.apply(row).get(0));
            }
            Value loss = Losses.hinge(scores, y);
            int correct = 0;
            for (int i = 0; i < y.length; i++) {
                correct += (scores.get(i).data() > 0) == (y[i] > 0) ? 1 : 0;
            }
            accuracy = (double) correct / y.length;
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return accuracy;
    }

    @Test
    @DisplayName("a small MLP with Adam reaches 95% on generated moons")
    void adamOnGeneratedMoons() {
        Dataset data = Moons.generate(200, 0.1, 3);
        MLP model = new MLP(new Random(1), 2, 12, 12, 1);
        double accuracy = train(model, new Adam(model.parameters(), 0.02), data, 150);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    @DisplayName("a tanh network with SGD and momentum learns too")
    void sgdMomentumTanh() {
        Dataset data = Moons.generate(100, 0.05, 8);
        MLP model = new MLP(2, new int[] {16, 16, 1}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(2));
        double accuracy = train(model, new SGD(model.parameters(), 0.1, 0.9, 0), data, 150);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }
}
