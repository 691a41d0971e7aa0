package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Layer;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.engine.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Saves an {@link MLP} to micrograd4j's own text file, architecture and parameters, and loads it back, bit for bit.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * ModelFile.save(model, Path.of("moons.mlp"));
 * MLP copy = ModelFile.load(Path.of("moons.mlp"));             // a new model, equal to the bit
 * ModelFile.load(model, Path.of("moons.mlp"));                 // or into a model of the same architecture
 * }</pre>
 *
 * The file is written atomically: the new content goes to a temporary file in the same directory that is then
 * moved over the target, so a crash never leaves a half-written model behind. Its format (UTF-8, one item a line):
 *
 * <pre>
 * micrograd4j-mlp 1
 * nin 2
 * layer 16 RELU
 * layer 16 RELU
 * layer 1 LINEAR
 * parameters 337
 * 0.2364471982489339
 * ...                        (one per parameter, in parameters() order, Double.toString)
 * end
 * crc32 1c291ca3             (CRC-32 of all the bytes above, 8 hex digits)
 * </pre>
 *
 * Values round-trip bit for bit, including -0.0, subnormals and infinities. {@link Safetensors} and {@link Onnx}
 * have the same verbs for their formats.
 */
public final class ModelFile {

    static final String MAGIC = "micrograd4j-mlp 1";

    private ModelFile() {
    }

    /**
     * Writes a model's architecture and every parameter to {@code file}, replacing it atomically.
     *
     * @param model the model
     * @param file  where to write
     * @throws IOException          if the file cannot be written
     * @throws NullPointerException if an argument is null
     */
    public static void save(MLP model, Path file) throws IOException {
        java.util.Objects.requireNonNull(model, "model == null");
        java.util.Objects.requireNonNull(file, "file == null");
        write(model, file);
    }

    /**
     * Reads a model written by {@link #save}, with its architecture and parameters.
     *
     * @param file the model file
     * @return a new model equal, bit for bit, to the one saved
     * @throws IOException          if the file cannot be read, or is truncated, malformed or corrupted (the message
     *                              says which line and why, or that the checksum does not match)
     * @throws NullPointerException if {@code file} is null
     */
    public static MLP load(Path file) throws IOException {
        java.util.Objects.requireNonNull(file, "file == null");
        Contents m = read(file);
        List<Layer> layers = new ArrayList<>();
        int in = m.nin();
        for (int i = 0; i < m.nouts().length; i++) {
            layers.add(new Layer(in, m.nouts()[i], m.activations()[i], Init.UNIFORM, new Random(0)));
            in = m.nouts()[i];
        }
        MLP model = new MLP(layers);
        model.setParameterValues(m.values());
        return model;
    }

    /**
     * Replaces a model's parameters with those saved in {@code file}, which must hold the same architecture. The
     * file is read and checked in full first: on any error the model is unchanged.
     *
     * @param model the model to load into
     * @param file  the model file
     * @throws IOException          if the file cannot be read, is truncated, malformed or corrupted, or holds another
     *                              architecture
     * @throws NullPointerException if an argument is null
     */
    public static void load(MLP model, Path file) throws IOException {
        java.util.Objects.requireNonNull(model, "model == null");
        java.util.Objects.requireNonNull(file, "file == null");
        Contents m = read(file);
        String expected = architecture(model);
        String found = m.architecture();
        if (!expected.equals(found)) {
            throw new IOException(file + ": architecture " + found + " does not match this model's " + expected);
        }
        model.setParameterValues(m.values());
    }

    /** What a file holds. */
    private record Contents(int nin, int[] nouts, Activation[] activations, double[] values) {
        String architecture() {
            return describe(nin, nouts, activations);
        }
    }





    static String architecture(MLP model) {
        List<Layer> layers = model.layers();
        int[] nouts = layers.stream().mapToInt(Layer::nout).toArray();
        Activation[] acts = layers.stream().map(Layer::activation).toArray(Activation[]::new);
        return describe(model.nin(), nouts, acts);
    }



    private static String describe(int nin, int[] nouts, Activation[] activations) {
        StringBuilder sb = new StringBuilder("[nin ").append(nin);
        for (int i = 0; i < nouts.length; i++) {
            sb.append(", ").append(nouts[i]).append(' ').append(activations[i]);
        }
        return sb.append(']').toString();
    }

    private static void write(MLP model, Path file) throws IOException {
        StringBuilder text = new StringBuilder(MAGIC).append('\n');
        text.append("nin ").append(model.nin()).append('\n');
        for (Layer layer : model.layers()) {
            text.append("layer ").append(layer.nout()).append(' ').append(layer.activation().name()).append('\n');
        }
        double[] values = model.parameterValues();
        text.append("parameters ").append(values.length).append('\n');
        for (double v : values) {
            text.append(v).append('\n');
        }
        byte[] body = text.append("end\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] checksum = String.format("crc32 %08x\n", crc32(body, body.length)).getBytes(StandardCharsets.US_ASCII);
        writeAtomically(file, out -> {
            out.write(body);
            out.write(checksum);
        });
    }

    /**
     * Writes what {@code content} produces to a temporary file beside {@code file}, then moves it over. The
     * result has the permissions a save in place would give: on a POSIX file system an existing file's mode is
     * kept (a read-only file too: the temporary file is writable by its owner while it is written, then takes
     * the old mode exactly), and a new file gets the default mode of a newly created file (0666 less the umask),
     * not the owner-only mode of {@link Files#createTempFile}.
     */
    static void writeAtomically(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = createSibling(absolute);
        try {
            Set<PosixFilePermission> mode = Files.exists(absolute) && supportsPosix(tmp)
                    ? Files.getPosixFilePermissions(absolute) : null;
            if (mode != null) {                                      // no wider than the old file while written
                Set<PosixFilePermission> writable = EnumSet.of(PosixFilePermission.OWNER_WRITE);
                writable.addAll(mode);
                Files.setPosixFilePermissions(tmp, writable);
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);            // exactly the old mode, read-only included
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty file named {@code <name>.<random>.tmp} in {@code file}'s directory with the default
     * attributes of a new file (so the umask applies, as it would to {@code file} itself).
     */
    private static Path createSibling(Path file) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = file.resolveSibling(file.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static boolean supportsPosix(Path file) throws IOException {
        return Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** Something to write into a file. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static long crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        Reader r = new Reader(file, lines);
        if (!r.next("the header").equals(MAGIC)) {
            throw r.error("expected '" + MAGIC + "'");
        }
        int nin = r.positiveInt(r.field("nin"), "nin");
        int[] nouts = new int[0];
        Activation[] acts = new Activation[0];
        String line = r.next("a layer or the parameter count");
        while (line.startsWith("layer ")) {
            String[] f = line.split(" ");
            if (f.length != 3) {
                throw r.error("expected 'layer <size> <activation>'");
            }
            nouts = Arrays.copyOf(nouts, nouts.length + 1);
            acts = Arrays.copyOf(acts, acts.length + 1);
            nouts[nouts.length - 1] = r.positiveInt(f[1], "layer size");
            try {
                acts[acts.length - 1] = Activation.valueOf(f[2]);
            } catch (IllegalArgumentException e) {
                throw r.error("unknown activation '" + f[2] + "'");
            }
            line = r.next("a layer or the parameter count");
        }
        if (nouts.length == 0) {
            throw r.error("expected at least one 'layer' line");
        }
        if (!line.startsWith("parameters ")) {
            throw r.error("expected 'parameters <count>'");
        }
        int count = r.positiveInt(line.substring("parameters ".length()), "parameter count");
        long expected = 0;
        int in = nin;
        for (int n : nouts) {
            expected += (long) n * (in + 1);
            in = n;
        }
        if (count != expected) {
            throw r.error("parameter count " + count + " does not fit the layers, which have " + expected);
        }
        if (count > r.remaining()) {
            throw new IOException(file + ": truncated: " + count + " parameters announced, "
                    + r.remaining() + " lines left");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            String v = r.next("parameter " + i + " of " + count);
            try {
                values[i] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw r.error("'" + v + "' is not a number");
            }
        }
        if (!r.next("'end'").equals("end")) {
            throw r.error("expected 'end' after " + count + " parameters");
        }
        r.next("the 'crc32' line");
        int bodyLength = bodyLength(bytes);
        String tail = bodyLength < 0 ? "" : new String(bytes, bodyLength, bytes.length - bodyLength, StandardCharsets.US_ASCII);
        if (!tail.matches("crc32 [0-9a-f]{8}\n")) {
            throw r.error("expected 'crc32 <8 hex digits>' and a line break to end the file");
        }
        if (Long.parseLong(tail.substring(6, 14), 16) != crc32(bytes, bodyLength)) {
            throw new IOException(file + ": corrupted: the checksum does not match the content");
        }
        return new Contents(nin, nouts, acts, values);
    }

    /** The number of bytes before the last line that starts with "crc32 ", or -1 when there is none. */
    private static int bodyLength(byte[] bytes) {
        byte[] marker = "\ncrc32 ".getBytes(StandardCharsets.US_ASCII);
        for (int at = bytes.length - marker.length; at >= 0; at--) {
            if (Arrays.equals(bytes, at, at + marker.length, marker, 0, marker.length)) {
                return at + 1;
            }
        }
        return -1;
    }

    /** Walks the lines, keeping the line number for error messages. */
    private static final class Reader {
        private final Path file;
        private final List<String> lines;
        private int index;

        Reader(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        String next(String what) throws IOException {
            if (index >= lines.size()) {
                throw new IOException(file + ": truncated: expected " + what + " at line " + (index + 1));
            }
            return lines.get(index++).trim();
        }

        int remaining() {
            return lines.size() - index;
        }

        String field(String name) throws IOException {
            String line = next("'" + name + " ...'");
            if (!line.startsWith(name + " ")) {
                throw error("expected '" + name + " <value>'");
            }
            return line.substring(name.length() + 1);
        }

        int positiveInt(String s, String what) throws IOException {
            try {
                int n = Integer.parseInt(s.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(what + " '" + s + "' is not a positive integer");
        }

        IOException error(String message) {
            return new IOException(file + ": line " + index + ": " + message);
        }
    }
}
