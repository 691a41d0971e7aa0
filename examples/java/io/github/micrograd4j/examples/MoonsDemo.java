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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * micrograd's demo: a 2-16-16-1 MLP learns to separate the two moons with the SVM max-margin loss, an L2
 * penalty and 100 steps of full-batch SGD with a decaying learning rate, then draws its decision regions and its
 * training curves. By default it prints the lines of micrograd's {@code demo.ipynb}, number for number: the
 * weights come from {@link PythonRandom} seeded 1337 (the notebook's {@code random.seed(1337)}), and each loss
 * and accuracy is written as Python writes a float ({@link PythonFloat#repr}).
 *
 * <pre>
 * mvn -q test-compile exec:java                                   # the defaults
 * mvn -q test-compile exec:java -Dexec.args="--help"              # the options
 * mvn -q test-compile exec:java -Dexec.args="--steps 50 --seed 7 --data my.csv --out my.png"
 * mvn -q test-compile exec:java -Dexec.args="--rng java"         # java.util.Random(1337): final loss 0.0177...
 * mvn -q test-compile exec:java -Dexec.args="--onnx moons.onnx --safetensors moons.safetensors"   # for other engines
 * </pre>
 */
@Command(name = "MoonsDemo", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = {"micrograd's demo: a 2-16-16-1 ReLU MLP learns the two moons (max-margin loss + L2, "
                + "full-batch SGD, lr from 1.0 down to 0.1), printing the loss and accuracy of each step as "
                + "micrograd's notebook does, then draws the decision regions and the training curves.",
            "",
            "CSV format for --data: a header line naming the columns, one of them y (the label, -1 or +1) and "
                + "two features; then one point a line, e.g.",
            "  x1,x2,y",
            "  0.52,-0.31,1",
            "  -0.97,0.22,-1",
            ""})
public final class MoonsDemo implements Callable<Integer> {

    /** Steps timed as JIT warm-up at the start of a run. */
    static final int WARM_UP_STEPS = 10;

    /** The generators that can draw the initial weights. */
    enum Rng {
        /** CPython's {@code random} module ({@link PythonRandom}): the notebook's weights for seed 1337. */
        python,
        /** {@link java.util.Random}: the run the benchmarks and the course use. */
        java;

        RandomGenerator seeded(long seed) {
            return this == python ? new PythonRandom(seed) : new Random(seed);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Training steps; the learning rate falls from 1.0 to 0.1 over them (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1337",
            description = "Seed of the generator that draws the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rng", paramLabel = "python|java", defaultValue = "python",
            description = "That generator: python (CPython's random, the notebook's weights) or java "
                    + "(java.util.Random) (default: ${DEFAULT-VALUE}).")
    Rng rng;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Points to learn, in the CSV format above (default: micrograd's 100 moons).")
    Path data;

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "moons.png",
            description = "PNG of the decision regions and the points (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--training-out", paramLabel = "PNG", defaultValue = "moons-training.png",
            description = "PNG of the loss and accuracy per step (default: ${DEFAULT-VALUE}).")
    Path trainingOut;

    @Mixin
    ModelExport export;

    /**
     * Trains the model, printing the loss and accuracy of every step, and writes the pictures; {@code --help}
     * lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new MoonsDemo(), args);
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps (" + steps + ") must be >= 1");
        }
        Dataset dataset = data == null ? Moons.micrograd100() : read(data);
        double[][] x = dataset.features();
        double[] y = dataset.labels();
        MLP model = new MLP(rng.seeded(seed), 2, 16, 16, 1);
        System.out.println(model);
        System.out.println("number of parameters " + model.parameters().size());

        SGD sgd = new SGD(model.parameters(), 1.0);
        double[] losses = new double[steps];
        double[] accuracies = new double[steps];
        long[] nanos = new long[steps];
        for (int k = 0; k < steps; k++) {
            long start = System.nanoTime();
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
            nanos[k] = System.nanoTime() - start;

            losses[k] = loss.data();
            accuracies[k] = accuracy * 100;
            System.out.println("step " + k + " loss " + PythonFloat.repr(loss.data()) + ", accuracy "
                    + PythonFloat.repr(accuracy * 100) + "%");
        }
        System.out.println(timing(nanos));

        int[] classes = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            classes[i] = y[i] > 0 ? 1 : 0;
        }
        Plots.decisionRegions("MoonsDemo: the 2-16-16-1 MLP's decision regions after " + steps + " steps",
                x, classes, List.of("class -1", "class +1"), p -> model.apply(p).get(0).data() > 0 ? 1 : 0, out);
        double[] stepNumbers = new double[steps];
        for (int k = 0; k < steps; k++) {
            stepNumbers[k] = k;
        }
        Plots.trainingCurves("MoonsDemo: loss and accuracy per step (SGD, lr from 1.0 to 0.1)", List.of(
                new Plots.Curve("loss (max-margin + L2)", stepNumbers, losses, false),
                new Plots.Curve("accuracy (%)", stepNumbers, accuracies, true)), trainingOut);
        System.out.println("wrote the decision regions to " + out.toAbsolutePath() + " and the training curves to "
                + trainingOut.toAbsolutePath());
        export.write(model);
        return 0;
    }

    /**
     * Returns what the run's step times say: the total, the mean of the first {@value #WARM_UP_STEPS} steps (the
     * JIT compiles the engine while they run) and the median of the warm steps after them (a median, because a
     * garbage collection or another program now and then makes one step many times slower). A step is the
     * forward pass, the backward pass and the update; printing is not timed.
     */
    static String timing(long[] nanos) {
        int n = nanos.length;
        double total = 0;
        for (long t : nanos) {
            total += t / 1e6;
        }
        if (n <= WARM_UP_STEPS) {
            return String.format(Locale.ROOT, "%d steps in %.0f ms, %.2f ms each (all of them JIT warm-up)",
                    n, total, total / n);
        }
        double first = 0;
        for (int k = 0; k < WARM_UP_STEPS; k++) {
            first += nanos[k] / 1e6;
        }
        long[] warm = Arrays.copyOfRange(nanos, WARM_UP_STEPS, n);
        Arrays.sort(warm);
        int m = warm.length;
        double median = (m % 2 == 1 ? warm[m / 2] : (warm[m / 2 - 1] + warm[m / 2]) / 2.0) / 1e6;
        return String.format(Locale.ROOT, "%d steps in %.0f ms: the first %d took %.2f ms each (JIT warm-up), "
                + "the other %d %.3f ms each (median; forward, backward and update)",
                n, total, WARM_UP_STEPS, first / WARM_UP_STEPS, m, median);
    }

    /**
     * Reads {@code file} and checks that it suits the demo: two feature columns and labels -1 or +1.
     *
     * @throws IOException if the file cannot be read, is not well-formed CSV, or does not suit the demo; the
     *                     message names the file (and the line)
     */
    static Dataset read(Path file) throws IOException {
        Dataset d = Csv.read(file, "y");
        if (d.features(0).length != 2) {
            throw new IOException(file + ": " + d.features(0).length + " feature columns besides y; the demo "
                    + "needs 2 (a point in the plane)");
        }
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) != -1 && d.label(i) != 1) {
                throw new IOException(file + ": line " + lineOf(file, i) + ": label y " + PythonFloat.repr(d.label(i))
                        + " must be -1 or +1" + (d.label(i) == 0 ? " (for 0/1 labels, write 0 as -1)" : ""));
            }
        }
        return d;
    }

    /** The 1-based line of {@code file} that holds example {@code index}: blank lines hold none, line 1 is the header. */
    private static int lineOf(Path file, int index) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int example = -1;
        for (int line = 1; line < lines.size(); line++) {
            if (!lines.get(line).isBlank() && ++example == index) {
                return line + 1;
            }
        }
        throw new IllegalStateException("no example " + index + " in " + file);
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
