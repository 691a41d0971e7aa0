package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.SGD;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times micrograd's moons training step through the public API: full 100-step runs from a fresh
 * {@code Random(1337)} initialisation, untimed warm-up runs first, then the median over timed runs. By default
 * every step builds a new graph ({@code MLP.apply}, {@code Losses}, {@code backward}, {@code SGD}), as micrograd
 * does; with {@code --tape} the graph is recorded once and replayed ({@link Tape}). {@link HandWrittenMoons} is
 * the same training without a graph, and {@code bench/compare-moons.sh} runs the three side by side.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkMoons
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkMoons -Dexec.args="--tape"
 * </pre>
 */
@Command(name = "BenchmarkMoons", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times micrograd's moons training step (MLP 2-16-16-1, hinge loss + 1e-4 L2, SGD) through the "
                + "library: whole runs from Random(1337), warm-up runs first, then the median per step.")
public final class BenchmarkMoons implements Callable<Integer> {

    /** micrograd's demo builds this many Values per moons step (counted in its engine, 100 points). */
    static final int MICROGRAD_NODES_PER_STEP = 65_818;

    @Mixin
    MoonsTiming timing;

    @Option(names = "--tape", description = "record the graph once and replay it with a Tape at every step "
            + "(default: build a new graph every step, as micrograd does)")
    boolean tape;

    @Mixin
    TapeSpeedups speedups;

    /**
     * Runs the benchmark; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new BenchmarkMoons(), args);
    }

    @Override
    public Integer call() throws IOException {
        Dataset set = timing.dataset();
        double[][] x = set.features();
        double[] y = set.labels();
        System.out.printf("BenchmarkMoons%s%s: MLP(2, 16, 16, 1), n=%d, java %s, %d cpus%n", tape ? " --tape" : "",
                speedups.header(), y.length, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        printSizes(x, y);
        Set<Tape.Speedup> use = speedups.speedups();
        double median = timing.time(() -> run(x, y, timing.steps, tape, use));
        if (y.length == 100) {
            System.out.printf("ns per micrograd-equivalent node (%,d per step): %.2f%n", MICROGRAD_NODES_PER_STEP,
                    median * 1e6 / MICROGRAD_NODES_PER_STEP);
        }
        System.out.printf("median_ms_per_step=%.6f%n", median);
        return 0;
    }

    /**
     * The loss of a run's last step (before its update) and the accuracy of that step's scores.
     *
     * @param loss     the loss
     * @param accuracy the fraction of points whose score has the label's sign
     */
    public record Result(double loss, double accuracy) {
    }

    /**
     * Runs micrograd's training from a fresh {@code Random(1337)} initialisation of MLP(2, 16, 16, 1): hinge
     * loss plus 1e-4 L2, SGD with {@code lr = 1.0 - 0.9 * k / 100}, building a new graph every step or, with
     * {@code tape}, replaying the first one. Also timed by the JMH {@code MoonsBench}.
     *
     * @param x     the points
     * @param y     their labels, -1 or +1
     * @param steps the number of training steps
     * @param tape  whether to record the graph once and replay it
     * @return the loss and accuracy of the last step (before its update)
     */
    public static Result run(double[][] x, double[] y, int steps, boolean tape) {
        return run(x, y, steps, tape, EnumSet.allOf(Tape.Speedup.class));
    }

    /** {@link #run(double[][], double[], int, boolean)} with a tape that uses only the given speed-ups. */
    static Result run(double[][] x, double[] y, int steps, boolean tape, Set<Tape.Speedup> speedups) {
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        SGD sgd = new SGD(model.parameters(), 1.0);
        List<Value> scores = new ArrayList<>(x.length);
        Value loss = loss(model, x, y, scores);
        Tape replay = tape ? Tape.record(loss, speedups) : null;
        double last = Double.NaN;
        for (int k = 0; k < steps; k++) {
            if (!tape && k > 0) {
                scores.clear();
                loss = loss(model, x, y, scores);
            }
            last = tape ? replay.forward() : loss.data();
            model.zeroGrad();
            if (tape) {
                replay.backward();
            } else {
                loss.backward();
            }
            sgd.setLearningRate(1.0 - 0.9 * k / 100);
            sgd.step();
        }
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            double score = tape ? replay.value(scores.get(i)) : scores.get(i).data();
            correct += (y[i] > 0) == (score > 0) ? 1 : 0;
        }
        return new Result(last, (double) correct / y.length);
    }

    /** micrograd's demo loss: the mean of relu(1 - y_i * score_i) plus 1e-4 times the sum of squared parameters. */
    static Value loss(MLP model, double[][] x, double[] y, List<Value> scores) {
        for (double[] row : x) {
            scores.add(model.apply(row).get(0));
        }
        return Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
    }

    /** Prints the nodes per step and the heap they take, eager graph and tape. */
    private static void printSizes(double[][] x, double[] y) {
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        int parameters = model.parameters().size();
        Tape.record(loss(model, x, y, new ArrayList<>()));      // once first: classes loaded are not the graph
        long before = usedHeap();
        Value loss = loss(model, x, y, new ArrayList<>());
        long graph = usedHeap() - before;
        Tape tape = Tape.record(loss);
        long taped = usedHeap() - before - graph;
        int built = tape.size() - parameters;                   // what one eager step allocates as Values
        System.out.printf("nodes per step: eager builds %,d Values, the tape replays %,d (with the %d parameters)%s%n",
                built, tape.size(), parameters,
                y.length == 100 ? String.format("; micrograd builds %,d", MICROGRAD_NODES_PER_STEP) : "");
        System.out.printf("heap: graph %.1f bytes per built Value (arrays included), tape %.1f bytes per recorded "
                + "node (loss %.6f)%n", graph / (double) built, taped / (double) tape.size(), tape.value(loss));
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
