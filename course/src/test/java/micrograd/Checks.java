package micrograd;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gradient checks over many random inputs, against <em>your own</em> central difference (Tasks 1.1 and 1.2),
 * as minitorch does; and a way to run a deep graph on a stack of a known size.
 */
final class Checks {

    /** How many random inputs each gradient check tries. */
    static final int TRIALS = 100;

    /** The hint of every check of a node's label, {@code op()}. */
    static final String LABELS = "micrograd labels each node with its operator: \"+\", \"*\", \"**\" + k, \"ReLU\","
            + " \"tanh\", \"exp\", \"log\" (not \"add\", \"mul\", ...): the last argument of"
            + " new Value(data, children, localGrads, op)";

    private Checks() {
    }

    /** Returns leaves holding x. */
    static Value[] leaves(double... x) {
        Value[] v = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = new Value(x[i]);
        }
        return v;
    }

    /** Returns n uniform numbers in [lo, hi], each at least 0.05 away from 0 (relu's kink) and from kinks. */
    static double[] sample(Random rng, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            do {
                x[i] = lo + (hi - lo) * rng.nextDouble();
            } while (Math.abs(x[i]) < 0.05);
        }
        return x;
    }

    /**
     * Checks that node's local derivatives (Part 2) match the slopes of its forward value, measured with your
     * Derivatives.gradient, over TRIALS random inputs; op must make one node whose children are its inputs.
     */
    static void localGradsMatchSlopes(String expr, int n, double lo, double hi, Function<Value[], Value> op,
            String hint) {
        Random rng = new Random(expr.hashCode());
        for (int t = 0; t < TRIALS; t++) {
            double[] x = sample(rng, n, lo, hi);
            double[] local = op.apply(leaves(x)).localGrads();
            double[] slopes = Derivatives.gradient(xs -> op.apply(leaves(xs)).data(), x.clone());
            Expect.equal("the node made by " + expr + " records one local derivative per input",
                    n, local.length, "pass one local derivative per child to new Value(data, children, localGrads, op)");
            for (int i = 0; i < n; i++) {
                Expect.close("local derivative d(" + expr + ")/d(" + var(i) + ") at " + point(x)
                                + " matches the slope by nudging (your Derivatives.gradient, Task 1.2)",
                        slopes[i], local[i], 1e-5 * Math.max(1, Math.abs(slopes[i])), hint);
            }
        }
    }

    /**
     * Checks that backward() gives every input the slope of f's value, measured with your Derivatives.gradient,
     * over TRIALS random inputs.
     */
    static void gradientsMatchSlopes(String expr, int n, double lo, double hi, Function<Value[], Value> f,
            String hint) {
        Random rng = new Random(expr.hashCode());
        for (int t = 0; t < TRIALS; t++) {
            double[] x = sample(rng, n, lo, hi);
            Value[] in = leaves(x);
            f.apply(in).backward();
            double[] slopes = Derivatives.gradient(xs -> f.apply(leaves(xs)).data(), x.clone());
            for (int i = 0; i < n; i++) {
                Expect.close("backward() of " + expr + " gives " + var(i) + ".grad() at " + point(x)
                                + " = the slope by nudging " + var(i) + " (your Derivatives.gradient, Task 1.2)",
                        slopes[i], in[i].grad(), 1e-5 * Math.max(1, Math.abs(slopes[i])), hint);
            }
        }
    }

    static String var(int i) {
        return String.valueOf((char) ('a' + i));
    }

    static String point(double[] x) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(var(i)).append(" = ").append(String.format("%.4f", x[i]));
        }
        return s.toString();
    }

    /** Returns x + zero + zero + ... with n additions: a graph n nodes deep. */
    static Value chain(Value x, Value zero, int n) {
        Value v = x;
        for (int i = 0; i < n; i++) {
            v = v.add(zero);
        }
        return v;
    }

    /** A stack of 1 MiB: enough for any loop, far too small for one Java frame per node of a 100,000-deep chain. */
    static final long STACK = 1 << 20;

    /**
     * Returns what work returns, run on a thread with a 1 MiB stack; a StackOverflowError there fails the test
     * with the lesson instead of crashing anything.
     */
    static <T> T onSmallStack(String what, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                error.set(e);
            }
        }, "deep-chain", STACK);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Throwable e = error.get();
        if (e instanceof StackOverflowError) {
            Expect.that(false, what + " works on a chain 100,000 nodes deep",
                    "it finishes (a loop needs no more stack for a deeper graph)",
                    "StackOverflowError: the call stack ran out",
                    "a recursive visit (visit(child) inside visit(node)) needs one stack frame per level of the"
                            + " graph; keep your own stack instead: an ArrayDeque of nodes still to finish, and"
                            + " for each the index of its next child (README.md in course/, section \"Task 3.1: a"
                            + " loop instead of recursion\", outlines the loop)");
        }
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return result.get();
    }

    /** Returns the data of each value. */
    static double[] data(List<Value> values) {
        return values.stream().mapToDouble(Value::data).toArray();
    }

    static String show(double[] x) {
        return Arrays.toString(x);
    }
}
