package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Csv;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Times micrograd's moons training step through the public API, the way {@code ../shared/perf/HandBackprop.java}
 * times its hand-written version: full 100-step runs from a fresh {@code Random(1337)} initialisation, untimed
 * warm-up runs first, then the median over timed runs.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkMoons
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkMoons \
 *     -Dexec.args="--data ../shared/refdata/moons1000.csv --warmup 10 --repeats 5"
 * </pre>
 * Options: {@code --data} (micrograd's 100 points), {@code --steps} per run (100), {@code --warmup} runs (40),
 * {@code --repeats} timed runs (11).
 */
public final class BenchmarkMoons {

    private BenchmarkMoons() {
    }

    /**
     * Runs the benchmark and prints {@code median_ms_per_step}.
     *
     * @param args options, see the class comment
     * @throws IOException if the data file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Args opts = new Args(args, Set.of("data", "steps", "warmup", "repeats"));
        String file = opts.get("data", null);
        Dataset data = file == null ? Moons.micrograd100() : Csv.read(Path.of(file), "y");
        int steps = opts.getInt("steps", 100);
        int warmup = opts.getInt("warmup", 40);
        int repeats = opts.getInt("repeats", 11);
        double[][] x = data.features();
        double[] y = data.labels();
        System.out.printf("BenchmarkMoons: MLP(2, 16, 16, 1), n=%d, java %s, %d cpus%n", y.length,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (int w = 0; w < warmup; w++) {
            run(x, y, steps);
        }
        double[] msPerStep = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            double loss = run(x, y, steps);
            msPerStep[r] = (System.nanoTime() - t0) / 1e6 / steps;
            System.out.printf("repeat %2d: final_loss=%.17g %.4f ms/step%n", r, loss, msPerStep[r]);
        }
        Arrays.sort(msPerStep);
        System.out.printf("min_ms_per_step=%.6f max_ms_per_step=%.6f%n", msPerStep[0], msPerStep[repeats - 1]);
        System.out.printf("median_ms_per_step=%.6f%n", msPerStep[repeats / 2]);
    }

    /**
     * Runs micrograd's training from a fresh {@code Random(1337)} initialisation of MLP(2, 16, 16, 1): hinge
     * loss plus 1e-4 L2, SGD with {@code lr = 1.0 - 0.9 * k / 100}. Also timed by the JMH {@code MoonsBench}.
     *
     * @param x     the points
     * @param y     their labels, -1 or +1
     * @param steps the number of training steps
     * @return the loss of the last step (before its update)
     */
    public static double run(double[][] x, double[] y, int steps) {
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        SGD sgd = new SGD(model.parameters(), 1.0);
        double last = Double.NaN;
        for (int k = 0; k < steps; k++) {
            List<Value> scores = new ArrayList<>(x.length);
            for (double[] row : x) {
                scores.add(model.apply(row).get(0));
            }
            Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
            model.zeroGrad();
            loss.backward();
            sgd.setLearningRate(1.0 - 0.9 * k / 100);
            sgd.step();
            last = loss.data();
        }
        return last;
    }
}
