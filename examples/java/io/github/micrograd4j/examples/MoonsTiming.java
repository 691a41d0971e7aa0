package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Csv;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options and the timing loop that {@link BenchmarkMoons} and {@link HandWrittenMoons} share (a picocli mixin),
 * so that the library and the floor are timed the same way: untimed whole runs first, then timed runs, then the
 * minimum and the median per step.
 */
final class MoonsTiming {

    /** The help of {@code --data}, here and in {@link CompareMoons}. */
    static final String DATA_HELP = "points to train on: a CSV file with a header naming columns x1, x2 and y "
            + "(y = -1 or +1) (default: micrograd's 100 moons points)";
    /** The help of {@code --steps}, here and in {@link CompareMoons}. */
    static final String STEPS_HELP = "training steps per run (default: ${DEFAULT-VALUE})";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "CSV", description = DATA_HELP)
    Path data;

    @Option(names = "--steps", defaultValue = "100", description = STEPS_HELP)
    int steps;

    @Option(names = "--warmup", defaultValue = "300", description = "untimed runs first, at least this many "
            + "(default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "and for at least this long: code that "
            + "runs once per run, like a tape's recording, is compiled fully only after some 600 to 1,500 runs on "
            + "two cores, where the JIT's threads share the cores with the program (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--repeats", defaultValue = "11", description = "timed runs (default: ${DEFAULT-VALUE})")
    int repeats;

    /** Returns the points to train on, after checking the numeric options. */
    Dataset dataset() throws IOException {
        if (steps < 1 || repeats < 1 || warmup < 0 || !validSeconds(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "--steps (" + steps + ") and --repeats (" + repeats
                    + ") must be >= 1, --warmup (" + warmup + ") >= 0 and --warmup-seconds (" + warmupSeconds
                    + ") >= 0 and finite");
        }
        return load(data);
    }

    /** Returns the points in {@code data} (see {@link #DATA_HELP}), or micrograd's 100 when it is null. */
    static Dataset load(Path data) throws IOException {
        return data == null ? Moons.micrograd100() : Csv.read(data, "y");
    }

    /** Whether {@code seconds} is a warm-up time: not negative, not NaN, and finite (under 1e9). */
    static boolean validSeconds(double seconds) {
        return seconds >= 0 && seconds < 1e9;
    }

    /** The {@link System#nanoTime()} at which a warm-up of {@code seconds} (see validSeconds) ends. */
    static long deadline(double seconds) {
        return System.nanoTime() + (long) (seconds * 1e9);
    }

    /** Warms up, times {@code repeats} runs (printing each), prints the minimum and returns the median ms/step. */
    double time(Supplier<BenchmarkMoons.Result> run) {
        long end = deadline(warmupSeconds);
        for (int w = 0; w < warmup || System.nanoTime() < end; w++) {
            run.get();
        }
        double[] msPerStep = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            BenchmarkMoons.Result result = run.get();
            msPerStep[r] = (System.nanoTime() - t0) / 1e6 / steps;
            System.out.printf("repeat %2d: final_loss=%.17g accuracy=%.4f %.4f ms/step%n", r, result.loss(),
                    result.accuracy(), msPerStep[r]);
        }
        Arrays.sort(msPerStep);
        System.out.printf("min_ms_per_step=%.6f max_ms_per_step=%.6f%n", msPerStep[0], msPerStep[repeats - 1]);
        return msPerStep[repeats / 2];
    }
}
