package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.io.Safetensors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
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

    /** What a command run through {@link Cli#run} returned and printed. */
    record Outcome(int code, String out, String err) {
    }

    /** Runs {@code command} as the shell would (through {@link Cli#run}), capturing both output streams. */
    static Outcome cli(Object command, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.run(command, args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Checks that {@code png} is a PNG of the given size holding a chart (text, lines and fills make hundreds
     * of colours; a blank or failed picture has one or two) and returns the set of its RGB colours.
     */
    static Set<Integer> picture(Path png, int width, int height) throws IOException {
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours).hasSizeGreaterThan(50);
        return colours;
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
    @DisplayName("--version prints the library's name and version and exits 0")
    void version() throws Exception {
        assertThat(run(args -> assertThat(Cli.run(new ReadmeExample(), args)).isZero(), "--version"))
                .containsExactly("micrograd4j " + Cli.VERSION);
        assertThat(Cli.VERSION).as("the pom's version, filled in by the build").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("MoonsDemo --rng java follows the hand-written backprop's trajectory to 100%, draws both pictures "
            + "and exports the model: ONNX Runtime classifies all 100 points as the model does")
    void moons() throws Exception {
        Path png = dir.resolve("moons.png");
        Path curves = dir.resolve("moons-training.png");
        Path onnx = dir.resolve("moons.onnx");
        Path weights = dir.resolve("moons.safetensors");
        List<String> out = run(MoonsDemo::main, "--rng", "java", "--out", png.toString(),
                "--training-out", curves.toString(), "--onnx", onnx.toString(), "--safetensors", weights.toString());
        Pattern step = Pattern.compile("step (\\d+) loss (\\S+), accuracy (\\S+)%");
        Matcher last = step.matcher(out.stream().filter(l -> l.startsWith("step 99 ")).findFirst().orElseThrow());
        assertThat(last.matches()).isTrue();
        // a hand-written double[] backprop of the same network (plain arrays, hand-derived gradients: the floor
        // that BENCHMARKS.md compares with), from the same Random(1337) weights, ends at 0.017740574881493070
        assertThat(Double.parseDouble(last.group(2))).isCloseTo(0.017740574881493070, within(1e-12));
        assertThat(last.group(3)).isEqualTo("100.0");
        assertThat(out).filteredOn(l -> l.startsWith("step ")).hasSize(100);
        assertThat(out).anyMatch(l -> l.matches("100 steps in \\d+ ms: the first 10 took \\d+\\.\\d\\d ms each "
                + "\\(JIT warm-up\\), the other 90 \\d+\\.\\d{3} ms each \\(median; forward, backward and update\\)"));
        assertThat(out.get(out.size() - 3)).isEqualTo("wrote the decision regions to " + png.toAbsolutePath()
                + " and the training curves to " + curves.toAbsolutePath());
        assertThat(picture(png, Plots.WIDTH, 640)).as("both regions' fills")
                .contains(Plots.regionColour(0), Plots.regionColour(1));
        picture(curves, 720, 420);

        assertThat(out.get(out.size() - 2)).isEqualTo("wrote the ONNX model to " + onnx.toAbsolutePath()
                + " (input x [N, 2], output y [N, 1], doubles)");
        assertThat(out.get(out.size() - 1)).isEqualTo("wrote the weights to " + weights.toAbsolutePath()
                + " (PyTorch: nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))"
                + ".double().load_state_dict(safetensors.torch.load_file(...)))");
        MLP trained = new MLP(2, 16, 16, 1);
        Safetensors.load(trained, weights);                 // the demo's trained model, bit for bit
        Dataset moons = Moons.micrograd100();
        double[][] runtime;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, moons.features());
             OrtSession.Result result = session.run(Map.of("x", x))) {
            runtime = (double[][]) result.get(0).getValue();
        }
        assertThat(runtime).hasNumberOfRows(100);
        for (int i = 0; i < 100; i++) {
            double ours = trained.apply(moons.features(i)).get(0).data();
            assertThat(runtime[i][0]).as("point %d", i).isCloseTo(ours, within(1e-12 * Math.max(1, Math.abs(ours))));
            assertThat(runtime[i][0] > 0).as("point %d: the same class as our model", i).isEqualTo(ours > 0);
            assertThat(runtime[i][0] > 0).as("point %d: the right class (the model is 100%% right)", i)
                    .isEqualTo(moons.label(i) > 0);
        }
    }

    @Test
    @DisplayName("MoonsDemo's timing line: the first 10 steps' mean apart from the warm steps' median")
    void timing() {
        long[] nanos = new long[100];
        java.util.Arrays.fill(nanos, 0, 10, 9_000_000L);
        java.util.Arrays.fill(nanos, 10, 100, 200_000L);
        nanos[50] = 40_000_000L;   // a garbage collection: in the total, not in the median
        nanos[60] = 210_000L;
        assertThat(MoonsDemo.timing(nanos)).isEqualTo("100 steps in 148 ms: the first 10 took 9.00 ms each "
                + "(JIT warm-up), the other 90 0.200 ms each (median; forward, backward and update)");
        java.util.Arrays.fill(nanos, 10, 55, 250_000L);
        java.util.Arrays.fill(nanos, 55, 100, 200_000L);   // 45 steps each: the median is between 0.2 and 0.25
        assertThat(MoonsDemo.timing(nanos)).as("an even count: the mean of the middle two")
                .contains("the other 90 0.225 ms each");
        assertThat(MoonsDemo.timing(new long[] {3_000_000L, 1_000_000L}))
                .isEqualTo("2 steps in 4 ms, 2.00 ms each (all of them JIT warm-up)");
    }

    @Test
    @DisplayName("BenchmarkMoons prints a median per step and the loss of micrograd's trajectory")
    void benchmarkMoons() throws Exception {
        List<String> out = run(BenchmarkMoons::main, "--steps", "100", "--warmup", "1", "--warmup-seconds", "0",
                "--repeats", "1");
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
    @DisplayName("NewtonExample: Newton's method needs a handful of steps where gradient descent needs thousands")
    void newton() throws Exception {
        List<String> out = run(NewtonExample::main);
        assertThat(out.get(0)).isEqualTo("newton step 1: x = -1.1752808989, y = 1.3806741573, f = 4.732e+00");
        String summary = out.stream().filter(l -> l.startsWith("newton: ")).findFirst().orElseThrow();
        int newton = Integer.parseInt(summary.replaceAll("newton: (\\d+) steps.*", "$1"));
        int descent = Integer.parseInt(summary.replaceAll(".*gradient descent \\(lr 0.001\\): (\\d+) steps.*", "$1"));
        assertThat(newton).isBetween(3, 10);
        assertThat(descent).isGreaterThan(1000 * newton);
        assertThat(summary).doesNotContain("not converged");
        assertThat(out.get(out.size() - 1)).startsWith("fit p' = cos: p(t) = 1.0000 t -0.166");
    }

    @Test
    @DisplayName("RegressionExample's loss falls and it writes a PNG")
    void regression() throws Exception {
        Path png = dir.resolve("fit.png");
        List<String> out = run(RegressionExample::main, "--steps", "60", "--out", png.toString());
        double first = Double.parseDouble(out.get(0).replaceAll(".* mse ", ""));
        double last = Double.parseDouble(out.get(out.size() - 2).replaceAll(".* mse ", ""));
        assertThat(last).isLessThan(first / 2);
        picture(png, 720, 460);
    }

    @Test
    @DisplayName("MoonsDemo takes its options: steps, seed, generator, a CSV file and both pictures' paths")
    void moonsOptions() throws Exception {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "x1,x2,y\n1,0,-1\n0,0.5,1\n\n-1,0.2,-1\n1.5,-0.3,1\n");
        Path png = dir.resolve("tiny.png");
        Path curves = dir.resolve("tiny-training.png");
        List<String> out = run(MoonsDemo::main, "--steps", "3", "--seed", "7", "--data", csv.toString(),
                "--out", png.toString(), "--training-out", curves.toString());
        assertThat(out).filteredOn(l -> l.startsWith("step ")).hasSize(3);
        assertThat(out).anyMatch(l -> l.matches("3 steps in \\d+ ms, \\d+\\.\\d\\d ms each \\(all of them JIT warm-up\\)"));
        picture(png, Plots.WIDTH, 640);
        picture(curves, 720, 420);
        // --seed applies to either generator, and --rng picks one: four different starting losses
        List<String> firstSteps = new java.util.ArrayList<>();
        for (String rng : List.of("python", "java")) {
            for (String seed : List.of("7", "8")) {
                List<String> lines = run(MoonsDemo::main, "--steps", "1", "--rng", rng, "--seed", seed,
                        "--out", png.toString(), "--training-out", curves.toString());
                firstSteps.add(lines.stream().filter(l -> l.startsWith("step 0 ")).findFirst().orElseThrow());
            }
        }
        assertThat(firstSteps).doesNotHaveDuplicates();
    }

    @Nested
    @DisplayName("Command lines: --help, bad values and failures")
    class CommandLines {

        @Test
        @DisplayName("--help lists every option of each example with its default and meaning, and exits 0")
        void optionsAndDefaults() {
            Outcome regression = cli(new RegressionExample(), "--help");
            assertThat(regression.code()).isZero();
            assertThat(regression.out()).contains("Usage: RegressionExample", "y = sin(x)")
                    .contains("--steps=N", "Adam steps", "(default: 500)")
                    .contains("--seed=SEED", "(default: 7)")
                    .contains("--out=PNG", "(default: regression.png)")
                    .contains("-h, --help", "-V, --version");
            Outcome yinYang = cli(new YinYang(), "--help");
            assertThat(yinYang.code()).isZero();
            assertThat(yinYang.out()).contains("Usage: YinYang", "EurekaLabs")
                    .contains("--out=PNG", "PNG of the decision regions", "(default: yinyang.png)")
                    .contains("--training-out=PNG", "loss and accuracy per step", "(default: yinyang-training.png)");
            Outcome customOp = cli(new CustomOpExample(), "--help");
            assertThat(customOp.code()).isZero();
            assertThat(customOp.out()).contains("Usage: CustomOpExample", "softplus");
        }

        @Test
        @DisplayName("the options are listed in the order they are declared, the same on every run")
        void order() {
            String help = cli(new RegressionExample(), "--help").out();
            assertThat(help).contains("Usage: RegressionExample [-hV] [--steps=N] [--seed=SEED] [--out=PNG]");
            List<String> options = help.lines().filter(l -> l.matches("\\s+(-h, )?--\\S+.*")).toList();
            assertThat(options).hasSize(4);
            assertThat(options.get(0)).contains("--steps=N");
            assertThat(options.get(1)).contains("--seed=SEED");
            assertThat(options.get(2)).contains("--out=PNG");
            assertThat(cli(new RegressionExample(), "--help").out()).isEqualTo(help);
        }

        @Test
        @DisplayName("--steps abc names the option and the value, prints the usage, exits 2, no stack trace")
        void notANumber() {
            Outcome o = cli(new RegressionExample(), "--steps", "abc");
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains("Invalid value for option '--steps': 'abc' is not an int")
                    .contains("Usage: RegressionExample").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(o.out()).isEmpty();
        }

        @Test
        @DisplayName("--steps 0 is refused before training, naming the option and the value, with exit 2")
        void zeroSteps() {
            Outcome o = cli(new RegressionExample(), "--steps", "0", "--out", dir.resolve("never.png").toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains("--steps (0) must be >= 1").contains("Usage: RegressionExample");
            assertThat(dir.resolve("never.png")).doesNotExist();
        }

        @Test
        @DisplayName("an unknown option or a missing value is named, with the usage, exit 2")
        void unknown() {
            Outcome o = cli(new YinYang(), "--steps", "5");
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).contains("Unknown options: '--steps', '5'").contains("Usage: YinYang");
            Outcome missing = cli(new YinYang(), "--out");
            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err()).contains("Missing required parameter for option '--out' (PNG)");
        }

        @Test
        @DisplayName("MoonsDemo --help: every option with its default and meaning, and the CSV format for --data")
        void moonsHelp() {
            Outcome o = cli(new MoonsDemo(), "--help");
            assertThat(o.code()).isZero();
            String flat = o.out().replaceAll("\\s+", " ");   // as read, whatever the line breaks
            assertThat(flat).contains("Usage: MoonsDemo [-hV] [--steps=N] [--seed=SEED] [--rng=python|java] "
                    + "[--data=CSV] [--out=PNG] [--training-out=PNG] [--onnx=FILE] [--safetensors=FILE]");
            assertThat(flat).contains("--steps=N", "(default: 100)", "--seed=SEED", "(default: 1337)")
                    .contains("--rng=python|java", "CPython's random", "(default: python)")
                    .contains("--data=CSV", "(default: micrograd's 100 moons)")
                    .contains("--out=PNG", "(default: moons.png)", "--training-out=PNG", "(default: moons-training.png)")
                    .contains("CSV format for --data", "one of them y (the label, -1 or +1)")
                    .contains("--onnx=FILE", "ONNX Runtime", "--safetensors=FILE", "load_state_dict", "(default: not written)");
            assertThat(o.out()).contains("\n  x1,x2,y\n  0.52,-0.31,1\n");
            List<String> options = o.out().lines().filter(l -> l.matches("\\s+(-h, )?--\\S+.*")).toList();
            assertThat(options).hasSize(9);   // the eight options and -h, --help
            assertThat(options.get(0)).contains("--steps");
            assertThat(options.get(5)).contains("--training-out");
        }

        @Test
        @DisplayName("MoonsDemo: a bad --steps or --rng is named with the value, usage, exit 2")
        void moonsBadValues() {
            Outcome steps = cli(new MoonsDemo(), "--steps", "abc");
            assertThat(steps.code()).isEqualTo(2);
            assertThat(steps.err()).startsWith("Invalid value for option '--steps': 'abc' is not an int")
                    .contains("Usage: MoonsDemo").doesNotContain("Exception");
            Outcome rng = cli(new MoonsDemo(), "--rng", "numpy");
            assertThat(rng.code()).isEqualTo(2);
            assertThat(rng.err()).startsWith("Invalid value for option '--rng': expected one of [python, java] "
                    + "(case-sensitive) but was 'numpy'").contains("Usage: MoonsDemo");
            Outcome negative = cli(new MoonsDemo(), "--steps", "-5");
            assertThat(negative.code()).isEqualTo(2);
            assertThat(negative.err()).startsWith("--steps (-5) must be >= 1");
        }

        @Test
        @DisplayName("MoonsDemo: a missing --data file is named in one line, exit 1, nothing trained")
        void moonsMissingData() {
            Path csv = dir.resolve("points.csv");
            Outcome o = cli(new MoonsDemo(), "--data", csv.toString(), "--out", dir.resolve("m.png").toString());
            assertThat(o.code()).isEqualTo(Cli.FAILED);
            assertThat(o.err()).isEqualTo("MoonsDemo: no such file or directory: " + csv + System.lineSeparator());
            assertThat(o.out()).isEmpty();
        }

        @Test
        @DisplayName("MoonsDemo: a malformed --data file is named with the line and the problem, exit 1")
        void moonsMalformedData() throws IOException {
            Path csv = dir.resolve("bad.csv");
            Files.writeString(csv, "x1,x2,y\n1,0,-1\n0,oops,1\n");
            assertThat(cli(new MoonsDemo(), "--data", csv.toString()).err())
                    .isEqualTo("MoonsDemo: " + csv + ": line 3: column 'x2': 'oops' is not a number" + System.lineSeparator());
            Files.writeString(csv, "x1,x2,y\n1,0,-1\n\n0,0.5,0\n");
            Outcome labels = cli(new MoonsDemo(), "--data", csv.toString());
            assertThat(labels.code()).isEqualTo(Cli.FAILED);
            assertThat(labels.err()).isEqualTo("MoonsDemo: " + csv + ": line 4: label y 0.0 must be -1 or +1 "
                    + "(for 0/1 labels, write 0 as -1)" + System.lineSeparator());
            Files.writeString(csv, "x1,x2,x3,y\n1,0,2,-1\n");
            assertThat(cli(new MoonsDemo(), "--data", csv.toString()).err())
                    .isEqualTo("MoonsDemo: " + csv + ": 3 feature columns besides y; the demo needs 2 (a point in "
                            + "the plane)" + System.lineSeparator());
            Files.writeString(csv, "x1,x2,label\n1,0,-1\n");
            assertThat(cli(new MoonsDemo(), "--data", csv.toString()).err())
                    .isEqualTo("MoonsDemo: " + csv + ": line 1: no column named 'y' in header 'x1,x2,label'"
                            + System.lineSeparator());
        }

        @Test
        @DisplayName("a picture that cannot be written names the file in one line and exits 1")
        void unwritable() {
            Path png = dir.resolve("no-such-dir").resolve("fit.png");
            Outcome o = cli(new RegressionExample(), "--steps", "2", "--out", png.toString());
            assertThat(o.code()).isEqualTo(Cli.FAILED);
            assertThat(o.err()).isEqualTo("RegressionExample: no such file or directory: " + png + System.lineSeparator());
        }
    }
}
