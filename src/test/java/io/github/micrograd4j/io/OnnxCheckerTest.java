package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The onnx package's own checker ({@code onnx.checker.check_model(model, full_check=True)}, through
 * {@code bench/onnx-check.py}) accepts every exported model and reads from it the names, shapes and nodes that
 * {@link Onnx} documents. It needs a Python with the onnx package (Debian's {@code python3-onnx}); without one
 * the test is skipped, saying so, unless {@code -Donnx.checker.required=true} (as {@code .ci/run} passes) makes
 * that a failure. {@code -Donnx.python=PATH} names the Python to use.
 */
@DisplayName("The onnx package's checker (full_check) accepts every exported model")
class OnnxCheckerTest {

    static final Path SCRIPT = Path.of("bench/onnx-check.py");

    @TempDir
    Path dir;

    @Test
    @DisplayName("every activation, the trained moons and digits-shaped models: accepted, and read as documented")
    void checkerAcceptsEveryModel() throws Exception {
        String python = python();
        Map<Path, MLP> models = new LinkedHashMap<>();
        models.put(dir.resolve("moons.onnx"), OnnxRuntimeRunner.trainedMoons());
        models.put(dir.resolve("digits.onnx"), OnnxRuntimeRunner.trainedDigits());
        models.put(dir.resolve("every-activation.onnx"), TestModels.mlp(3, new int[] {6, 5, 5, 4, 3}, new Activation[] {
            Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.LINEAR, Activation.SIGMOID}));
        models.put(dir.resolve("tanh-out.onnx"), new MLP(4, new int[] {8, 2}, Activation.TANH, Activation.TANH, Init.UNIFORM, new Random(4)));
        models.put(dir.resolve("one-neuron.onnx"), new MLP(1, new int[] {1}, Activation.RELU, Activation.LINEAR, Init.UNIFORM, new Random(5)));
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString()));
        for (Map.Entry<Path, MLP> e : models.entrySet()) {
            Onnx.save(e.getValue(), e.getKey());
            command.add(e.getKey().toString());
        }
        List<String> lines = run(command);
        assertThat(lines).as("one 'ok' line per file").hasSize(models.size());
        int i = 0;
        for (Map.Entry<Path, MLP> e : models.entrySet()) {
            assertThat(lines.get(i++)).isEqualTo(expected(e.getKey(), e.getValue()));
        }
    }

    /** The line bench/onnx-check.py prints for a file that io.Onnx wrote as its Javadoc describes. */
    static String expected(Path file, MLP model) {
        List<String> nodes = new ArrayList<>();
        List<String> initializers = new ArrayList<>();
        String previous = "x";
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int k = 2 * i;
            boolean last = i == layers.size() - 1;
            String op = switch (layer.activation()) {
                case RELU -> "Relu";
                case TANH -> "Tanh";
                case SIGMOID -> "Sigmoid";
                case LINEAR -> null;
            };
            String gemmOut = last && op == null ? "y" : "/" + k + "/Gemm_output_0";
            nodes.add("/" + k + "/Gemm:Gemm(" + previous + "," + k + ".weight," + k + ".bias;transB=1)->" + gemmOut);
            previous = gemmOut;
            if (op != null) {
                String actOut = last ? "y" : "/" + (k + 1) + "/" + op + "_output_0";
                nodes.add("/" + (k + 1) + "/" + op + ":" + op + "(" + previous + ")->" + actOut);
                previous = actOut;
            }
            initializers.add(k + ".weight:DOUBLE[" + layer.nout() + "," + layer.nin() + "]");
            initializers.add(k + ".bias:DOUBLE[" + layer.nout() + "]");
        }
        return "ok " + file + " ir=8 opset=ai.onnx:17 producer=micrograd4j graph=micrograd4j_mlp input=x:DOUBLE[N,"
                + model.nin() + "] output=y:DOUBLE[N," + layers.get(layers.size() - 1).nout() + "] nodes="
                + String.join(" ", nodes) + " initializers=" + String.join(" ", initializers) + " doc=" + model;
    }

    /** Returns a Python that can import onnx, or skips the test (fails it when the checker is required). */
    static String python() throws InterruptedException {
        String given = System.getProperty("onnx.python");
        List<String> candidates = given != null ? List.of(given) : List.of("/usr/bin/python3", "python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import onnx").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next one
            }
        }
        String reason = "no Python with the onnx package among " + candidates
                + " (Debian: apt-get install python3-onnx): the ONNX checker was not run";
        if (Boolean.getBoolean("onnx.checker.required")) {
            fail(reason + ", and -Donnx.checker.required=true asks for it");
        }
        Assumptions.abort(reason);
        return null;
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bench/onnx-check.py did not finish in 120 s; it printed:\n" + out);
        }
        assertThat(p.exitValue()).as("bench/onnx-check.py's exit code; it printed:\n%s", out).isZero();
        return out.lines().toList();
    }
}
