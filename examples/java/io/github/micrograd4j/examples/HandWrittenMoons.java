package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The speed floor: micrograd's moons training (MLP 2-16-16-1, ReLU hidden layers, linear output, hinge loss plus
 * 1e-4 L2, full-batch SGD with {@code lr = 1.0 - 0.9 * k / 100}) written by hand on plain {@code double[]}
 * arrays, with hand-derived gradients: no graph, no object per operation. The weights are drawn from
 * {@code Random(1337)} as {@code nextDouble() * 2 - 1} in micrograd's {@code parameters()} order (biases 0), and
 * every sum is taken in the library's order, so it follows the library's trajectory
 * ({@link BenchmarkMoons}): the losses agree to the last bits (the gradients are summed in another order).
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.HandWrittenMoons
 * </pre>
 */
@Command(name = "HandWrittenMoons", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times micrograd's moons training written by hand on double[] arrays (the floor for "
                + "BenchmarkMoons): whole runs from Random(1337), warm-up runs first, then the median per step.")
public final class HandWrittenMoons implements Callable<Integer> {

    static final int H = 16;                 // hidden width; the input has 2 features, the output 1
    static final double ALPHA = 1e-4;

    @Mixin
    MoonsTiming timing;

    // parameters and their gradients, layer by layer
    private final double[] w1 = new double[H * 2];
    private final double[] b1 = new double[H];
    private final double[] w2 = new double[H * H];
    private final double[] b2 = new double[H];
    private final double[] w3 = new double[H];
    private double b3;
    private final double[] gw1 = new double[H * 2];
    private final double[] gb1 = new double[H];
    private final double[] gw2 = new double[H * H];
    private final double[] gb2 = new double[H];
    private final double[] gw3 = new double[H];
    private double gb3;
    // activations of one point and the gradients flowing back through them
    private final double[] h1 = new double[H];
    private final double[] h2 = new double[H];
    private final double[] d1 = new double[H];
    private final double[] d2 = new double[H];

    /**
     * Runs the benchmark; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new HandWrittenMoons(), args);
    }

    @Override
    public Integer call() throws IOException {
        Dataset set = timing.dataset();
        double[][] x = set.features();
        double[] y = set.labels();
        System.out.printf("HandWrittenMoons: MLP(2, 16, 16, 1) on double[], n=%d, java %s, %d cpus%n", y.length,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("median_ms_per_step=%.6f%n", timing.time(() -> run(x, y, timing.steps)));
        return 0;
    }

    /**
     * Trains from a fresh {@code Random(1337)} initialisation and returns the loss and accuracy of the last step
     * (before its update), as {@link BenchmarkMoons#run} does.
     *
     * @param x     the points, two features each
     * @param y     their labels, -1 or +1
     * @param steps the number of training steps
     * @return the last step's loss and accuracy
     */
    public static BenchmarkMoons.Result run(double[][] x, double[] y, int steps) {
        HandWrittenMoons net = new HandWrittenMoons();
        net.init(new Random(1337));
        BenchmarkMoons.Result last = null;
        for (int k = 0; k < steps; k++) {
            last = net.step(x, y, 1.0 - 0.9 * k / 100);
        }
        return last;
    }

    /** Weights uniform in [-1, 1) in micrograd's parameters() order (per neuron: its weights, then its bias). */
    private void init(Random rng) {
        for (int j = 0; j < H; j++) {
            w1[2 * j] = rng.nextDouble() * 2 - 1;
            w1[2 * j + 1] = rng.nextDouble() * 2 - 1;
        }
        for (int j = 0; j < H; j++) {
            for (int q = 0; q < H; q++) {
                w2[H * j + q] = rng.nextDouble() * 2 - 1;
            }
        }
        for (int q = 0; q < H; q++) {
            w3[q] = rng.nextDouble() * 2 - 1;
        }
    }

    /** One full-batch step: forward and backward of every point, the L2 term, then the SGD update. */
    private BenchmarkMoons.Result step(double[][] x, double[] y, double lr) {
        int n = y.length;
        double invN = 1.0 / n;
        Arrays.fill(gw1, 0.0);
        Arrays.fill(gb1, 0.0);
        Arrays.fill(gw2, 0.0);
        Arrays.fill(gb2, 0.0);
        Arrays.fill(gw3, 0.0);
        gb3 = 0.0;
        double hinge = 0.0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double x0 = x[i][0];
            double x1 = x[i][1];
            // forward: z = b + w0*x0 + w1*x1 + ..., summed from the bias in index order
            for (int j = 0; j < H; j++) {
                double z = b1[j] + w1[2 * j] * x0 + w1[2 * j + 1] * x1;
                h1[j] = Math.max(0.0, z);
            }
            for (int j = 0; j < H; j++) {
                double z = b2[j];
                for (int q = 0; q < H; q++) {
                    z += w2[H * j + q] * h1[q];
                }
                h2[j] = Math.max(0.0, z);
            }
            double score = b3;
            for (int q = 0; q < H; q++) {
                score += w3[q] * h2[q];
            }
            double margin = score * -y[i] + 1.0;
            hinge += Math.max(0.0, margin);
            correct += (y[i] > 0) == (score > 0) ? 1 : 0;
            if (margin <= 0) {
                continue;                                // relu' = 0: this point adds no gradient
            }
            // backward: d(loss)/d(score) = -y / n, then through each layer (a ReLU passes where its output > 0)
            double ds = -y[i] * invN;
            gb3 += ds;
            for (int q = 0; q < H; q++) {
                gw3[q] += h2[q] * ds;
                d2[q] = h2[q] > 0 ? w3[q] * ds : 0.0;
                d1[q] = 0.0;
            }
            for (int j = 0; j < H; j++) {
                double dj = d2[j];
                if (dj == 0) {
                    continue;
                }
                gb2[j] += dj;
                for (int q = 0; q < H; q++) {
                    gw2[H * j + q] += h1[q] * dj;
                    d1[q] += w2[H * j + q] * dj;
                }
            }
            for (int j = 0; j < H; j++) {
                if (h1[j] > 0) {
                    double dj = d1[j];
                    gb1[j] += dj;
                    gw1[2 * j] += x0 * dj;
                    gw1[2 * j + 1] += x1 * dj;
                }
            }
        }
        double squares = l2(ALPHA);
        double loss = hinge * invN + squares * ALPHA;
        update(lr);
        return new BenchmarkMoons.Result(loss, (double) correct / n);
    }

    /** Returns the sum of squared parameters in parameters() order and adds 2 * alpha * p to each gradient. */
    private double l2(double alpha) {
        double sum = 0.0;
        for (int j = 0; j < H; j++) {
            sum += w1[2 * j] * w1[2 * j];
            sum += w1[2 * j + 1] * w1[2 * j + 1];
            sum += b1[j] * b1[j];
        }
        for (int j = 0; j < H; j++) {
            for (int q = 0; q < H; q++) {
                sum += w2[H * j + q] * w2[H * j + q];
            }
            sum += b2[j] * b2[j];
        }
        for (int q = 0; q < H; q++) {
            sum += w3[q] * w3[q];
        }
        sum += b3 * b3;
        double twoAlpha = 2 * alpha;
        for (int i = 0; i < H * 2; i++) {
            gw1[i] += twoAlpha * w1[i];
        }
        for (int i = 0; i < H * H; i++) {
            gw2[i] += twoAlpha * w2[i];
        }
        for (int j = 0; j < H; j++) {
            gb1[j] += twoAlpha * b1[j];
            gb2[j] += twoAlpha * b2[j];
            gw3[j] += twoAlpha * w3[j];
        }
        gb3 += twoAlpha * b3;
        return sum;
    }

    private void update(double lr) {
        for (int i = 0; i < H * 2; i++) {
            w1[i] -= lr * gw1[i];
        }
        for (int i = 0; i < H * H; i++) {
            w2[i] -= lr * gw2[i];
        }
        for (int j = 0; j < H; j++) {
            b1[j] -= lr * gb1[j];
            b2[j] -= lr * gb2[j];
            w3[j] -= lr * gw3[j];
        }
        b3 -= lr * gb3;
    }
}
