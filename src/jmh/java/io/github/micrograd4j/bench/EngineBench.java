package io.github.micrograd4j.bench;

import io.github.micrograd4j.engine.AnomalyMode;
import io.github.micrograd4j.engine.Value;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The engine alone: building nodes, and backward over chains and wide sums. Scores are ns per node. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {

    static final int CHAIN = 100_000;

    /** 100,000 products, built once for the wide-sum benchmark only (the chain benchmarks keep no live graph). */
    @State(Scope.Thread)
    public static class Products {
        Value[] terms;

        @Setup
        public void setup() {
            terms = new Value[CHAIN];
            for (int i = 0; i < CHAIN; i++) {
                terms[i] = new Value(i * 1e-5).mul(new Value(0.5));
            }
        }
    }

    /** Forward only: 100,000 mul(double)/add(double) nodes. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Value buildChain() {
        return chain(new Value(1.0));
    }

    /** x * 0.999999 + 1e-6, applied CHAIN / 2 times: CHAIN nodes. */
    static Value chain(Value x) {
        Value y = x;
        for (int i = 0; i < CHAIN / 2; i++) {
            y = y.mul(0.999999).add(1e-6);
        }
        return y;
    }

    /** Forward and backward over a 100,000-node chain of mul(double)/add(double): the 20 ns/node target. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double chainForwardBackward() {
        Value x = new Value(1.0);
        chain(x).backward();
        return x.grad();
    }

    /** The same chain differentiated in anomaly mode: the price of the checks when they are switched on. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double chainForwardBackwardAnomalyMode() {
        Value x = new Value(1.0);
        AnomalyMode.backward(chain(x));
        return x.grad();
    }

    /** Backward of one 100,000-operand sum over products built in setup (ns per operand). */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double wideSumBackward(Products p) {
        Value s = Value.sum(p.terms);
        s.backward();
        return p.terms[7].grad();
    }
}
