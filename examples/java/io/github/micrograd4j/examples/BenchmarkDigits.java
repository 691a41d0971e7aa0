package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Digits;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.train.Trainer;
import io.github.micrograd4j.optim.Adam;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times the digits training of {@link DigitsExample} (MLP 64-32-10, softmax cross-entropy, Adam 1e-2, batches of
 * 32, 15 epochs, on {@code Digits.load().split(1500, 0)}): whole training runs from the same initial weights,
 * warm-up runs first, then the median time per epoch over the timed runs' epochs. {@code bench/compare-digits.sh}
 * runs it beside PyTorch.
 *
 * <ul>
 * <li>{@code --mode tape} (default): the {@link Trainer}, recorded graphs replayed, {@code --threads} threads;</li>
 * <li>{@code --mode eager}: a new graph for every batch ({@code MLP.apply}, {@code Losses}, {@code backward});</li>
 * <li>{@code --mode parts}: one tape per batch size on one thread, each part of a step timed on its own (setting
 * the batch's leaves, forward, backward as the trainer runs it ({@code Tape.gradient} into a buffer, added to the
 * parameters' gradients), the optimizer).</li>
 * </ul>
 * Prints {@code median_s_per_epoch=...} and {@code test_accuracy=...} last, for the script. {@code --export DIR}
 * writes the split and the initial weights for the PyTorch side and exits.
 */
@Command(name = "BenchmarkDigits", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times the digits training (MLP 64-32-10, softmax cross-entropy, Adam, mini-batches): whole "
                + "runs from the same weights, warm-up runs first, then the median time per epoch.")
public final class BenchmarkDigits implements Callable<Integer> {

    enum Mode { tape, eager, parts }

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", defaultValue = "tape", description = "tape, eager or parts (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for --mode tape (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--epochs", defaultValue = "15", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first, at least this many (default: "
            + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "And for at least this long: on two cores "
            + "the trainer's two threads share them with the JIT's, which then takes some 25 to 40 epochs to compile "
            + "the replay fully (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Mixin
    TapeSpeedups speedups;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write train.csv, test.csv and init.csv (the initial parameters) for bench/digits_torch.py "
                    + "and exit.")
    Path export;

    static final long SEED = 0;
    static final double LR = 1e-2;

    /**
     * Runs the benchmark; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new BenchmarkDigits(), args);
    }

    /** The benchmark's model, from the seed the example uses by default. */
    static MLP model() {
        return new MLP(64, new int[] {32, 10}, Activation.RELU, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(SEED));
    }

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || epochs < 1 || batch < 1 || runs < 1 || warmup < 0
                || !MoonsTiming.validSeconds(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "--threads (" + threads + "), --epochs (" + epochs
                    + "), --batch (" + batch + ") and --runs (" + runs + ") must be >= 1, --warmup (" + warmup
                    + ") >= 0 and --warmup-seconds (" + warmupSeconds + ") >= 0 and finite");
        }
        Dataset.Split split = Digits.load().split(Digits.TRAIN_SIZE, Digits.SPLIT_SEED);
        if (export != null) {
            export(split, export);
            return 0;
        }
        System.out.printf(Locale.ROOT, "BenchmarkDigits --mode %s%s: MLP(64, 32, 10), %d train / %d test, batch %d, "
                + "%d epochs, java %s, %d cpus%n", mode, (mode == Mode.tape ? " --threads " + threads : "")
                + speedups.header(),
                split.train().size(), split.test().size(), batch, epochs, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        if (mode == Mode.tape) {
            printSizes(split.train());
        }
        List<Double> epochSeconds = new ArrayList<>();
        double[] parts = new double[4];
        double accuracy = 0;
        long warmupEnd = MoonsTiming.deadline(warmupSeconds);
        int timed = 0;
        for (int r = 0; timed < runs; r++) {
            boolean warming = r < warmup || System.nanoTime() - warmupEnd < 0;
            MLP model = model();
            double[] seconds = new double[epochs];
            double[] p = new double[4];
            run(model, split.train(), seconds, p);
            if (!warming) {
                timed++;
                for (double s : seconds) {
                    epochSeconds.add(s);
                }
                for (int i = 0; i < 4; i++) {
                    parts[i] += p[i] / runs / epochs;
                }
            }
            accuracy = DigitsExample.accuracy(model, split.test());
            System.out.printf(Locale.ROOT, "run %d%s: %.4f s per epoch (median), test accuracy %.2f%%%n", r + 1,
                    warming ? " (warm-up)" : "", median(seconds), 100 * accuracy);
        }
        if (mode == Mode.parts) {
            System.out.printf(Locale.ROOT, "per epoch (mean): leaves %.5f s, forward %.5f s, backward %.5f s, "
                    + "optimizer %.5f s%n", parts[0], parts[1], parts[2], parts[3]);
        }
        double[] all = epochSeconds.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "median_s_per_epoch=%.6f%n", median(all));
        System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", accuracy);
        return 0;
    }

    /** One training run; each epoch's seconds, and for --mode parts the seconds of each part, summed. */
    private void run(MLP model, Dataset train, double[] seconds, double[] parts) {
        double[][] x = train.features();
        double[] y = train.labels();
        Adam adam = new Adam(model.parameters(), LR);
        Random shuffle = new Random(SEED + 1);
        int[] order = new int[x.length];
        Arrays.setAll(order, i -> i);
        Trainer trainer = mode == Mode.tape ? new Trainer(model.parameters(), 64, Trainer.DEFAULT_SHARD, threads,
                (in, t) -> Losses.crossEntropy(DigitsExample.logits(model, in), t)) : null;
        Batches batches = mode == Mode.parts ? new Batches(model, speedups.speedups()) : null;
        try {
            for (int e = 0; e < epochs; e++) {
                DigitsExample.shuffle(order, shuffle);
                long start = System.nanoTime();
                for (int from = 0; from < x.length; from += batch) {
                    int to = Math.min(from + batch, x.length);
                    switch (mode) {
                        case tape -> {
                            adam.zeroGrad();
                            trainer.backward(x, y, order, from, to);
                            adam.step();
                        }
                        case eager -> {
                            List<List<Value>> logits = new ArrayList<>(to - from);
                            int[] targets = new int[to - from];
                            for (int i = from; i < to; i++) {
                                logits.add(model.apply(x[order[i]]));
                                targets[i - from] = (int) y[order[i]];
                            }
                            Value loss = Losses.crossEntropy(logits, targets);
                            adam.zeroGrad();
                            loss.backward();
                            adam.step();
                        }
                        case parts -> batches.step(x, y, order, from, to, adam, parts);
                    }
                }
                seconds[e] = (System.nanoTime() - start) / 1e9;
            }
        } finally {
            if (trainer != null) {
                trainer.close();
            }
        }
    }

    /** One tape per batch size, on this thread, each part of a step timed. */
    private static final class Batches {
        final MLP model;
        final java.util.Map<Integer, Object[]> tapes = new java.util.HashMap<>();

        final List<Value> params;
        final double[] grads;

        final java.util.Set<Tape.Speedup> speedups;

        Batches(MLP model, java.util.Set<Tape.Speedup> speedups) {
            this.model = model;
            this.speedups = speedups;
            this.params = model.parameters();
            this.grads = new double[params.size()];
        }

        void step(double[][] x, double[] y, int[] order, int from, int to, Adam adam, double[] parts) {
            int n = to - from;
            Object[] t = tapes.computeIfAbsent(n, size -> {
                Value[][] in = new Value[size][64];
                Value[] target = new Value[size];
                List<List<Value>> inputs = new ArrayList<>();
                List<Value> targets = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < 64; j++) {
                        in[i][j] = new Value(0);
                    }
                    target[i] = new Value(0);
                    inputs.add(List.of(in[i]));
                    targets.add(target[i]);
                }
                Tape tape = Tape.record(Losses.crossEntropy(DigitsExample.logits(model, inputs), targets), speedups);
                return new Object[] {in, target, tape};
            });
            Value[][] in = (Value[][]) t[0];
            Value[] target = (Value[]) t[1];
            Tape tape = (Tape) t[2];
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                double[] row = x[order[from + i]];
                for (int j = 0; j < 64; j++) {
                    in[i][j].setData(row[j]);
                }
                target[i].setData(y[order[from + i]]);
            }
            long t1 = System.nanoTime();
            tape.forward();
            long t2 = System.nanoTime();
            adam.zeroGrad();
            tape.gradient(params, grads);                     // what the Trainer does: into a buffer, then added
            for (int i = 0; i < grads.length; i++) {
                Value p = params.get(i);
                p.setGrad(p.grad() + grads[i]);
            }
            long t3 = System.nanoTime();
            adam.step();
            long t4 = System.nanoTime();
            parts[0] += (t1 - t0) / 1e9;
            parts[1] += (t2 - t1) / 1e9;
            parts[2] += (t3 - t2) / 1e9;
            parts[3] += (t4 - t3) / 1e9;
        }
    }

    /** Prints the nodes and heap of a recorded batch of 32 (the heap measured over 20 copies, for a steady figure). */
    private static void printSizes(Dataset train) {
        MLP model = model();
        int copies = 20;
        List<List<List<Value>>> inputs = new ArrayList<>();
        List<List<Value>> targets = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            List<List<Value>> rows = new ArrayList<>();
            List<Value> labels = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                List<Value> row = new ArrayList<>();
                for (double v : train.features(i)) {
                    row.add(new Value(v));
                }
                rows.add(row);
                labels.add(new Value(train.label(i)));
            }
            inputs.add(rows);
            targets.add(labels);
        }
        List<Value> losses = new ArrayList<>();
        long before = BenchmarkMoons.usedHeap();
        for (int c = 0; c < copies; c++) {
            losses.add(Losses.crossEntropy(DigitsExample.logits(model, inputs.get(c)), targets.get(c)));
        }
        long graph = BenchmarkMoons.usedHeap() - before;
        List<Tape> tapes = new ArrayList<>();
        for (Value loss : losses) {
            tapes.add(Tape.record(loss));
        }
        long taped = BenchmarkMoons.usedHeap() - before - graph;
        Tape tape = tapes.get(0);
        int built = tape.size() - model.parameters().size() - 32 * 65;     // the operations' Values
        System.out.printf(Locale.ROOT, "a batch of 32: %s; graph %.1f bytes per Value built, tape %.1f bytes per "
                + "recorded node%n", tape, graph / (double) (copies * built), taped / (double) (copies * tape.size()));
    }

    private static void export(Dataset.Split split, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var e : List.of(java.util.Map.entry("train.csv", split.train()), java.util.Map.entry("test.csv", split.test()))) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(e.getKey())))) {
                Dataset d = e.getValue();
                for (int i = 0; i < d.size(); i++) {
                    StringBuilder line = new StringBuilder().append((int) d.label(i));
                    for (double v : d.features(i)) {
                        line.append(',').append(v);
                    }
                    w.println(line);
                }
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("init.csv")))) {
            for (Value p : model().parameters()) {
                w.println(p.data());
            }
        }
    }

    /** The median of {@code values} (the mean of the middle two for an even count), here and in CompareMoons. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
