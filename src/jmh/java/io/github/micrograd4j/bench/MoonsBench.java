package io.github.micrograd4j.bench;

import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.examples.BenchmarkMoons;
import io.github.micrograd4j.examples.HandWrittenMoons;
import io.github.micrograd4j.nn.MLP;
import java.util.Random;
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

/**
 * micrograd's moons training step, timed as {@code bench/compare-moons.sh} times it: whole 100-step runs from
 * Random(1337), reported per step. Three ways: a new graph every step through the public API (MLP.apply, Losses,
 * backward, SGD), the graph recorded once and replayed by a Tape, and the hand-written floor on double[]:
 * {@code mvn -Pbench test-compile exec:exec -Djmh.args="MoonsBench"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MoonsBench {

    double[][] x;
    double[] y;
    MLP model;

    @Setup
    public void setup() {
        x = Moons.micrograd100().features();
        y = Moons.micrograd100().labels();
        model = new MLP(new Random(1337), 2, 16, 16, 1);
    }

    /** One whole 100-step training run building a new graph every step ({@link BenchmarkMoons#run}), per step. */
    @Benchmark
    @OperationsPerInvocation(100)
    public double trainingStep() {
        return BenchmarkMoons.run(x, y, 100, false).loss();
    }

    /** The same run with the graph recorded once and replayed by a {@code Tape}, per step. */
    @Benchmark
    @OperationsPerInvocation(100)
    public double tapeTrainingStep() {
        return BenchmarkMoons.run(x, y, 100, true).loss();
    }

    /** The same run written by hand on double[] ({@link HandWrittenMoons#run}): the floor, per step. */
    @Benchmark
    @OperationsPerInvocation(100)
    public double handWrittenStep() {
        return HandWrittenMoons.run(x, y, 100).loss();
    }

    /** The forward pass of one point through MLP(2, 16, 16, 1). */
    @Benchmark
    public double mlpApply() {
        return model.apply(0.5, -0.25).get(0).data();
    }
}
