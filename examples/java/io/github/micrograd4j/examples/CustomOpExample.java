package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.GradCheck;
import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Adds an operation without touching {@code Value}: softplus, {@code log(1 + e^x)}, whose derivative is the
 * sigmoid, through {@link Value#custom(String, double, Value, double)}; then checks its gradient against
 * finite differences with {@link GradCheck}.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.CustomOpExample
 * </pre>
 */
@Command(name = "CustomOpExample", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = "Adds softplus, log(1 + e^x), as a custom operation, prints it and its derivative at a few "
                + "points, and checks the gradients of an expression using it against finite differences.")
public final class CustomOpExample implements Callable<Integer> {

    /** softplus(x) = log(1 + e^x), computed without overflow; d/dx = sigmoid(x). */
    static final CustomOp SOFTPLUS = CustomOp.of("softplus",
            x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
            (x, y) -> 1 / (1 + Math.exp(-x)));

    static Value softplus(Value x) {
        return SOFTPLUS.apply(x);
    }

    /**
     * Prints softplus at a few points and the gradient check of a small expression using it; {@code --help}
     * says so.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new CustomOpExample(), args);
    }

    @Override
    public Integer call() {
        for (double x : new double[] {-0.4, 0.0, 3.0, 800.0}) {
            Value v = new Value(x);
            Value y = softplus(v);
            y.backward();
            System.out.printf("softplus(%s) = %.12f, d/dx = %.12f%n", x, y.data(), v.grad());
        }
        GradCheck.Result r = GradCheck.assertGradientsWithin(
                in -> softplus(in.get(0).mul(in.get(1))).add(softplus(in.get(1))), 1e-6, 0.7, -1.3);
        System.out.println("gradient check passed: " + r);
        return 0;
    }
}
