package io.github.micrograd4j.nn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/** The text format of {@link MLP#save(Path)}: architecture lines, then one parameter a line, then "end". */
record ModelFile(int nin, int[] nouts, Activation[] activations, double[] values) {

    static final String MAGIC = "micrograd4j-mlp 1";

    static String architecture(MLP model) {
        List<Layer> layers = model.layers();
        int[] nouts = layers.stream().mapToInt(Layer::nout).toArray();
        Activation[] acts = layers.stream().map(Layer::activation).toArray(Activation[]::new);
        return describe(model.nin(), nouts, acts);
    }

    String architecture() {
        return describe(nin, nouts, activations);
    }

    private static String describe(int nin, int[] nouts, Activation[] activations) {
        StringBuilder sb = new StringBuilder("[nin ").append(nin);
        for (int i = 0; i < nouts.length; i++) {
            sb.append(", ").append(nouts[i]).append(' ').append(activations[i]);
        }
        return sb.append(']').toString();
    }

    static void write(MLP model, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, absolute.getFileName() + ".", ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(MAGIC + "\n");
                out.write("nin " + model.nin() + "\n");
                for (Layer layer : model.layers()) {
                    out.write("layer " + layer.nout() + " " + layer.activation().name() + "\n");
                }
                double[] values = model.parameterValues();
                out.write("parameters " + values.length + "\n");
                for (double v : values) {
                    out.write(Double.toString(v));
                    out.write('\n');
                }
                out.write("end\n");
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

    static ModelFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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
        return new ModelFile(nin, nouts, acts, values);
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
