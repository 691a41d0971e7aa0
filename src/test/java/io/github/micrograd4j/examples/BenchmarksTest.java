package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Moons;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' three ways through micrograd's moons training follow one trajectory: a new graph every step,
 * a recorded graph replayed by a Tape, and the hand-written floor on double[]. Nothing here is timed.
 */
@DisplayName("Benchmarks: eager, tape and hand-written moons training agree")
class BenchmarksTest {

    static final double[][] X = Moons.micrograd100().features();
    static final double[] Y = Moons.micrograd100().labels();

    @Test
    @DisplayName("the tape's trajectory is the eager one, bit for bit, at 100% accuracy")
    void tapeFollowsEager() {
        BenchmarkMoons.Result eager = BenchmarkMoons.run(X, Y, 100, false);
        BenchmarkMoons.Result tape = BenchmarkMoons.run(X, Y, 100, true);
        assertThat(tape.loss()).isEqualTo(eager.loss());
        assertThat(tape.accuracy()).isEqualTo(1.0);
        assertThat(eager.accuracy()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("the hand-written floor follows the library to 1e-12 relative after 100 steps, at 100% accuracy")
    void floorFollowsLibrary() {
        BenchmarkMoons.Result library = BenchmarkMoons.run(X, Y, 100, true);
        BenchmarkMoons.Result floor = HandWrittenMoons.run(X, Y, 100);
        assertThat(floor.loss()).isCloseTo(library.loss(), within(1e-12 * library.loss()));
        assertThat(floor.accuracy()).isEqualTo(1.0);
        BenchmarkMoons.Result first = HandWrittenMoons.run(X, Y, 1);
        assertThat(first.loss()).as("step 0: the same sums in the same order")
                .isEqualTo(BenchmarkMoons.run(X, Y, 1, false).loss());
    }

    @Test
    @DisplayName("BenchmarkMoons --tape and HandWrittenMoons print the loss, the node counts and a median")
    void mains() throws Exception {
        List<String> tape = ExamplesTest.run(BenchmarkMoons::main, "--tape", "--steps", "100", "--warmup", "0",
                "--warmup-seconds", "0", "--repeats", "1");
        assertThat(tape).anyMatch(l -> l.contains("final_loss=0.01774057488149") && l.contains("accuracy=1.0000"));
        assertThat(tape).anyMatch(l -> l.startsWith("nodes per step: eager builds 3,504 Values, the tape replays "
                + "3,841 (with the 337 parameters); micrograd builds 65,818"));
        assertThat(tape).anyMatch(l -> l.matches("median_ms_per_step=\\d+\\.\\d+"));
        List<String> floor = ExamplesTest.run(HandWrittenMoons::main, "--steps", "100", "--warmup", "0",
                "--warmup-seconds", "0", "--repeats", "1");
        assertThat(floor).anyMatch(l -> l.contains("final_loss=0.01774057488149") && l.contains("accuracy=1.0000"));
        assertThat(floor).anyMatch(l -> l.matches("median_ms_per_step=\\d+\\.\\d+"));
    }

    @Test
    @DisplayName("CompareMoons runs the three in turn: micrograd's loss from each, medians, minima and ratios")
    void compareMoons() throws Exception {
        List<String> out = ExamplesTest.run(CompareMoons::main, "--runs", "2", "--warmup-seconds", "0");
        for (String program : List.of("eager", "tape", "floor")) {
            assertThat(out).anyMatch(l -> l.matches(program + ": median \\d+\\.\\d+, min \\d+\\.\\d+ ms/step "
                    + "\\(final_loss=0\\.01774057488149\\d* accuracy=1\\.0000\\)"));
        }
        assertThat(out).anyMatch(l -> l.matches("in turn, 2 runs each: eager/floor \\d+\\.\\d\\d, tape/floor "
                + "\\d+\\.\\d\\d \\(of the minima: \\d+\\.\\d\\d, \\d+\\.\\d\\d\\)"));
    }

    @Test
    @DisplayName("TapeExample prints the output shown in Tape's Javadoc and the README")
    void tapeExample() throws Exception {
        assertThat(ExamplesTest.run(TapeExample::main)).containsExactly(
                "Tape(3841 values: 537 leaves, 3304 computed in 304 steps)",
                "step 0 loss 2.134596 score0 -1.132823",
                "step 33 loss 0.150615 score0 0.201531",
                "step 66 loss 0.034176 score0 -0.713312",
                "step 99 loss 0.017741 score0 -1.034272");
    }

    @Test
    @DisplayName("a bad option value is named, with the usage, and exits 2")
    void badOption() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Cli.run(new BenchmarkMoons(), "--steps", "0")).isEqualTo(2);
            assertThat(Cli.run(new HandWrittenMoons(), "--repeats", "x")).isEqualTo(2);
            assertThat(Cli.run(new BenchmarkChain(), "--nodes", "1")).isEqualTo(2);
            assertThat(Cli.run(new CompareMoons(), "--runs", "0")).isEqualTo(2);
            assertThat(Cli.run(new HandWrittenMoons(), "--warmup-seconds", "Infinity")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--steps (0) and --repeats (11) must be >= 1")
                .contains("Usage: BenchmarkMoons").contains("'x'").contains("--nodes (1) must be >= 2")
                .contains("--steps (100) and --runs (0) must be >= 1").contains("Usage: CompareMoons")
                .contains("--warmup-seconds (Infinity) >= 0 and finite");
    }
}
