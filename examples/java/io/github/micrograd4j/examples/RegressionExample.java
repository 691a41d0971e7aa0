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
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Fits a small tanh MLP to y = sin(x) on [-3, 3] with Adam and the mean squared error, printing the loss as it
 * falls, then draws the data and the fitted curve.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.RegressionExample
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.RegressionExample -Dexec.args="--steps 200"
 * </pre>
 */
@Command(name = "RegressionExample", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = "Fits a 1-16-16-1 tanh MLP to y = sin(x) on [-3, 3] (40 points) with Adam and the mean "
                + "squared error, printing the loss every 50 steps, then draws the data and the fitted curve.")
public final class RegressionExample implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "500",
            description = "Adam steps, full batch, learning rate 0.01 (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
            description = "Seed of the java.util.Random that draws the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "regression.png",
            description = "PNG of the data and the fitted curve (default: ${DEFAULT-VALUE}).")
    Path out;

    /**
     * Trains and draws; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new RegressionExample(), args);
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps (" + steps + ") must be >= 1");
        }
        int n = 40;
        double[][] points = new double[n][];
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            double x = -3 + 6.0 * i / (n - 1);
            points[i] = new double[] {x, Math.sin(x)};
            targets[i] = Math.sin(x);
        }
        MLP model = new MLP(1, new int[] {16, 16, 1}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(seed));
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
                System.out.printf(Locale.ROOT, "step %d mse %.6f%n", step, loss);
            }
        }
        Plots.fit("RegressionExample: a 1-16-16-1 tanh MLP fitted to y = sin(x)", points,
                "data: y = sin(x), " + n + " points",
                x -> model.apply(x).get(0).data(),
                String.format(Locale.ROOT, "the MLP after %d Adam steps (MSE %.2g)", steps, loss), out);
        System.out.printf(Locale.ROOT, "final mse %.6f; wrote the fit to %s%n", loss, out.toAbsolutePath());
        return 0;
    }
}
