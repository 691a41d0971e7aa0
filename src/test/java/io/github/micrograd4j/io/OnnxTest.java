package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import static io.github.micrograd4j.io.OnnxRuntimeRunner.apply;
import static io.github.micrograd4j.io.OnnxRuntimeRunner.randomBatch;
import static io.github.micrograd4j.io.OnnxRuntimeRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Onnx: ONNX Runtime runs the exported model and computes what MLP.apply computes")
class OnnxTest {

    /** Relative tolerance between the runtime and MLP.apply: the same sums, added in another order. */
    static final double TOLERANCE = 1e-12;

    @TempDir
    Path dir;

    /** Asserts that {@code actual} equals {@code expected} within {@link #TOLERANCE} relative, element by element. */
    static void assertClose(double[][] actual, double[][] expected) {
        assertThat(actual).hasDimensions(expected.length, expected[0].length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                assertThat(actual[i][j]).as("row %d, output %d", i, j)
                        .isCloseTo(e, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1, Math.abs(e))));
            }
        }
    }

    static Stream<Arguments> models() {
        Random rng = new Random(19);
        return Stream.of(
                Arguments.of("micrograd's 2-16-16-1 (ReLU, linear)", new MLP(new Random(1337), 2, 16, 16, 1)),
                Arguments.of("every activation in one model: ReLU, Tanh, Sigmoid, linear hidden, Sigmoid out",
                        TestModels.mlp(3, new int[] {6, 5, 5, 4, 3}, new Activation[] {Activation.RELU, Activation.TANH,
                                Activation.SIGMOID, Activation.LINEAR, Activation.SIGMOID})),
                Arguments.of("Tanh hidden, Tanh out", new MLP(4, new int[] {8, 2}, Activation.TANH, Activation.TANH, Init.UNIFORM, rng)),
                Arguments.of("Sigmoid hidden, ReLU out", new MLP(5, new int[] {7, 3}, Activation.SIGMOID, Activation.RELU, Init.UNIFORM, rng)),
                Arguments.of("one linear layer", new MLP(3, new int[] {2}, Activation.LINEAR, Activation.LINEAR, Init.UNIFORM, rng)),
                Arguments.of("one neuron, Sigmoid", new MLP(1, new int[] {1}, Activation.RELU, Activation.SIGMOID, Init.UNIFORM, rng)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    @DisplayName("on random batches of 1, 7 and 64 rows the runtime's outputs equal MLP.apply within 1e-12 relative")
    void everyActivation(String name, MLP model) throws Exception {
        Random rng = new Random(name.hashCode());
        byte[] onnx = Onnx.toBytes(model);
        for (int n : new int[] {1, 7, 64}) {
            double[][] x = randomBatch(rng, n, model.nin());
            assertClose(run(onnx, x), apply(model, x));
        }
    }

    @Test
    @DisplayName("the trained moons model: equal outputs on random batches, and the same class for all 100 points")
    void trainedMoons() throws Exception {
        MLP model = OnnxRuntimeRunner.trainedMoons();
        byte[] onnx = Onnx.toBytes(model);
        assertClose(run(onnx, randomBatch(new Random(5), 256, 2)), apply(model, randomBatch(new Random(5), 256, 2)));
        Dataset moons = Moons.micrograd100();
        double[][] ours = apply(model, moons.features());
        double[][] theirs = run(onnx, moons.features());
        assertClose(theirs, ours);
        int agree = 0;
        int correct = 0;
        for (int i = 0; i < moons.size(); i++) {
            agree += (theirs[i][0] > 0) == (ours[i][0] > 0) ? 1 : 0;
            correct += (theirs[i][0] > 0) == (moons.label(i) > 0) ? 1 : 0;
        }
        assertThat(agree).as("points the runtime classifies as our model does").isEqualTo(100);
        assertThat(correct).as("the demo's model is 100% right after 100 steps").isEqualTo(100);
    }

    @Test
    @DisplayName("the digits-shaped 64-32-10 model after a few Adam steps: equal logits on random batches and on its data")
    void trainedDigits() throws Exception {
        MLP model = OnnxRuntimeRunner.trainedDigits();
        byte[] onnx = Onnx.toBytes(model);
        double[][] x = randomBatch(new Random(6), 100, 64);
        assertClose(run(onnx, x), apply(model, x));
        double[][] pixels = OnnxRuntimeRunner.digits().features();
        assertClose(run(onnx, pixels), apply(model, pixels));
    }

    @Test
    @DisplayName("the runtime sees input x [N, nin] and output y [N, nout] of doubles, the doc string and the producer")
    void signature() throws Exception {
        MLP model = new MLP(new Random(1), 3, 4, 2);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(Onnx.toBytes(model), new OrtSession.SessionOptions())) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            assertThat(inputs).containsOnlyKeys("x");
            TensorInfo x = (TensorInfo) inputs.get("x").getInfo();
            assertThat(x.type).isEqualTo(OnnxJavaType.DOUBLE);
            assertThat(x.getShape()).containsExactly(-1, 3);
            assertThat(x.getDimensionNames()).containsExactly("N", "");
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            assertThat(outputs).containsOnlyKeys("y");
            TensorInfo y = (TensorInfo) outputs.get("y").getInfo();
            assertThat(y.type).isEqualTo(OnnxJavaType.DOUBLE);
            assertThat(y.getShape()).containsExactly(-1, 2);
            assertThat(session.getMetadata().getDescription()).isEqualTo(model.toString());
            assertThat(session.getMetadata().getProducerName()).isEqualTo("micrograd4j");
            assertThat(session.getMetadata().getGraphName()).isEqualTo("micrograd4j_mlp");
        }
    }

    @Test
    @DisplayName("write() writes toBytes() to the file, replacing what was there")
    void write() throws IOException {
        MLP model = new MLP(new Random(2), 2, 3, 1);
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "an older, longer file that must disappear entirely");
        Onnx.save(model, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(Onnx.toBytes(model));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    @DisplayName("the parameters are exported as they are now: a changed weight changes the runtime's output")
    void currentParameters() throws Exception {
        MLP model = new MLP(new Random(3), 2, 1);
        double[][] x = {{1, 2}};
        double before = run(Onnx.toBytes(model), x)[0][0];
        model.parameters().get(1).setData(model.parameters().get(1).data() + 0.5);   // w1 += 0.5: y += 0.5 * 2
        assertThat(run(Onnx.toBytes(model), x)[0][0]).isCloseTo(before + 1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    @DisplayName("null arguments are refused by name")
    void nulls() {
        assertThatThrownBy(() -> Onnx.toBytes(null)).isInstanceOf(NullPointerException.class).hasMessage("model == null");
        assertThatThrownBy(() -> Onnx.save(new MLP(1, 1), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("file == null");
    }

    @Nested
    @DisplayName("The protocol-buffer writer encodes as protobuf's encoding guide shows")
    class Encoding {

        @Test
        @DisplayName("field 1 = 150 is 08 96 01; field 2 = \"testing\" is 12 07 74 65 73 74 69 6e 67")
        void guideExamples() {
            assertThat(HexFormat.of().formatHex(new Protobuf().varint(1, 150).toByteArray())).isEqualTo("089601");
            assertThat(HexFormat.of().formatHex(new Protobuf().string(2, "testing").toByteArray()))
                    .isEqualTo("120774657374696e67");
            assertThat(HexFormat.of().formatHex(new Protobuf().message(3, new Protobuf().varint(1, 150)).toByteArray()))
                    .as("an embedded message: its length, then its bytes").isEqualTo("1a03089601");
        }

        @Test
        @DisplayName("varints: 0, 127, 128, 300, 2^63-1 and -1 (ten bytes, as int64)")
        void varints() {
            List<String> encoded = Stream.of(0L, 127L, 128L, 300L, Long.MAX_VALUE, -1L)
                    .map(v -> HexFormat.of().formatHex(new Protobuf().varint(1, v).toByteArray())).toList();
            assertThat(encoded).containsExactly("0800", "087f", "088001", "08ac02", "08ffffffffffffffff7f",
                    "08ffffffffffffffffff01");
            assertThat(HexFormat.of().formatHex(new Protobuf().varint(20, 2).toByteArray()))
                    .as("a field number above 15 takes a two-byte key").isEqualTo("a00102");
        }
    }
}
