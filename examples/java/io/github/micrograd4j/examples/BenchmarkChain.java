package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Value;
import java.util.Arrays;
import java.util.Set;

/**
 * Times forward and backward over chains of {@code mul(double)}/{@code add(double)} nodes and measures the heap
 * each node takes: the engine's cost per node without a network around it.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.BenchmarkChain \
 *     -Dexec.args="--nodes 1000000 --repeats 20"
 * java -XX:+UseParallelGC -Xms8g -Xmx8g -XX:+AlwaysPreTouch -cp target/classes:target/test-classes \
 *     io.github.micrograd4j.examples.BenchmarkChain --nodes 10000000 --repeats 5
 * </pre>
 * Options: {@code --nodes} per chain (100000), {@code --repeats} (200).
 */
public final class BenchmarkChain {

    private BenchmarkChain() {
    }

    /**
     * Builds and differentiates the chain {@code repeats} times, then prints the median and minimum ns per
     * node and the heap retained per node.
     *
     * @param args options, see the class comment
     */
    public static void main(String[] args) {
        Args opts = new Args(args, Set.of("nodes", "repeats"));
        int n = opts.getInt("nodes", 100_000);
        int repeats = opts.getInt("repeats", 200);
        double[] ns = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Value x = new Value(1.0);
            Value y = chain(x, n);
            y.backward();
            ns[r] = (System.nanoTime() - t0) / (double) n;
            if (!(x.grad() > 0)) {
                throw new AssertionError("gradient lost: " + x.grad());
            }
        }
        Arrays.sort(ns);
        System.out.printf("chain of %d nodes, %d repeats: median %.1f ns/node, min %.1f ns/node%n",
                n, repeats, ns[repeats / 2], ns[0]);

        long before = usedHeap();
        Value x = new Value(1.0);
        Value y = chain(x, n);
        long after = usedHeap();
        System.out.printf("heap retained: %.1f bytes/node (value %.6f)%n", (after - before) / (double) n, y.data());
    }

    /** Returns x * 0.999999 + 1e-6, applied n/2 times: n nodes. */
    static Value chain(Value x, int n) {
        Value y = x;
        for (int i = 0; i < n / 2; i++) {
            y = y.mul(0.999999).add(1e-6);
        }
        return y;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
