package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Fits a small tanh MLP to y = sin(x) on [-3, 3] with Adam and the mean squared error, printing the loss as it
 * falls, then draws the data and the fitted curve to {@code regression.png}.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.RegressionExample
 * </pre>
 * Options: {@code --steps} (500), {@code --out} ({@code regression.png}).
 */
public final class RegressionExample {

    private RegressionExample() {
    }

    /**
     * Trains and draws.
     *
     * @param args options, see the class comment
     * @throws IOException if the picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Args opts = new Args(args, Set.of("steps", "out"));
        int steps = opts.getInt("steps", 500);
        Path out = Path.of(opts.get("out", "regression.png"));

        int n = 40;
        double[][] points = new double[n][];
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            double x = -3 + 6.0 * i / (n - 1);
            points[i] = new double[] {x, Math.sin(x)};
            targets[i] = Math.sin(x);
        }
        MLP model = new MLP(new Random(7), Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, 1, 16, 16, 1);
        Adam adam = new Adam(model.parameters(), 0.01);
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            List<Value> predictions = new ArrayList<>(n);
            for (double[] p : points) {
                predictions.add(model.apply(p[0]).get(0));
            }
            Value mse = Losses.mse(predictions, targets);
            adam.zeroGrad();
            mse.backward();
            adam.step();
            loss = mse.data();
            if (step % 50 == 0 || step == steps - 1) {
                System.out.printf("step %d mse %.6f%n", step, loss);
            }
        }
        Plots.curve(points, x -> model.apply(x).get(0).data(), out);
        System.out.printf("final mse %.6f; wrote the fit to %s%n", loss, out.toAbsolutePath());
    }
}
