package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times the three moons trainings of {@code bench/compare-moons.sh} in one JVM, one whole run of each in turn:
 * {@link BenchmarkMoons} eager, {@link BenchmarkMoons} {@code --tape} and {@link HandWrittenMoons}, the floor. On a
 * shared machine whose speed changes from one second to the next, the three programs run one after the other
 * (as the script's separate rounds do) meet different conditions; taken in turn, run by run, they meet the same
 * ones, so their ratios hold still. A run's garbage is collected while that run allocates, so each program pays
 * for its own.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.CompareMoons
 * </pre>
 */
@Command(name = "CompareMoons", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times micrograd's moons training eager, replayed by a tape and written by hand (the floor) "
                + "in one JVM, a whole run of each in turn, and prints the medians, the minima and their ratios.")
public final class CompareMoons implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "CSV", description = MoonsTiming.DATA_HELP)
    Path data;

    @Option(names = "--steps", defaultValue = "100", description = MoonsTiming.STEPS_HELP)
    int steps;

    @Option(names = "--runs", defaultValue = "300", description = "timed runs of each program, taken in turn "
            + "(default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "untimed runs first, in turn, for at "
            + "least this long (see BenchmarkMoons --warmup-seconds) (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    /**
     * Runs the comparison; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new CompareMoons(), args);
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || runs < 1 || !MoonsTiming.validSeconds(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "--steps (" + steps + ") and --runs (" + runs
                    + ") must be >= 1, --warmup-seconds (" + warmupSeconds + ") >= 0 and finite");
        }
        Dataset set = MoonsTiming.load(data);
        double[][] x = set.features();
        double[] y = set.labels();
        System.out.printf("CompareMoons: MLP(2, 16, 16, 1), n=%d, %d steps per run, java %s, %d cpus%n", y.length,
                steps, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        String[] names = {"eager", "tape", "floor"};
        List<Supplier<BenchmarkMoons.Result>> programs = List.of(
                () -> BenchmarkMoons.run(x, y, steps, false),
                () -> BenchmarkMoons.run(x, y, steps, true),
                () -> HandWrittenMoons.run(x, y, steps));
        long end = MoonsTiming.deadline(warmupSeconds);
        do {
            for (Supplier<BenchmarkMoons.Result> program : programs) {
                program.get();
            }
        } while (System.nanoTime() < end);
        double[][] msPerStep = new double[programs.size()][runs];
        BenchmarkMoons.Result[] last = new BenchmarkMoons.Result[programs.size()];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < programs.size(); i++) {
                int p = (r + i) % programs.size();            // each program first in a third of the turns
                long t0 = System.nanoTime();
                last[p] = programs.get(p).get();
                msPerStep[p][r] = (System.nanoTime() - t0) / 1e6 / steps;
            }
        }
        double[] median = new double[programs.size()];
        double[] min = new double[programs.size()];
        for (int p = 0; p < programs.size(); p++) {
            median[p] = BenchmarkDigits.median(msPerStep[p]);
            min[p] = Arrays.stream(msPerStep[p]).min().getAsDouble();
            System.out.printf("%s: median %.6f, min %.6f ms/step (final_loss=%.17g accuracy=%.4f)%n", names[p],
                    median[p], min[p], last[p].loss(), last[p].accuracy());
        }
        System.out.printf("in turn, %d runs each: eager/floor %.2f, tape/floor %.2f (of the minima: %.2f, %.2f)%n",
                runs, median[0] / median[2], median[1] / median[2], min[0] / min[2], min[1] / min[2]);
        return 0;
    }
}
