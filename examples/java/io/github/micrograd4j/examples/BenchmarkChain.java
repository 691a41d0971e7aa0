package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Value;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times forward and backward over chains of {@code mul(double)}/{@code add(double)} nodes and measures the heap
 * each node takes: the engine's cost per node without a network around it. With default JVM flags the figure
 * includes the page faults of a heap that grows into memory the machine has not touched yet; a pre-touched heap
 * ({@code -Xms8g -Xmx8g -XX:+AlwaysPreTouch}) leaves them out (BENCHMARKS.md gives both).
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkChain \
 *     -Dexec.args="--nodes 1000000 --repeats 20"
 * </pre>
 */
@Command(name = "BenchmarkChain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Builds and differentiates chains of mul(double)/add(double) nodes and prints the median and "
                + "minimum ns per node and the heap retained per node.")
public final class BenchmarkChain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "100000", description = "nodes per chain (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--repeats", defaultValue = "200", description = "chains built and differentiated "
            + "(default: ${DEFAULT-VALUE})")
    int repeats;

    /**
     * Runs the benchmark; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new BenchmarkChain(), args);
    }

    @Override
    public Integer call() {
        if (nodes < 2 || repeats < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--nodes (" + nodes + ") must be >= 2 and --repeats (" + repeats + ") >= 1");
        }
        double[] ns = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Value x = new Value(1.0);
            Value y = chain(x, nodes);
            y.backward();
            ns[r] = (System.nanoTime() - t0) / (double) nodes;
            if (!(x.grad() > 0)) {
                throw new IllegalStateException("gradient lost: " + x.grad());
            }
        }
        Arrays.sort(ns);
        System.out.printf("chain of %d nodes, %d repeats: median %.1f ns/node, min %.1f ns/node%n",
                nodes, repeats, ns[repeats / 2], ns[0]);

        long before = BenchmarkMoons.usedHeap();
        Value x = new Value(1.0);
        Value y = chain(x, nodes);
        long after = BenchmarkMoons.usedHeap();
        System.out.printf("heap retained: %.1f bytes/node (value %.6f)%n", (after - before) / (double) nodes,
                y.data());
        return 0;
    }

    /** Returns x * 0.999999 + 1e-6, applied n/2 times: n nodes. */
    static Value chain(Value x, int n) {
        Value y = x;
        for (int i = 0; i < n / 2; i++) {
            y = y.mul(0.999999).add(1e-6);
        }
        return y;
    }
}
