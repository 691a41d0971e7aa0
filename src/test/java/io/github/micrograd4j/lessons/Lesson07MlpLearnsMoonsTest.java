package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 7. Stack neurons into layers and layers into an MLP, and the same loop learns a curved boundary:
 * micrograd's demo, two moons that no straight line can separate.
 */
@DisplayName("Lesson 7: an MLP learns to separate the two moons")
class Lesson07MlpLearnsMoonsTest {

    @Test
    @DisplayName("micrograd's network, loss and schedule reach 100% on its 100 points")
    void moons() {
        Dataset data = Moons.micrograd100();
        double[][] x = data.features();
        double[] y = data.labels();
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);   // 337 parameters
        SGD sgd = new SGD(model.parameters(), 1.0);
        double accuracy = 0;
        for (int k = 0; k < 100; k++) {
            List<Value> scores = new ArrayList<>();
            for (double[] row : x) {
                scores.add(model.apply(row).get(0));
            }
            // max-margin loss: a point is fine once y * score >= 1; plus a little L2 to keep weights small
            Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
            int correct = 0;
            for (int i = 0; i < y.length; i++) {
                correct += (scores.get(i).data() > 0) == (y[i] > 0) ? 1 : 0;
            }
            accuracy = (double) correct / y.length;
            model.zeroGrad();
            loss.backward();
            sgd.setLearningRate(1.0 - 0.9 * k / 100);     // take smaller steps as we get close
            sgd.step();
        }
        assertThat(accuracy).isEqualTo(1.0);
    }
}
