package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Value;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The expression from micrograd's README, step for step. Prints g, dg/da and dg/db:
 * 24.7041, 138.8338 and 645.5773.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.ReadmeExample
 * </pre>
 */
@Command(name = "ReadmeExample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Builds the expression of micrograd's README, runs backward and prints g, dg/da and dg/db.")
public final class ReadmeExample implements Callable<Integer> {

    /**
     * Runs the example; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new ReadmeExample(), args);
    }

    @Override
    public Integer call() {
        Value a = new Value(-4.0, "a");
        Value b = new Value(2.0, "b");
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));                         // c += c + 1
        c = c.add(c.add(1).add(a.neg()));            // c += 1 + c + (-a)
        d = d.add(d.mul(2).add(b.add(a).relu()));    // d += d * 2 + (b + a).relu()
        d = d.add(d.mul(3).add(b.sub(a).relu()));    // d += 3 * d + (b - a).relu()
        Value e = c.sub(d);
        Value f = e.pow(2);
        Value g = f.div(2.0);
        g = g.add(f.pow(-1).mul(10.0));              // g += 10.0 / f
        System.out.printf("%.4f%n", g.data());       // 24.7041, the outcome of the forward pass
        g.backward();
        System.out.printf("%.4f%n", a.grad());       // 138.8338, i.e. the numerical value of dg/da
        System.out.printf("%.4f%n", b.grad());       // 645.5773, i.e. the numerical value of dg/db
        return 0;
    }
}
