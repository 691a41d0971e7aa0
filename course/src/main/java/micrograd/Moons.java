package micrograd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** micrograd's demo: a 2-16-16-1 MLP learns to separate two interleaved half-moons. */
public final class Moons {

    /** The points (x1, x2) of micrograd's 100-point moons set. */
    public static final double[][] X;
    /** Their labels, -1 or +1. */
    public static final double[] Y;

    static {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = Moons.class.getResourceAsStream("moons100.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();   // header x1,x2,y
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        X = new double[rows.size()][];
        Y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            X[i] = new double[] {rows.get(i)[0], rows.get(i)[1]};
            Y[i] = rows.get(i)[2];
        }
    }

    private Moons() {
    }

    /**
     * What training did: the loss and the accuracy at each step (measured before that step's update), and the
     * trained model.
     *
     * @param losses     the total loss (hinge + L2) of each step
     * @param accuracies the accuracy of each step, between 0 and 1
     * @param model      the model after the last update
     */
    public record Result(double[] losses, double[] accuracies, MLP model) {
    }

    /**
     * Task 5.3. Trains {@code new MLP(rng, 2, 16, 16, 1)} on {@link #X}, {@link #Y} for the given number of
     * full-batch steps. Each step k: the scores of all points, {@code loss = hinge + l2(parameters, 1e-4)},
     * record loss and accuracy, zero the grads, backward, SGD with {@code learningRate(k, steps)}.
     *
     * @param rng   where the initial weights come from
     * @param steps the number of steps
     * @return the losses, the accuracies and the model
     */
    public static Result train(Random rng, int steps) {
        throw new UnsupportedOperationException("Task 5.3: train new MLP(rng, 2, 16, 16, 1) for steps full-batch steps and record each step's loss and accuracy");
    }
}
