package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Csv;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Digits;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.train.Trainer;
import io.github.micrograd4j.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Handwritten digits: an MLP learns scikit-learn's 8x8 digits (or an MNIST file in CSV) with softmax
 * cross-entropy and Adam on mini-batches, replayed through recorded graphs on every core ({@link Trainer}), then
 * draws test images with their predicted labels beside the confusion matrix.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.DigitsExample
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.DigitsExample \
 *     -Dexec.args="--epochs 5 --hidden 64 --data mnist_train.csv --test mnist_test.csv"
 * </pre>
 */
@Command(name = "DigitsExample", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = {"Handwritten digits: a ReLU MLP (64-32-10 by default) learns scikit-learn's 8x8 digits "
                + "(1,500 training images, 297 held out) with softmax cross-entropy and Adam on mini-batches, "
                + "through recorded graphs on every core. Prints the loss, the train and test accuracy and the "
                + "time of each epoch, then draws test images with their predicted labels beside the confusion "
                + "matrix.",
            "",
            "CSV format for --data and --test (MNIST as CSV): one image a line, the label first, then the pixels "
                + "(0-255, scaled to [0, 1]), with or without a header line, e.g.",
            "  label,pixel0,pixel1,...,pixel783",
            "  5,0,0,...,0",
            ""})
public final class DigitsExample implements Callable<Integer> {

    /** Labels are classes 0, 1, ... below this. */
    static final int MAX_CLASSES = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "15",
            description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Images per mini-batch; the last batch of an epoch may be shorter (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--hidden", paramLabel = "N[,N...]", split = ",", defaultValue = "32",
            description = "Hidden layer sizes, e.g. 64,32 (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that compute each batch; the results do not depend on it (default: the "
                    + "number of processors; with batches of 32 on a shared 2-core VM one is faster: BENCHMARKS.md).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the initial weights and of the order of the images in each epoch "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Training images as CSV, in the format above (default: scikit-learn's digits, split "
                    + "1,500 / 297 by Digits.load().split(1500, 0)).")
    Path data;

    @Option(names = "--test", paramLabel = "CSV",
            description = "Test images as CSV (with --data; without it, the last sixth of --data is held out).")
    Path test;

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "digits.png",
            description = "PNG of test images and the confusion matrix (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    ModelExport export;

    /**
     * Trains the model, printing one line per epoch, and writes the picture; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new DigitsExample(), args);
    }

    @Override
    public Integer call() throws IOException {
        check(epochs >= 1, "--epochs (" + epochs + ") must be >= 1");
        check(batch >= 1, "--batch (" + batch + ") must be >= 1");
        check(lr >= 0 && Double.isFinite(lr), "--lr (" + lr + ") must be finite and >= 0");
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        check(cores >= 1, "--threads (" + cores + ") must be >= 1");
        for (int h : hidden) {
            check(h >= 1, "--hidden sizes must be >= 1, not " + h);
        }
        check(test == null || data != null, "--test needs --data");
        Dataset.Split split = load();
        Dataset train = split.train();
        Dataset held = split.test();
        int classes = classes(train, held);
        int[] sizes = new int[hidden.length + 1];
        System.arraycopy(hidden, 0, sizes, 0, hidden.length);
        sizes[hidden.length] = classes;
        MLP model = new MLP(train.dimension(), sizes, Activation.RELU, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(seed));
        System.out.println(model.toString().length() > 200 ? "MLP " + train.dimension() + "-"
                + String.join("-", java.util.Arrays.stream(sizes).mapToObj(Integer::toString).toList())
                : model.toString());
        System.out.printf(Locale.ROOT, "%d parameters; %d training and %d test images of %d pixels, %d classes; "
                + "batches of %d, %d thread%s%n", model.parameters().size(), train.size(), held.size(),
                train.dimension(), classes, batch, cores, cores == 1 ? "" : "s");

        double[][] x = train.features();
        double[] y = train.labels();
        Adam adam = new Adam(model.parameters(), lr);
        Random shuffle = new Random(seed + 1);
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (Trainer trainer = new Trainer(model.parameters(), train.dimension(), Trainer.DEFAULT_SHARD, cores,
                (inputs, targets) -> Losses.crossEntropy(logits(model, inputs), targets))) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                shuffle(order, shuffle);
                long start = System.nanoTime();
                double sum = 0;
                for (int from = 0; from < x.length; from += batch) {
                    int to = Math.min(from + batch, x.length);
                    adam.zeroGrad();
                    sum += trainer.backward(x, y, order, from, to) * (to - from);
                    adam.step();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "epoch %2d loss %.4f, train accuracy %.1f%%, test accuracy %.1f%%, "
                        + "%.3f s%n", epoch, sum / x.length, 100 * accuracy(model, train), 100 * accuracy(model, held),
                        seconds);
            }
        }
        int[] predicted = predict(model, held);
        int[] truth = new int[held.size()];
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (int) held.label(i);
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "test accuracy %.2f%% (%d of %d)%n", 100.0 * right / truth.length, right,
                truth.length);
        int side = (int) Math.round(Math.sqrt(held.dimension()));
        if (side * side == held.dimension()) {
            Plots.digits("DigitsExample: a " + model.parameters().size() + "-parameter MLP after " + epochs
                    + " epochs, " + String.format(Locale.ROOT, "%.1f%%", 100.0 * right / truth.length)
                    + " of the test images right", held.features(), side, predicted, truth, classes, 60, out);
            System.err.println("wrote test images and the confusion matrix to " + out.toAbsolutePath());
        } else {
            System.err.println("no picture: " + held.dimension() + " pixels is not a square image");
        }
        export.write(model);
        return 0;
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private Dataset.Split load() throws IOException {
        if (data == null) {
            return Digits.load().split(Digits.TRAIN_SIZE, Digits.SPLIT_SEED);
        }
        Dataset all = Csv.readNumeric(data, Csv.Format.MNIST);
        if (test != null) {
            Dataset held = Csv.readNumeric(test, Csv.Format.MNIST);
            if (held.dimension() != all.dimension()) {
                throw new IOException(test + ": " + held.dimension() + " pixels an image, " + data + " has "
                        + all.dimension());
            }
            return new Dataset.Split(all, held);
        }
        if (all.size() < 2) {
            throw new IOException(data + ": " + all.size() + " image; without --test it needs at least 2 (a sixth "
                    + "is held out)");
        }
        int trainCount = all.size() - Math.max(1, all.size() / 6);
        return new Dataset.Split(all.slice(0, trainCount), all.slice(trainCount, all.size()));
    }

    /** The number of classes: one more than the largest label (labels are 0, 1, ...). */
    private static int classes(Dataset train, Dataset test) throws IOException {
        int max = 0;
        for (Dataset d : List.of(train, test)) {
            for (int i = 0; i < d.size(); i++) {
                double l = d.label(i);
                if (!(l >= 0 && l < MAX_CLASSES) || l != Math.rint(l)) {
                    throw new IOException("label " + l + " of example " + i + " is not a class 0, 1, ... (below "
                            + MAX_CLASSES + ")");
                }
                max = Math.max(max, (int) l);
            }
        }
        return max + 1;
    }

    /** Each example's logits. */
    static List<List<Value>> logits(MLP model, List<List<Value>> inputs) {
        List<List<Value>> out = new ArrayList<>(inputs.size());
        for (List<Value> in : inputs) {
            out.add(model.apply(in));
        }
        return out;
    }

    /** Fisher-Yates. */
    static void shuffle(int[] order, Random rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The class with the largest logit for each example. */
    static int[] predict(MLP model, Dataset d) {
        int[] p = new int[d.size()];
        for (int i = 0; i < p.length; i++) {
            List<Value> z = model.apply(d.features(i));
            int best = 0;
            for (int k = 1; k < z.size(); k++) {
                if (z.get(k).data() > z.get(best).data()) {
                    best = k;
                }
            }
            p[i] = best;
        }
        return p;
    }

    static double accuracy(MLP model, Dataset d) {
        int[] p = predict(model, d);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == d.label(i) ? 1 : 0;
        }
        return (double) right / p.length;
    }
}
