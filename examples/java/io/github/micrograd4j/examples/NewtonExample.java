package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Autograd;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Derivatives of derivatives with {@link Autograd}: Newton's method on Rosenbrock's function from (-1.2, 1),
 * which needs the Hessian and converges in a handful of steps, beside gradient descent, which takes thousands;
 * then a regression that fits a function's <em>derivative</em>: an odd polynomial whose derivative, built by
 * {@code Autograd.grad}, is trained to match {@code cos}, so the polynomial learns {@code sin}.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.NewtonExample
 * </pre>
 */
@Command(name = "NewtonExample", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = "Minimises Rosenbrock's function from (-1.2, 1) with Newton's method (Hessians from "
                + "Autograd.hessian) and with gradient descent, printing the steps each takes; then fits a "
                + "polynomial's derivative to cos(x).")
public final class NewtonExample implements Callable<Integer> {

    @Option(names = "--tolerance", paramLabel = "EPS", description = "stop when |(x, y) - (1, 1)| < EPS "
            + "(default: ${DEFAULT-VALUE})")
    double tolerance = 1e-6;

    @Option(names = "--max-steps", paramLabel = "N", description = "the most gradient-descent steps "
            + "(default: ${DEFAULT-VALUE})")
    int maxSteps = 200_000;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "gradient descent's step size "
            + "(default: ${DEFAULT-VALUE})")
    double learningRate = 0.001;

    /** Rosenbrock's banana, {@code (1 - x)^2 + 100 (y - x^2)^2}, minimum 0 at (1, 1). */
    static Value rosenbrock(Value x, Value y) {
        return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
    }

    /**
     * Runs both minimisations and the derivative fit; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new NewtonExample(), args);
    }

    @Override
    public Integer call() {
        Value x = new Value(-1.2, "x");
        Value y = new Value(1.0, "y");
        int newton = 0;
        while (distance(x, y) >= tolerance && newton < 100) {
            Value f = rosenbrock(x, y);
            List<Value> g = Autograd.grad(f, x, y);
            double[][] h = Autograd.hessian(f, List.of(x, y));
            double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];   // solve H d = g by Cramer's rule
            double dx = (h[1][1] * g.get(0).data() - h[0][1] * g.get(1).data()) / det;
            double dy = (h[0][0] * g.get(1).data() - h[1][0] * g.get(0).data()) / det;
            x.setData(x.data() - dx);
            y.setData(y.data() - dy);
            newton++;
            System.out.printf("newton step %d: x = %.10f, y = %.10f, f = %.3e%n", newton, x.data(), y.data(),
                    rosenbrock(x, y).data());
        }
        x.setData(-1.2);
        y.setData(1.0);
        int descent = 0;
        while (distance(x, y) >= tolerance && descent < maxSteps) {
            x.setGrad(0);
            y.setGrad(0);
            rosenbrock(x, y).backward();
            x.setData(x.data() - learningRate * x.grad());
            y.setData(y.data() - learningRate * y.grad());
            descent++;
        }
        System.out.printf("newton: %d steps; gradient descent (lr %s): %d steps%s, x = %.10f, y = %.10f%n",
                newton, learningRate, descent, distance(x, y) < tolerance ? "" : " (not converged)", x.data(),
                y.data());
        fitDerivative();
        return 0;
    }

    static double distance(Value x, Value y) {
        return Math.hypot(x.data() - 1, y.data() - 1);
    }

    /** p(t) = a t + b t^3 + c t^5; train p'(t), a graph from Autograd.grad, to match cos(t) on [-1, 1]. */
    static void fitDerivative() {
        Value a = new Value(0, "a");
        Value b = new Value(0, "b");
        Value c = new Value(0, "c");
        double loss = Double.NaN;
        for (int step = 0; step < 2000; step++) {
            List<Value> errors = new ArrayList<>();
            for (int i = 0; i <= 20; i++) {
                Value t = new Value(-1 + 0.1 * i);
                Value p = t.mul(a).add(t.pow(3).mul(b)).add(t.pow(5).mul(c));
                Value dp = Autograd.grad(p, t).get(0);          // a + 3b t^2 + 5c t^4, a graph in a, b, c
                errors.add(dp.sub(Math.cos(t.data())).pow(2));
            }
            Value mse = Value.sum(errors).div(errors.size());
            for (Value w : List.of(a, b, c)) {
                w.setGrad(0);
            }
            mse.backward();
            for (Value w : List.of(a, b, c)) {
                w.setData(w.data() - 0.1 * w.grad());
            }
            loss = mse.data();
        }
        System.out.printf("fit p' = cos: p(t) = %.4f t %+.4f t^3 %+.5f t^5 (sin's Taylor series: t - 0.1667 t^3 "
                + "+ 0.00833 t^5), mse %.2e%n", a.data(), b.data(), c.data(), loss);
    }
}
