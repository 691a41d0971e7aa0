package micrograd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task5.3")
@DisplayName("Task 5.3  train on the moons to 100%      Moons.train")
class Task5_3MoonsTest {

    /** micrograd4j's final loss on the same loop (its MoonsDemo), the last line of moons-losses.csv. */
    static final double FINAL_LOSS = 0.017740574881493068;
    static final double REL = 1e-9;

    private static Moons.Result trained;

    /** The learner's training run, once for all tests here (about a second). */
    static synchronized Moons.Result trained() {
        if (trained == null) {
            trained = Moons.train(new Random(1337), 100);
        }
        return trained;
    }

    /** Returns the library's loss at each step (column 1 of moons-losses.csv). */
    static double[] reference() {
        List<Double> losses = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Task5_3MoonsTest.class.getResourceAsStream("moons-losses.csv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#") && !line.startsWith("step")) {
                    losses.add(Double.parseDouble(line.split(",")[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    @Order(1)
    @DisplayName("the first loss, before any update, is micrograd4j's: 2.134595665373942")
    void firstLoss() {
        double[] ref = reference();
        Expect.relative("Moons.train(new Random(1337), 100).losses()[0]: the untrained model's hinge + L2 loss",
                ref[0], trained().losses()[0], REL,
                "this is the forward pass only: new MLP(rng, 2, 16, 16, 1) (Task 4.3), the scores model.apply(x).get(0)"
                        + " of every point, Loss.hinge(scores, Y) + Loss.l2(model.parameters(), 1e-4)");
    }

    @Test
    @Order(2)
    @DisplayName("every step's loss follows micrograd4j's, to 1e-9 relative")
    void trajectory() {
        double[] ref = reference();
        double[] got = trained().losses();
        Expect.equal("the number of losses Moons.train(rng, 100) records", ref.length, got.length,
                "one loss per step, recorded before the step's update");
        for (int k = 0; k < ref.length; k++) {
            String hint;
            if (k == 0) {
                hint = "the forward pass: the model, the scores, hinge + l2(parameters, 1e-4)";
            } else if (k == 1) {
                hint = "the first update: loss.backward(), then SGD.step(model.parameters(), SGD.learningRate(k, steps))"
                        + " with k = 0 (lr 1.0); record the loss before updating";
            } else {
                hint = "the first updates are right but this one is not: call model.zeroGrad() before loss.backward()"
                        + " in every step, or the old gradients add up (Task 3.4); and use learningRate(k, steps)";
            }
            Expect.relative("the loss at step " + k + " of training", ref[k], got[k], REL, hint);
        }
    }

    @Test
    @Order(3)
    @DisplayName("the final loss is 0.0177405748814930..., to 1e-9 relative: your engine is exactly right")
    void finalLoss() {
        double[] got = trained().losses();
        Expect.relative("the loss at the last step (99) of Moons.train(new Random(1337), 100)", FINAL_LOSS,
                got[got.length - 1], REL,
                "the test 'every step's loss follows micrograd4j's' says at which step yours goes astray");
    }

    @Test
    @Order(4)
    @DisplayName("the model separates the moons: 100% accuracy at the end")
    void accuracy() {
        double[] acc = trained().accuracies();
        Expect.exactly("the accuracy at the last step", 1.0, acc[acc.length - 1],
                "Loss.accuracy(scores, Y) each step; the loss must fall (see the trajectory test)");
        Expect.close("the accuracy at the first step: the untrained model is mostly wrong", 0.21, acc[0], 1e-12,
                "record Loss.accuracy(scores, Y) before the update");
    }

    @Test
    @Order(5)
    @DisplayName("the returned model classifies all 100 points right")
    void model() {
        MLP model = trained().model();
        int correct = 0;
        for (int i = 0; i < Moons.X.length; i++) {
            double score = model.apply(Moons.X[i]).get(0).data();
            correct += (score > 0) == (Moons.Y[i] > 0) ? 1 : 0;
        }
        Expect.equal("the points the returned model classifies right, after the last update", 100, correct,
                "return the model you trained, new Moons.Result(losses, accuracies, model); if the loss tests here"
                        + " fail too, fix them first: the model is only as good as its training");
    }
}
