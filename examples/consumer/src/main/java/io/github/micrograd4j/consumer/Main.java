package io.github.micrograd4j.consumer;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Trains a small model through the installed jar, as a module, and fails unless it learns. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String module = Value.class.getModule().getName();
        if (!"io.github.micrograd4j".equals(module)) {
            throw new IllegalStateException("micrograd4j was not loaded as a module: " + module);
        }
        Dataset data = Moons.micrograd100();          // also checks that the jar's resource is readable
        MLP model = new MLP(new Random(1), 2, 8, 8, 1);
        Adam adam = new Adam(model.parameters(), 0.05);
        double accuracy = 0;
        for (int step = 0; step < 100; step++) {
            List<Value> scores = new ArrayList<>();
            for (double[] x : data.features()) {
                scores.add(model.apply(x).get(0));
            }
            Value loss = Losses.hinge(scores, data.labels());
            int correct = 0;
            for (int i = 0; i < data.size(); i++) {
                correct += (scores.get(i).data() > 0) == (data.label(i) > 0) ? 1 : 0;
            }
            accuracy = (double) correct / data.size();
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        System.out.printf("consumer: module %s, accuracy %.0f%%%n", module, accuracy * 100);
        if (accuracy < 0.9) {
            throw new IllegalStateException("the model did not learn: accuracy " + accuracy);
        }
    }
}
