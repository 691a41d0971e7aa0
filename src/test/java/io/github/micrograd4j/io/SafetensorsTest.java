package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.io.Safetensors.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Safetensors: PyTorch's names and shapes, read to the bit, and every bad file refused")
class SafetensorsTest {

    /** The fixtures that refdata/safetensors/make.py wrote with PyTorch (see that script). */
    static final Path FIXTURES = Path.of("src/test/resources/refdata/safetensors");

    @TempDir
    Path dir;

    static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The fixtures' module: Sequential(Linear(3, 4), Tanh(), Linear(4, 4), Tanh(), Linear(4, 2)). */
    static MLP tanh3442() {
        return new MLP(3, new int[] {4, 4, 2}, Activation.TANH, Activation.LINEAR, Init.UNIFORM, new Random(0));
    }

    /** Returns the values of {@code prefix}'s tensors in expected.txt, in {@code parameters()} order. */
    static double[] expectedParameters(String prefix) throws IOException {
        Map<String, double[]> tensors = new java.util.HashMap<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("expected.txt"))) {
            if (line.startsWith(prefix + " ")) {
                String[] f = line.split(" ");
                String values = line.substring(line.indexOf(']') + 2);
                tensors.put(f[1], Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        double[] out = new double[tensors.values().stream().mapToInt(a -> a.length).sum()];
        int k = 0;
        int[][] shapes = {{4, 3}, {4, 4}, {2, 4}};
        for (int layer = 0; layer < 3; layer++) {
            double[] w = tensors.get(2 * layer + ".weight");
            double[] b = tensors.get(2 * layer + ".bias");
            int nout = shapes[layer][0];
            int nin = shapes[layer][1];
            for (int j = 0; j < nout; j++) {
                for (int i = 0; i < nin; i++) {
                    out[k++] = w[j * nin + i];
                }
                out[k++] = b[j];
            }
        }
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A file: the 8-byte header length, the header, the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    @Test
    @DisplayName("save then load restores every bit of every parameter, -0.0, subnormals, infinities and NaN included")
    void roundTrip() throws IOException {
        MLP model = new MLP(3, new int[] {4, 2}, Activation.TANH, Activation.SIGMOID, Init.UNIFORM_FAN_IN, new Random(7));
        double[] special = model.parameterValues();
        special[0] = -0.0;
        special[1] = Double.MIN_VALUE;
        special[2] = Double.MAX_VALUE;
        special[3] = Double.NEGATIVE_INFINITY;
        special[4] = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        special[5] = 0.1 + 0.2;
        model.setParameterValues(special);
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(model, file);

        MLP other = new MLP(3, new int[] {4, 2}, Activation.TANH, Activation.SIGMOID, Init.UNIFORM_FAN_IN, new Random(8));
        Safetensors.load(other, file);
        assertThat(bits(other.parameterValues())).containsExactly(bits(special));
    }

    @Test
    @DisplayName("the file: header length, compact JSON padded to 8 bytes, tensors by name, [out, in] rows of F64")
    void layout() throws IOException {
        MLP model = new MLP(new Random(1), 2, 3, 1);
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},"
                + "\"0.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":[24,72]},"
                + "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[72,80]},"
                + "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,3],\"data_offsets\":[80,104]}}       ");
        assertThat(header.strip()).hasSize(249);
        assertThat(n % 8).as("the header is padded so that the data starts 8-byte aligned").isZero();
        assertThat(bytes).hasSize((int) (8 + n + 104));
        int data = (int) (8 + n);
        List<Value> p = model.parameters();
        // neuron j of layer 0 has parameters 3j, 3j+1 (weights) and 3j+2 (bias)
        assertThat(b.getDouble(data + 8)).as("0.bias[1]").isEqualTo(p.get(5).data());
        assertThat(b.getDouble(data + 24 + 8 * (2 * 2 + 1))).as("0.weight[2][1]").isEqualTo(p.get(7).data());
        assertThat(b.getDouble(data + 72)).as("2.bias[0]").isEqualTo(p.get(12).data());
        assertThat(b.getDouble(data + 80 + 16)).as("2.weight[0][2]").isEqualTo(p.get(11).data());
    }

    @Test
    @DisplayName("PyTorch's float64 state_dict (the fixture) is read to the bit, and the model computes what PyTorch did")
    void pytorchF64() throws IOException {
        MLP model = tanh3442();
        Safetensors.load(model, FIXTURES.resolve("tanh-3-4-4-2.f64.safetensors"));
        assertThat(bits(model.parameterValues())).containsExactly(bits(expectedParameters("f64")));
        int checked = 0;
        for (String line : Files.readAllLines(FIXTURES.resolve("expected.txt"))) {
            if (line.startsWith("input ")) {
                String[] io = line.substring(6).split(" -> ");
                double[] x = Arrays.stream(io[0].split(" ")).mapToDouble(Double::parseDouble).toArray();
                double[] y = Arrays.stream(io[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
                List<Value> out = model.apply(x);
                assertThat(out.get(0).data()).as(line).isCloseTo(y[0], within(1e-15));
                assertThat(out.get(1).data()).as(line).isCloseTo(y[1], within(1e-15));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    @DisplayName("PyTorch's float32 state_dict with __metadata__ is read exactly: each value the double of its float")
    void pytorchF32() throws IOException {
        MLP model = tanh3442();
        Safetensors.load(model, FIXTURES.resolve("tanh-3-4-4-2.f32.safetensors"));
        double[] expected = expectedParameters("f32");
        assertThat(bits(model.parameterValues())).containsExactly(bits(expected));
        for (double v : expected) {
            assertThat((double) (float) v).isEqualTo(v);
        }
    }

    @Test
    @DisplayName("save() writes the bytes the reference implementation's layout gives the same tensors: the fixture itself")
    void sameBytesAsTheFixture() throws IOException {
        MLP model = tanh3442();
        Path fixture = FIXTURES.resolve("tanh-3-4-4-2.f64.safetensors");
        Safetensors.load(model, fixture);
        Path file = dir.resolve("again.safetensors");
        Safetensors.save(model, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(fixture));
    }

    @Test
    @DisplayName("the reference implementation's own test vectors (safetensors/src/tensor.rs) are read")
    void referenceVectors() throws Exception {
        // test_serialization: {"attn.0": F32 [1, 2, 3] = 0, 1, 2, 3, 4, 5}, as the Rust crate serializes it
        byte[] serialized = bytes(64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
                116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
                58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
                101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
                0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64);
        Map<String, Tensor> tensors = Safetensors.read(serialized);
        assertThat(tensors).containsOnlyKeys("attn.0");
        Tensor t = tensors.get("attn.0");
        assertThat(t.dtype()).isEqualTo("F32");
        assertThat(t.shape()).containsExactly(1, 2, 3);
        assertThat(new long[] {t.begin(), t.end()}).containsExactly(0, 24);
        ByteBuffer data = ByteBuffer.wrap(serialized, 72, 24).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {data.getFloat(0), data.getFloat(4), data.getFloat(20)}).containsExactly(0f, 1f, 5f);
        // test_empty: no tensor, {"framework": "pt"} as metadata, the header padded with spaces
        byte[] empty = bytes(40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
                95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
                116, 34, 125, 125, 32, 32, 32, 32, 32);
        assertThat(Safetensors.read(empty)).isEmpty();
    }

    @Test
    @DisplayName("pytorchSequential names the module that has the file's names and shapes")
    void pytorchSequential() {
        assertThat(Safetensors.pytorchSequential(new MLP(new Random(1), 2, 16, 16, 1))).isEqualTo(
                "nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)).double()");
        assertThat(Safetensors.pytorchSequential(TestModels.mlp(3, new int[] {4, 5, 2},
                new Activation[] {Activation.LINEAR, Activation.TANH, Activation.SIGMOID}))).isEqualTo(
                "nn.Sequential(nn.Linear(3, 4), nn.Identity(), nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2), "
                        + "nn.Sigmoid()).double()");
    }

    @Test
    @DisplayName("null arguments are refused by name")
    void nulls() {
        Path file = dir.resolve("m.safetensors");
        assertThatThrownBy(() -> Safetensors.save(null, file)).hasMessage("model == null");
        assertThatThrownBy(() -> Safetensors.save(new MLP(1, 1), null)).hasMessage("file == null");
        assertThatThrownBy(() -> Safetensors.load(null, file)).hasMessage("model == null");
        assertThatThrownBy(() -> Safetensors.load(new MLP(1, 1), null)).hasMessage("file == null");
        assertThatThrownBy(() -> Safetensors.pytorchSequential(null)).hasMessage("model == null");
    }

    @Nested
    @DisplayName("A bad file is refused with a message naming the problem, and the model is unchanged")
    class Refusals {

        /** A 2-3-1 model and its file, parameters all different from {@link #model()}'s. */
        MLP model() {
            return new MLP(new Random(11), 2, 3, 1);
        }

        /** Asserts that loading {@code bytes} into a 2-3-1 model fails with {@code message} and changes nothing. */
        void refused(byte[] bytes, String... message) throws IOException {
            Path file = dir.resolve("bad.safetensors");
            Files.write(file, bytes);
            MLP model = model();
            long[] before = bits(model.parameterValues());
            assertThatThrownBy(() -> Safetensors.load(model, file)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(file + ": ").hasMessageContainingAll(message);
            assertThat(bits(model.parameterValues())).as("the model is unchanged").containsExactly(before);
        }

        byte[] good() throws IOException {
            Path file = dir.resolve("good.safetensors");
            Safetensors.save(new MLP(new Random(12), 2, 3, 1), file);
            return Files.readAllBytes(file);
        }

        /** The good file's header, as text, and its data. */
        String header() throws IOException {
            byte[] g = good();
            return new String(g, 8, (int) ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                    StandardCharsets.UTF_8).strip();
        }

        byte[] data() throws IOException {
            byte[] g = good();
            return Arrays.copyOfRange(g, g.length - 104, g.length);
        }

        @Test
        @DisplayName("a good file loads (the control for the cases below)")
        void control() throws IOException {
            Path file = dir.resolve("ok.safetensors");
            Files.write(file, file(header(), data()));
            MLP model = model();
            Safetensors.load(model, file);
            MLP saved = new MLP(new Random(12), 2, 3, 1);
            assertThat(bits(model.parameterValues())).containsExactly(bits(saved.parameterValues()));
        }

        @Test
        @DisplayName("a truncated file, cut anywhere: every length from 0 to one byte short")
        void truncatedAnywhere() throws IOException {
            byte[] g = good();
            for (int length = 0; length < g.length; length++) {
                refused(Arrays.copyOf(g, length), "truncated");
            }
        }

        @Test
        @DisplayName("the messages of a truncated file say what is missing")
        void truncatedMessages() throws IOException {
            byte[] g = good();
            refused(Arrays.copyOf(g, 5), "truncated: 5 bytes, fewer than the 8 of the header length");
            refused(Arrays.copyOf(g, 20), "truncated: the header length is 256 bytes, but only 12 follow");
            refused(Arrays.copyOf(g, g.length - 1), "truncated: the tensors need 104 bytes after the header, but only 103 follow");
        }

        @Test
        @DisplayName("a missing tensor and an extra tensor are named")
        void missingOrExtra() throws IOException {
            String h = header();
            refused(file(h.replace("\"2.bias\"", "\"2.bios\""), data()),
                    "tensor '2.bias' is missing; this model's tensors are 0.weight, 0.bias, 2.weight, 2.bias");
            String extra = h.substring(0, h.length() - 1) + ",\"4.weight\":{\"dtype\":\"F64\",\"shape\":[1],"
                    + "\"data_offsets\":[104,112]}}";
            refused(file(extra, Arrays.copyOf(data(), 112)), "unexpected tensor '4.weight'");
        }

        @Test
        @DisplayName("a wrong shape (a transposed weight) and another model's file name the tensor and both shapes")
        void wrongShape() throws IOException {
            refused(file(header().replace("[3,2]", "[2,3]"), data()),
                    "tensor '0.weight' has shape [2, 3], but this model's layer 0 needs [3, 2] ([out, in])");
            refused(file(header().replace("\"shape\":[1],", "\"shape\":[1,1],"), data()),
                    "tensor '2.bias' has shape [1, 1], but this model's layer 1 needs [1] ([out])");
            Path other = dir.resolve("other.safetensors");
            Safetensors.save(new MLP(new Random(1), 2, 4, 1), other);
            refused(Files.readAllBytes(other), "tensor '0.weight' has shape [4, 2], but this model's layer 0 needs [3, 2] ([out, in])");
        }

        @Test
        @DisplayName("an unsupported dtype is named, with the tensor")
        void wrongDtype() throws IOException {
            String h = header();
            String f16 = h.replace("\"0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}",
                    "\"0.bias\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,24]}");
            assertThat(f16).isNotEqualTo(h);
            refused(file(f16, data()), "tensor '0.bias': dtype F16 is not supported (F64 or F32)");
            refused(file(h.replace("\"dtype\":\"F64\",\"shape\":[1,3]", "\"dtype\":\"I64\",\"shape\":[1,3]"), data()),
                    "tensor '2.weight': dtype I64 is not supported");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "offsets too short for the shape | [0,24] | [0,16] | tensor '0.bias': data_offsets [0, 16] do not hold its F64 shape [3], which takes 24 bytes",
            "end before begin | [24,72] | [72,24] | tensor '0.weight': data_offsets [72, 24] do not hold",
            "two tensors overlap | [72,80] | [64,72] | data_offsets [64, 72] overlap the tensor before them",
            "a gap between tensors | [80,104] | [88,112] | tensor '2.weight': data_offsets [88, 112] leave a gap after the tensor before them, which ends at 80",
            "an F32 tensor where the bytes of F64 are | \"F64\",\"shape\":[3] | \"F32\",\"shape\":[3] | tensor '0.bias': data_offsets [0, 24] do not hold its F32 shape [3], which takes 12 bytes",
        })
        @DisplayName("a header that lies about the offsets")
        void lyingOffsets(String what, String from, String to, String message) throws IOException {
            String h = header();
            assertThat(h).contains(from);
            refused(file(h.replace(from, to), data()), message);
        }

        @Test
        @DisplayName("bytes after the last tensor, and a header length past the end or over the limit")
        void lengths() throws IOException {
            refused(file(header(), Arrays.copyOf(data(), 110)), "6 bytes after the last tensor (which ends at 104) belong to no tensor");
            byte[] huge = good();
            ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
            refused(huge, "the header length 100000001 is over the limit of 100000000 bytes");
            ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
            refused(huge, "the header length 18446744073709551615 is over the limit");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not an object | [] | header: expected '{' at character 0 (found '[')",
            "trailing text | {} x | header: unexpected 'x' after the header's object at character 3",
            "an unclosed object | {\"0.bias\":{\"dtype\":\"F64\" | header: expected ',' or '}' at character 24 (found the end)",
            "a number for a name | {1:{}} | header: expected a tensor's name at character 1",
            "a negative offset | {\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[-8,0]}} | header: expected a non-negative integer at character 48 (found '-')",
            "a fraction in a shape | {\"a\":{\"dtype\":\"F64\",\"shape\":[1.5],\"data_offsets\":[0,8]}} | header: expected ',' or ']' at character 30 (found '.')",
            "an unknown key | {\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"offsets\":[0,8]}} | header: tensor 'a': unknown key 'offsets' (expected dtype, shape and data_offsets)",
            "a missing key | {\"a\":{\"dtype\":\"F64\",\"shape\":[1]}} | header: tensor 'a' lacks 'data_offsets'",
            "a repeated key | {\"a\":{\"dtype\":\"F64\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}} | header: tensor 'a': 'dtype' appears twice",
            "a repeated tensor | {\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"a\":{} } | header: tensor 'a' appears twice",
            "three offsets | {\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8,8]}} | tensor 'a': data_offsets has 3 numbers, not 2 ([begin, end])",
            "a number as metadata | {\"__metadata__\":{\"format\":1}} | header: expected a metadata value (a string) at character 26",
            "a bad escape | {\"\\q\":{}} | header: '\\q' is not a JSON escape",
            "an integer past 2^63 | {\"a\":{\"dtype\":\"F64\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}} | header: the integer 99999999999999999999 is too large",
            "a shape too large | {\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}} | tensor 'a': shape [4294967296, 4294967296] is too large",
        })
        @DisplayName("a header that is not the format's JSON")
        void badJson(String what, String header, String message) throws IOException {
            refused(file(header, new byte[8]), message);
        }

        @Test
        @DisplayName("a header that is not UTF-8")
        void notUtf8() throws IOException {
            byte[] bad = file("{\"ab\":{}}", new byte[0]);
            bad[10] = (byte) 0xC3;   // the start of a two-byte sequence, followed by 'b'
            refused(bad, "the header is not UTF-8");
        }

        @Test
        @DisplayName("whitespace, escapes and metadata in the header are read as JSON allows")
        void lenientJson() throws Exception {
            String h = header().replace("{\"0.bias\"", "{ \"__metadata__\" : { \"format\" : \"pt\", \"note\" : "
                    + "\"caf\\u00e9 \\\"x\\\"\\n\" } ,\n  \"0.b\\u0069as\"").replace(",", " ,\t").replace(":", " : ");
            Path file = dir.resolve("spaces.safetensors");
            Files.write(file, file(h + "\n   ", data()));
            MLP model = model();
            Safetensors.load(model, file);
            assertThat(bits(model.parameterValues())).containsExactly(bits(new MLP(new Random(12), 2, 3, 1).parameterValues()));
        }
    }
}
