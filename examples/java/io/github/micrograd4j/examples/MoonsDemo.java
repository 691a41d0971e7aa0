package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Csv;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.data.PythonRandom;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * micrograd's demo: a 2-16-16-1 MLP learns to separate the two moons with the SVM max-margin loss, an L2
 * penalty and 100 steps of full-batch SGD with a decaying learning rate, then draws its decision boundary.
 * By default it prints the lines of micrograd's {@code demo.ipynb}, number for number: the weights come from
 * {@link PythonRandom} seeded 1337 (the notebook's {@code random.seed(1337)}), and each loss and accuracy is
 * written as Python writes a float ({@link PythonFloat#repr}).
 *
 * <pre>
 * mvn -q test-compile exec:java                                   # defaults below
 * mvn -q test-compile exec:java -Dexec.args="--steps 50 --seed 7 --data my.csv --out my.png"
 * mvn -q test-compile exec:java -Dexec.args="--rng java"         # java.util.Random(1337): final loss 0.0177...
 * </pre>
 * Options: {@code --steps} (100), {@code --seed} of the generator that initialises the weights (1337),
 * {@code --rng}, that generator: {@code python} ({@link PythonRandom}, the notebook's) or {@code java}
 * ({@link Random}, the run the benchmarks and the course use),
 * {@code --data}, a CSV file with header {@code x1,x2,y} and labels -1/+1 (micrograd's 100 points),
 * {@code --out}, the PNG to write ({@code moons.png}).
 */
public final class MoonsDemo {

    private MoonsDemo() {
    }

    /**
     * Trains the model, printing the loss and accuracy of every step, and writes the picture.
     *
     * @param args options, see the class comment
     * @throws IOException if the data cannot be read or the picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Args opts = new Args(args, Set.of("steps", "seed", "data", "out", "rng"));
        int steps = opts.getInt("steps", 100);
        long seed = opts.getLong("seed", 1337);
        RandomGenerator rng = generator(opts.get("rng", "python"), seed);
        String dataFile = opts.get("data", null);
        Path out = Path.of(opts.get("out", "moons.png"));

        Dataset data = dataFile == null ? Moons.micrograd100() : Csv.read(Path.of(dataFile), "y");
        double[][] x = data.features();
        double[] y = data.labels();
        MLP model = new MLP(rng, 2, 16, 16, 1);
        System.out.println(model);
        System.out.println("number of parameters " + model.parameters().size());

        SGD sgd = new SGD(model.parameters(), 1.0);
        long start = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            // forward: one score per point, the max-margin loss and an L2 penalty
            List<Value> scores = new ArrayList<>(x.length);
            for (double[] row : x) {
                scores.add(model.apply(row).get(0));
            }
            Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
            double accuracy = accuracy(scores, y);

            // backward, then SGD with micrograd's schedule lr = 1.0 - 0.9 * k / 100
            model.zeroGrad();
            loss.backward();
            sgd.setLearningRate(1.0 - 0.9 * k / steps);
            sgd.step();

            System.out.println("step " + k + " loss " + PythonFloat.repr(loss.data()) + ", accuracy "
                    + PythonFloat.repr(accuracy * 100) + "%");
        }
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("trained %d steps in %.0f ms (%.2f ms per step, first steps include JIT warm-up)%n",
                steps, ms, ms / Math.max(1, steps));

        int[] classes = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            classes[i] = y[i] > 0 ? 1 : 0;
        }
        Plots.decisionRegions(x, classes, p -> model.apply(p).get(0).data() > 0 ? 1 : 0, out);
        System.out.println("wrote the decision boundary to " + out.toAbsolutePath());
    }

    /**
     * Returns the generator that draws the initial weights: {@code python} is CPython's {@code random.seed(seed)}
     * (the notebook's weights for seed 1337), {@code java} is {@code java.util.Random(seed)} (the benchmarks' and
     * the course's run).
     */
    static RandomGenerator generator(String name, long seed) {
        return switch (name) {
            case "python" -> new PythonRandom(seed);
            case "java" -> new Random(seed);
            default -> throw new IllegalArgumentException("--rng (" + name + ") must be python or java");
        };
    }

    /** The fraction of points whose score has the sign of their label. */
    static double accuracy(List<Value> scores, double[] y) {
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            if ((y[i] > 0) == (scores.get(i).data() > 0)) {
                correct++;
            }
        }
        return (double) correct / y.length;
    }
}
