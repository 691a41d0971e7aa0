package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Layer;
import io.github.micrograd4j.nn.MLP;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Saves and loads an {@link MLP}'s parameters in the safetensors format (Hugging Face's, which PyTorch reads and
 * writes through the {@code safetensors} package), under the names and shapes of the equivalent PyTorch
 * {@code nn.Sequential}, so that weights move between this library and PyTorch in either direction:
 *
 * <pre>
 * # PyTorch, with the module that {@link #pytorchSequential(MLP)} returns (here for the moons model)
 * model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)).double()
 * model.load_state_dict(safetensors.torch.load_file("moons.safetensors"))
 * safetensors.torch.save_file(model.state_dict(), "back.safetensors")    # and Safetensors.load reads it
 * </pre>
 *
 * <p>The names and shapes: that {@code nn.Sequential} has one {@code nn.Linear} per layer, each followed by
 * one activation module ({@code nn.ReLU()}, {@code nn.Tanh()}, {@code nn.Sigmoid()}, or {@code nn.Identity()}
 * for a linear hidden layer; a linear last layer has none). Layer {@code i} (from 0) is therefore module
 * {@code k = 2i}, and its tensors are
 * <ul>
 * <li>{@code k.weight}, shape {@code [nout, nin]}: row {@code j} holds neuron {@code j}'s weights
 *     {@code w_0 ... w_(nin-1)};</li>
 * <li>{@code k.bias}, shape {@code [nout]}: element {@code j} is neuron {@code j}'s bias.</li>
 * </ul>
 * For micrograd's 2-16-16-1 model: {@code 0.weight [16, 2]}, {@code 0.bias [16]}, {@code 2.weight [16, 16]},
 * {@code 2.bias [16]}, {@code 4.weight [1, 16]}, {@code 4.bias [1]}. The activations are not stored (a
 * {@code state_dict} has none either): the model that loads a file supplies them.
 *
 * <p>The file (the format's specification): 8 bytes, the length {@code n} of the header as an unsigned
 * little-endian 64-bit integer; {@code n} bytes of UTF-8 JSON, an object that maps each tensor's name to
 * {@code {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}} (the offsets count bytes from the end of
 * the header), with an optional {@code "__metadata__"} object of strings; then the tensors' bytes, little-endian,
 * row-major, one after the other with no gap. {@link #save} writes {@code F64} tensors (the parameters bit for
 * bit; PyTorch's {@code load_state_dict} converts them to a {@code float32} model's dtype), ordered by name and
 * with the header padded with spaces to a multiple of 8 bytes, as the reference implementation writes them.
 * {@link #load} reads {@code F64} and {@code F32} tensors, in any order.
 */
public final class Safetensors {

    /** The largest header {@link #load} reads, in bytes, the reference implementation's limit: {@value}. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** One tensor of a file: where its bytes are, relative to the end of the header. */
    record Tensor(String name, String dtype, long[] shape, long begin, long end) {
        int elementSize() {
            return dtype.equals("F64") ? Double.BYTES : Float.BYTES;
        }
    }

    /**
     * Writes the model's parameters as {@code F64} tensors under {@code nn.Sequential}'s names (see the class
     * description), replacing {@code file} atomically as {@link ModelFile#save(MLP, Path)} does.
     *
     * @param model the model, with its parameters as they are now
     * @param file  where to write, conventionally {@code *.safetensors}
     * @throws IOException          if the file cannot be written
     * @throws NullPointerException if an argument is null
     */
    public static void save(MLP model, Path file) throws IOException {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(file, "file == null");
        byte[] bytes = toBytes(model);
        ModelFile.writeAtomically(file, out -> out.write(bytes));
    }

    /** Returns the bytes of {@link #save}'s file. */
    static byte[] toBytes(MLP model) {
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            values.put(weightName(i), Layers.weights(layer));
            shapes.put(weightName(i), new long[] {layer.nout(), layer.nin()});
            values.put(biasName(i), Layers.biases(layer));
            shapes.put(biasName(i), new long[] {layer.nout()});
        }
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.naturalOrder());                 // the reference's order: by dtype (all F64), then name
        StringJoiner header = new StringJoiner(",", "{", "}");
        long begin = 0;
        for (String name : names) {
            long end = begin + (long) values.get(name).length * Double.BYTES;
            header.add(quote(name) + ":{\"dtype\":\"F64\",\"shape\":" + json(shapes.get(name))
                    + ",\"data_offsets\":[" + begin + "," + end + "]}");
            begin = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;                // the tensors start 8-byte aligned in the file
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + begin)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (String name : names) {
            for (double v : values.get(name)) {
                out.putDouble(v);
            }
        }
        return out.array();
    }

    /**
     * Replaces the model's parameters with the tensors of a safetensors file, which must hold exactly this
     * model's tensors ({@code k.weight} and {@code k.bias} for each layer, see the class description), each
     * {@code F64} or {@code F32} and of the layer's shape. The whole file is read and checked first: on any error
     * the model is unchanged. An {@code F32} value becomes the double of exactly that value.
     *
     * @param model the model whose parameters are replaced
     * @param file  a safetensors file, such as one that PyTorch's {@code safetensors.torch.save_file} wrote
     * @throws IOException          if the file cannot be read or is refused; the message names the file and, where
     *                              there is one, the tensor: a file or header shorter than announced
     *                              ({@code "truncated: ..."}), a header that is not UTF-8 JSON of the format's
     *                              shape, a dtype other than {@code F64} and {@code F32}, offsets that do not
     *                              match the shape and dtype or do not cover the data exactly, a missing or an
     *                              extra tensor, a tensor of another shape than the model's layer
     * @throws NullPointerException if an argument is null
     */
    public static void load(MLP model, Path file) throws IOException {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(file, "file == null");
        byte[] bytes = Files.readAllBytes(file);
        double[] values;
        try {
            values = parameters(model, read(bytes), bytes);
        } catch (FormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        model.setParameterValues(values);
    }

    /**
     * Returns the Python expression of the PyTorch module whose {@code state_dict} has this model's names and
     * shapes, in {@code float64}, such as {@code nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1)).double()}
     * (with {@code from torch import nn}).
     *
     * @param model the model
     * @return the module, as Python source
     * @throws NullPointerException if {@code model} is null
     */
    public static String pytorchSequential(MLP model) {
        Objects.requireNonNull(model, "model == null");
        StringJoiner modules = new StringJoiner(", ", "nn.Sequential(", ").double()");
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            modules.add("nn.Linear(" + layer.nin() + ", " + layer.nout() + ")");
            boolean last = i == layers.size() - 1;
            switch (layer.activation()) {
                case RELU -> modules.add("nn.ReLU()");
                case TANH -> modules.add("nn.Tanh()");
                case SIGMOID -> modules.add("nn.Sigmoid()");
                case LINEAR -> {
                    if (!last) {
                        modules.add("nn.Identity()");
                    }
                }
            }
        }
        return modules.toString();
    }

    static String weightName(int layer) {
        return 2 * layer + ".weight";
    }

    static String biasName(int layer) {
        return 2 * layer + ".bias";
    }

    /** Returns the model's parameters, in {@link MLP#parameters()} order, from the checked tensors of a file. */
    private static double[] parameters(MLP model, Map<String, Tensor> tensors, byte[] bytes) throws FormatException {
        List<Layer> layers = model.layers();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            expected.add(weightName(i));
            expected.add(biasName(i));
        }
        for (String name : expected) {
            if (!tensors.containsKey(name)) {
                throw new FormatException("tensor '" + name + "' is missing; this model's tensors are "
                        + String.join(", ", expected));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.contains(name)) {
                throw new FormatException("unexpected tensor '" + name + "'; this model's tensors are "
                        + String.join(", ", expected));
            }
        }
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long start = 8 + data.getLong(0);                        // checked by read(): small and within the file
        double[] values = new double[model.parameters().size()];
        int offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            int nin = layers.get(i).nin();
            int nout = layers.get(i).nout();
            Tensor weight = checkShape(tensors.get(weightName(i)), i, nout, nin);
            Tensor bias = checkShape(tensors.get(biasName(i)), i, nout);
            for (int j = 0; j < nout; j++) {
                for (int w = 0; w < nin; w++) {
                    values[offset++] = element(data, start, weight, j * nin + w);
                }
                values[offset++] = element(data, start, bias, j);
            }
        }
        return values;
    }

    private static Tensor checkShape(Tensor t, int layer, long... shape) throws FormatException {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new FormatException("tensor '" + t.name() + "' has shape " + Arrays.toString(t.shape())
                    + ", but this model's layer " + layer + " needs " + Arrays.toString(shape)
                    + (shape.length == 2 ? " ([out, in])" : " ([out])"));
        }
        return t;
    }

    private static double element(ByteBuffer data, long start, Tensor t, int index) {
        int at = Math.toIntExact(start + t.begin() + (long) index * t.elementSize());
        return t.dtype().equals("F64") ? data.getDouble(at) : data.getFloat(at);
    }

    /**
     * Reads and checks a file's header: its length, its JSON, each tensor's dtype and shape against its offsets,
     * and that the offsets cover the data after the header exactly, with no gap and no overlap. Returns the
     * tensors by name, in the header's order.
     */
    static Map<String, Tensor> read(byte[] bytes) throws FormatException {
        if (bytes.length < 8) {
            throw new FormatException("truncated: " + bytes.length + " bytes, fewer than the 8 of the header length");
        }
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new FormatException("the header length " + Long.toUnsignedString(n) + " is over the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n > bytes.length - 8) {
            throw new FormatException("truncated: the header length is " + n + " bytes, but only "
                    + (bytes.length - 8) + " follow");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("the header is not UTF-8");
        }
        Map<String, Tensor> tensors = new HeaderParser(text).parse();
        long dataLength = bytes.length - 8 - n;
        List<Tensor> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expectedBegin = 0;
        for (Tensor t : byOffset) {
            long size;
            try {
                long elements = 1;
                for (long d : t.shape()) {
                    elements = Math.multiplyExact(elements, d);
                }
                size = Math.multiplyExact(elements, t.elementSize());
            } catch (ArithmeticException e) {
                throw new FormatException("tensor '" + t.name() + "': shape " + Arrays.toString(t.shape())
                        + " is too large");
            }
            if (t.end() < t.begin() || t.end() - t.begin() != size) {
                throw new FormatException("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] do not hold its " + t.dtype() + " shape " + Arrays.toString(t.shape()) + ", which takes "
                        + size + " bytes");
            }
            if (t.begin() != expectedBegin) {
                throw new FormatException("tensor '" + t.name() + "': data_offsets [" + t.begin() + ", " + t.end()
                        + "] " + (t.begin() < expectedBegin ? "overlap the tensor before them" : "leave a gap after the "
                        + "tensor before them") + ", which ends at " + expectedBegin);
            }
            expectedBegin = t.end();
        }
        if (expectedBegin > dataLength) {
            throw new FormatException("truncated: the tensors need " + expectedBegin + " bytes after the header, but "
                    + "only " + dataLength + " follow");
        }
        if (expectedBegin < dataLength) {
            throw new FormatException((dataLength - expectedBegin) + " bytes after the last tensor (which ends at "
                    + expectedBegin + ") belong to no tensor");
        }
        return tensors;
    }

    private static String json(long[] shape) {
        StringJoiner s = new StringJoiner(",", "[", "]");
        for (long d : shape) {
            s.add(Long.toString(d));
        }
        return s.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A file that breaks the format or does not fit the model; {@link #load} adds the file's name. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /**
     * Reads the header's JSON, which has one shape: an object whose values are tensor descriptions
     * ({@code {"dtype": string, "shape": [integers], "data_offsets": [integer, integer]}}) or, under
     * {@code "__metadata__"}, an object of strings. Nothing nests deeper, so the parser is a few loops.
     */
    private static final class HeaderParser {
        private final CharBuffer text;

        HeaderParser(String text) {
            this.text = CharBuffer.wrap(text);
        }

        Map<String, Tensor> parse() throws FormatException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            boolean metadata = false;
            expect('{');
            if (!peekIs('}')) {
                do {
                    String name = string("a tensor's name");
                    expect(':');
                    if (name.equals(METADATA)) {
                        if (metadata) {
                            throw error("'" + METADATA + "' appears twice");
                        }
                        metadata = true;
                        metadata();
                    } else {
                        if (tensors.containsKey(name)) {
                            throw error("tensor '" + name + "' appears twice");
                        }
                        tensors.put(name, tensor(name));
                    }
                } while (comma('}'));
            }
            expect('}');
            skipWhitespace();
            if (text.hasRemaining()) {
                throw error("unexpected '" + text.get(text.position()) + "' after the header's object");
            }
            return tensors;
        }

        private void metadata() throws FormatException {
            expect('{');
            if (!peekIs('}')) {
                do {
                    string("a metadata key");
                    expect(':');
                    string("a metadata value (a string)");
                } while (comma('}'));
            }
            expect('}');
        }

        private Tensor tensor(String name) throws FormatException {
            String dtype = null;
            long[] shape = null;
            long[] offsets = null;
            expect('{');
            if (!peekIs('}')) {
                do {
                    String key = string("'dtype', 'shape' or 'data_offsets'");
                    expect(':');
                    boolean repeated;
                    switch (key) {
                        case "dtype" -> {
                            repeated = dtype != null;
                            dtype = string("tensor '" + name + "''s dtype");
                        }
                        case "shape" -> {
                            repeated = shape != null;
                            shape = integers();
                        }
                        case "data_offsets" -> {
                            repeated = offsets != null;
                            offsets = integers();
                        }
                        default -> throw error("tensor '" + name + "': unknown key '" + key
                                + "' (expected dtype, shape and data_offsets)");
                    }
                    if (repeated) {
                        throw error("tensor '" + name + "': '" + key + "' appears twice");
                    }
                } while (comma('}'));
            }
            expect('}');
            if (dtype == null || shape == null || offsets == null) {
                throw error("tensor '" + name + "' lacks " + (dtype == null ? "'dtype'" : shape == null ? "'shape'"
                        : "'data_offsets'"));
            }
            if (!dtype.equals("F64") && !dtype.equals("F32")) {
                throw new FormatException("tensor '" + name + "': dtype " + dtype + " is not supported (F64 or F32)");
            }
            if (offsets.length != 2) {
                throw new FormatException("tensor '" + name + "': data_offsets has " + offsets.length
                        + " numbers, not 2 ([begin, end])");
            }
            return new Tensor(name, dtype, shape, offsets[0], offsets[1]);
        }

        /** An array of non-negative integers. */
        private long[] integers() throws FormatException {
            expect('[');
            long[] values = new long[0];
            if (!peekIs(']')) {
                do {
                    values = Arrays.copyOf(values, values.length + 1);
                    values[values.length - 1] = integer();
                } while (comma(']'));
            }
            expect(']');
            return values;
        }

        private long integer() throws FormatException {
            skipWhitespace();
            int from = text.position();
            while (text.hasRemaining() && text.get(text.position()) >= '0' && text.get(text.position()) <= '9') {
                text.get();
            }
            String digits = text.duplicate().position(from).limit(text.position()).toString();
            if (digits.isEmpty() || (digits.length() > 1 && digits.startsWith("0"))) {
                throw error("expected a non-negative integer");
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("the integer " + digits + " is too large");
            }
        }

        private String string(String what) throws FormatException {
            skipWhitespace();
            if (!text.hasRemaining() || text.get(text.position()) != '"') {
                throw error("expected " + what);
            }
            text.get();
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (!text.hasRemaining()) {
                    throw error("a string is not closed");
                }
                char c = text.get();
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("a control character in a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (!text.hasRemaining()) {
                    throw error("a string is not closed");
                }
                char e = text.get();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (text.remaining() < 4) {
                            throw error("a \\u escape needs 4 hex digits");
                        }
                        String hex = text.subSequence(0, 4).toString();
                        text.position(text.position() + 4);
                        try {
                            sb.append((char) Integer.parseInt(hex, 16));
                        } catch (NumberFormatException x) {
                            throw error("'\\u" + hex + "' is not a \\u escape");
                        }
                    }
                    default -> throw error("'\\" + e + "' is not a JSON escape");
                }
            }
        }

        /** Reads a ',' (true: another item follows) or sees the closing {@code close} (false). */
        private boolean comma(char close) throws FormatException {
            skipWhitespace();
            if (text.hasRemaining() && text.get(text.position()) == ',') {
                text.get();
                return true;
            }
            if (text.hasRemaining() && text.get(text.position()) == close) {
                return false;
            }
            throw error("expected ',' or '" + close + "'");
        }

        private boolean peekIs(char c) {
            skipWhitespace();
            return text.hasRemaining() && text.get(text.position()) == c;
        }

        private void expect(char c) throws FormatException {
            skipWhitespace();
            if (!text.hasRemaining() || text.get(text.position()) != c) {
                throw error("expected '" + c + "'");
            }
            text.get();
        }

        private void skipWhitespace() {
            while (text.hasRemaining() && " \t\n\r".indexOf(text.get(text.position())) >= 0) {
                text.get();
            }
        }

        private FormatException error(String message) {
            String found = text.hasRemaining() ? "'" + text.get(text.position()) + "'" : "the end";
            return new FormatException("header: " + message + " at character " + text.position() + " (found "
                    + found + ")");
        }
    }
}
