package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.Tape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The option {@code --without} that {@link BenchmarkMoons}, {@link BenchmarkDigits} and {@link MicroGpt} share (a
 * picocli mixin): the {@link Tape.Speedup}s to record without, to measure what each buys
 * ({@code bench/tape-speedups.sh}).
 */
final class TapeSpeedups {

    @Option(names = "--without", split = ",", paramLabel = "SPEEDUP", description = "when a tape is recorded: record "
            + "it without these speed-ups, to measure what each buys (${COMPLETION-CANDIDATES})")
    List<Tape.Speedup> without = new ArrayList<>();

    /** Returns every speed-up but those of {@code --without}. */
    Set<Tape.Speedup> speedups() {
        Set<Tape.Speedup> speedups = EnumSet.allOf(Tape.Speedup.class);
        without.forEach(speedups::remove);
        return speedups;
    }

    /** Returns {@code " --without [A, B]"} for a run's header line, or {@code ""} when every speed-up is used. */
    String header() {
        return without.isEmpty() ? "" : " --without " + without;
    }
}
