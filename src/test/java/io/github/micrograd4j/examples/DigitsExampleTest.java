package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Digits;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.io.Safetensors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DigitsExample and BenchmarkDigits run (a few epochs), learn, and draw their picture. */
@DisplayName("DigitsExample learns the digits and draws them")
class DigitsExampleTest {

    @TempDir
    Path dir;

    static final Pattern EPOCH = Pattern.compile(
            "epoch +(\\d+) loss (\\d+\\.\\d+), train accuracy (\\d+\\.\\d)%, test accuracy (\\d+\\.\\d)%, \\d+\\.\\d{3} s");

    @Test
    @DisplayName("three epochs: one line each, the loss falls, test accuracy above 85%, and the picture")
    void threeEpochs() throws Exception {
        Path png = dir.resolve("digits.png");
        List<String> out = ExamplesTest.run(DigitsExample::main, "--epochs", "3", "--threads", "2", "--out", png.toString());
        assertThat(out.get(1)).isEqualTo("2410 parameters; 1500 training and 297 test images of 64 pixels, 10 classes; "
                + "batches of 32, 2 threads");
        List<Matcher> epochs = out.stream().map(EPOCH::matcher).filter(Matcher::matches).toList();
        assertThat(epochs).hasSize(3);
        double first = Double.parseDouble(epochs.get(0).group(2));
        double last = Double.parseDouble(epochs.get(2).group(2));
        assertThat(last).isLessThan(first);
        assertThat(Double.parseDouble(epochs.get(2).group(4))).isGreaterThan(85.0);
        assertThat(out.get(out.size() - 1)).matches("test accuracy \\d+\\.\\d\\d% \\(\\d+ of 297\\)");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(1000);
        assertThat(ExamplesTest.picture(png, image.getWidth(), image.getHeight())).hasSizeGreaterThan(50);
    }

    @Test
    @DisplayName("--onnx and --safetensors write the trained model: ONNX Runtime's logits equal it on the 297 images after the first 1500")
    void exports() throws Exception {
        Path onnx = dir.resolve("digits.onnx");
        Path weights = dir.resolve("digits.safetensors");
        List<String> out = ExamplesTest.run(DigitsExample::main, "--epochs", "1", "--threads", "2", "--out",
                dir.resolve("digits.png").toString(), "--onnx", onnx.toString(), "--safetensors", weights.toString());
        assertThat(out.get(out.size() - 2)).isEqualTo("wrote the ONNX model to " + onnx.toAbsolutePath()
                + " (input x [N, 64], output y [N, 10], doubles)");
        assertThat(out.get(out.size() - 1)).startsWith("wrote the weights to " + weights.toAbsolutePath()
                + " (PyTorch: nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10)).double()");
        MLP trained = new MLP(64, 32, 10);
        Safetensors.load(trained, weights);                 // the example's trained model, bit for bit
        Dataset test = Digits.load().slice(Digits.TRAIN_SIZE, Digits.SIZE);
        double[][] runtime;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, test.features());
             OrtSession.Result result = session.run(Map.of("x", x))) {
            runtime = (double[][]) result.get(0).getValue();
        }
        assertThat(runtime).hasNumberOfRows(test.size());
        for (int i = 0; i < test.size(); i++) {
            double[] ours = trained.apply(test.features(i)).stream().mapToDouble(Value::data).toArray();
            int oursBest = 0;
            int theirsBest = 0;
            for (int c = 0; c < 10; c++) {
                assertThat(runtime[i][c]).as("image %d, class %d", i, c)
                        .isCloseTo(ours[c], within(1e-12 * Math.max(1, Math.abs(ours[c]))));
                oursBest = ours[c] > ours[oursBest] ? c : oursBest;
                theirsBest = runtime[i][c] > runtime[i][theirsBest] ? c : theirsBest;
            }
            assertThat(theirsBest).as("image %d: the runtime predicts the class our model predicts", i).isEqualTo(oursBest);
        }
    }

    @Test
    @DisplayName("the numbers do not depend on --threads: 1 and 3 threads print the same losses and accuracies")
    void threadsGiveTheSameRun() throws Exception {
        List<String> one = epochLines(ExamplesTest.run(DigitsExample::main, "--epochs", "2", "--threads", "1",
                "--out", dir.resolve("a.png").toString()));
        List<String> three = epochLines(ExamplesTest.run(DigitsExample::main, "--epochs", "2", "--threads", "3",
                "--out", dir.resolve("b.png").toString()));
        assertThat(three).hasSize(2).isEqualTo(one);
    }

    /** The epoch lines without their times. */
    private static List<String> epochLines(List<String> out) {
        return out.stream().filter(l -> EPOCH.matcher(l).matches()).map(l -> l.replaceAll(", \\d+\\.\\d{3} s$", "")).toList();
    }

    @Test
    @DisplayName("--data and --test read MNIST-style CSV files (label first, pixels 0-255, a header or none)")
    void mnistCsv() throws Exception {
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        StringBuilder a = new StringBuilder("label");
        for (int j = 0; j < 16; j++) {
            a.append(",pixel").append(j);
        }
        a.append('\n');
        StringBuilder b = new StringBuilder();
        java.util.Random rng = new java.util.Random(4);
        for (int i = 0; i < 120; i++) {
            int label = i % 2;
            StringBuilder row = new StringBuilder().append(label);
            for (int j = 0; j < 16; j++) {                   // class 0 bright on the left half, class 1 on the right
                boolean bright = (j % 4 < 2) == (label == 0);
                row.append(',').append(bright ? 200 + rng.nextInt(56) : rng.nextInt(40));
            }
            (i < 100 ? a : b).append(row).append('\n');
        }
        Files.writeString(train, a);
        Files.writeString(test, b);
        Path png = dir.resolve("mnist.png");
        List<String> out = ExamplesTest.run(DigitsExample::main, "--epochs", "3", "--batch", "10", "--hidden", "4",
                "--data", train.toString(), "--test", test.toString(), "--out", png.toString());
        assertThat(out.get(1)).startsWith("78 parameters; 100 training and 20 test images of 16 pixels, 2 classes");
        assertThat(out.get(out.size() - 1)).isEqualTo("test accuracy 100.00% (20 of 20)");
        assertThat(png).exists();
    }

    @Test
    @DisplayName("a --test file of another image size, a one-image --data or a label that is no class: one line, exit 1")
    void badFiles() throws Exception {
        Path train = dir.resolve("t.csv");
        Path other = dir.resolve("o.csv");
        Files.writeString(train, "0,1,2,3,4\n1,4,3,2,1\n");
        Files.writeString(other, "0,1,2,3\n");
        ExamplesTest.Outcome o = ExamplesTest.cli(new DigitsExample(), "--data", train.toString(), "--test", other.toString());
        assertThat(o.code()).isEqualTo(Cli.FAILED);
        assertThat(o.err()).contains(other + ": 3 pixels an image, " + train + " has 4").doesNotContain("epoch");
        Files.writeString(other, "0,1,2,3,4\n");
        assertThat(ExamplesTest.cli(new DigitsExample(), "--data", other.toString()).err())
                .contains("1 image; without --test it needs at least 2");
        Files.writeString(other, "1e9,1,2,3,4\n0,1,1,1,1\n");
        assertThat(ExamplesTest.cli(new DigitsExample(), "--data", other.toString()).err())
                .contains("label 1.0E9 of example 0 is not a class 0, 1, ... (below 10000)");
    }

    @Test
    @DisplayName("bad options are named with their values, exit 2")
    void badOptions() {
        ExamplesTest.Outcome o = ExamplesTest.cli(new DigitsExample(), "--batch", "0");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--batch (0) must be >= 1").contains("Usage: DigitsExample");
        assertThat(ExamplesTest.cli(new DigitsExample(), "--test", "x.csv").err()).contains("--test needs --data");
        assertThat(ExamplesTest.cli(new DigitsExample(), "--hidden", "32,0").err()).contains("--hidden sizes must be >= 1, not 0");
        assertThat(ExamplesTest.cli(new DigitsExample(), "--help").out()).contains("--epochs=N", "(default: 15)",
                "--threads=N", "--data=CSV", "label,pixel0,pixel1,...,pixel783");
        ExamplesTest.Outcome bench = ExamplesTest.cli(new BenchmarkDigits(), "--runs", "0");
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.err()).contains("--runs (0) must be >= 1").contains("Usage: BenchmarkDigits");
        assertThat(ExamplesTest.cli(new BenchmarkDigits(), "--warmup-seconds", "-1").err())
                .contains("--warmup-seconds (-1.0) >= 0 and finite");
    }

    @Test
    @DisplayName("BenchmarkDigits prints a median per epoch and the test accuracy in each mode")
    void benchmark() throws Exception {
        for (String mode : List.of("tape", "eager", "parts")) {
            List<String> out = ExamplesTest.run(BenchmarkDigits::main, "--mode", mode, "--epochs", "2", "--warmup", "0",
                    "--warmup-seconds", "0", "--runs", "1");
            assertThat(out).as(mode).anyMatch(l -> l.matches("median_s_per_epoch=\\d+\\.\\d+"));
            assertThat(out).as(mode).anyMatch(l -> l.matches("test_accuracy=0\\.(8|9)\\d+"));
        }
        Path export = dir.resolve("export");
        ExamplesTest.run(BenchmarkDigits::main, "--export", export.toString());
        assertThat(Files.readAllLines(export.resolve("train.csv"))).hasSize(1500).allMatch(l -> l.split(",").length == 65);
        assertThat(Files.readAllLines(export.resolve("test.csv"))).hasSize(297);
        assertThat(Files.readAllLines(export.resolve("init.csv"))).hasSize(2410);
    }
}
