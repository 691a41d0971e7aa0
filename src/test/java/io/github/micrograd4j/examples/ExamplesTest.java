package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example main with small settings, so that none can rot. */
@DisplayName("Every example runs and prints what it promises")
class ExamplesTest {

    @TempDir
    Path dir;

    /** Runs a main and returns what it printed. */
    static List<String> run(ThrowingMain main, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    interface ThrowingMain {
        void run(String[] args) throws Exception;
    }

    @Test
    @DisplayName("ReadmeExample prints micrograd's three numbers")
    void readme() throws Exception {
        assertThat(run(ReadmeExample::main)).containsExactly("24.7041", "138.8338", "645.5773");
    }

    @Test
    @DisplayName("--help lists the options and exits 0; an unknown option is named, with the usage, and exits 2")
    void help() throws Exception {
        assertThat(String.join("\n", run(args -> assertThat(Cli.run(new ReadmeExample(), args)).isZero(), "--help")))
                .contains("Usage: ReadmeExample").contains("--help");
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Cli.run(new ReadmeExample(), "--bogus")).isEqualTo(2);
        } finally {
            System.setErr(savedErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--bogus'").contains("Usage: ReadmeExample");
    }

    @Test
    @DisplayName("MoonsDemo follows HandBackprop's trajectory to 100% accuracy and writes a PNG")
    void moons() throws Exception {
        Path png = dir.resolve("moons.png");
        List<String> out = run(MoonsDemo::main, "--out", png.toString());
        Pattern step = Pattern.compile("step (\\d+) loss (\\S+), accuracy (\\S+)%");
        Matcher last = step.matcher(out.stream().filter(l -> l.startsWith("step 99 ")).findFirst().orElseThrow());
        assertThat(last.matches()).isTrue();
        // ../shared/perf/HandBackprop.java, the same network and Random(1337) initialisation: 0.017740574881493070
        assertThat(Double.parseDouble(last.group(2))).isCloseTo(0.017740574881493070, within(1e-12));
        assertThat(last.group(3)).isEqualTo("100.0");
        assertThat(out).filteredOn(l -> l.startsWith("step ")).hasSize(100);
        assertThat(png).isNotEmptyFile();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    @DisplayName("BenchmarkMoons prints a median per step and the loss of micrograd's trajectory")
    void benchmarkMoons() throws Exception {
        List<String> out = run(BenchmarkMoons::main, "--steps", "100", "--warmup", "1", "--repeats", "1");
        assertThat(out).anyMatch(l -> l.matches("median_ms_per_step=\\d+\\.\\d+"));
        assertThat(out).anyMatch(l -> l.contains("final_loss=0.01774057488149"));
    }

    @Test
    @DisplayName("BenchmarkChain prints the time and heap per node")
    void benchmarkChain() throws Exception {
        List<String> out = run(BenchmarkChain::main, "--nodes", "20000", "--repeats", "3");
        assertThat(out).anyMatch(l -> l.startsWith("chain of 20000 nodes, 3 repeats: median "));
        assertThat(out).anyMatch(l -> l.matches("heap retained: \\d+\\.\\d bytes/node .*"));
    }

    @Test
    @DisplayName("CustomOpExample's softplus passes its gradient check")
    void customOp() throws Exception {
        List<String> out = run(CustomOpExample::main);
        assertThat(out.get(0)).isEqualTo("softplus(-0.4) = 0.513015252400, d/dx = 0.401312339888");
        assertThat(out).anyMatch(l -> l.startsWith("gradient check passed: max error "));
    }

    @Test
    @DisplayName("RegressionExample's loss falls and it writes a PNG")
    void regression() throws Exception {
        Path png = dir.resolve("fit.png");
        List<String> out = run(RegressionExample::main, "--steps", "60", "--out", png.toString());
        double first = Double.parseDouble(out.get(0).replaceAll(".* mse ", ""));
        double last = Double.parseDouble(out.get(out.size() - 2).replaceAll(".* mse ", ""));
        assertThat(last).isLessThan(first / 2);
        assertThat(png).isNotEmptyFile();
    }

    @Test
    @DisplayName("MoonsDemo takes its options")
    void moonsOptions() throws Exception {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "x1,x2,y\n1,0,-1\n0,0.5,1\n-1,0.2,-1\n1.5,-0.3,1\n");
        Path png = dir.resolve("tiny.png");
        List<String> out = run(MoonsDemo::main, "--steps", "3", "--seed", "7", "--data", csv.toString(), "--out", png.toString());
        assertThat(out).filteredOn(l -> l.startsWith("step ")).hasSize(3);
        assertThat(png).isNotEmptyFile();
    }
}
