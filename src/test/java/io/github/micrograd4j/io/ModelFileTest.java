package io.github.micrograd4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.MLP;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A saved model comes back bit for bit, and a bad file changes nothing")
class ModelFileTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("save then load restores architecture and every bit of every parameter")
    void roundTrip() throws IOException {
        MLP model = new MLP(3, new int[] {4, 2}, Activation.TANH, Activation.SIGMOID, Init.UNIFORM_FAN_IN, new Random(7));
        double[] special = model.parameterValues();
        special[0] = -0.0;
        special[1] = Double.MIN_VALUE;
        special[2] = Double.MAX_VALUE;
        special[3] = 0.1 + 0.2;
        model.setParameterValues(special);
        Path file = dir.resolve("model.txt");
        ModelFile.save(model, file);

        MLP loaded = ModelFile.load(file);
        assertThat(loaded.toString()).isEqualTo(model.toString());
        assertThat(bits(loaded.parameterValues())).containsExactly(bits(special));
        assertThat(loaded.apply(0.5, 0.25, -1).get(1).data()).isEqualTo(model.apply(0.5, 0.25, -1).get(1).data());
    }

    @Test
    @DisplayName("the file is the documented text format")
    void format() throws IOException {
        MLP model = new MLP(new Random(1), 2, 1);
        Path file = dir.resolve("m.txt");
        ModelFile.save(model, file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.subList(0, 4)).containsExactly("micrograd4j-mlp 1", "nin 2", "layer 1 LINEAR", "parameters 3");
        assertThat(lines.get(4)).isEqualTo(Double.toString(model.parameters().get(0).data()));
        assertThat(lines).hasSize(9);
        assertThat(lines.get(7)).isEqualTo("end");
        assertThat(lines.get(8)).matches("crc32 [0-9a-f]{8}");
    }

    @Test
    @DisplayName("a save replaces the file and leaves no temporary file behind")
    void atomicReplace() throws IOException {
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 3, 1), file);
        MLP second = new MLP(new Random(2), 2, 3, 1);
        ModelFile.save(second, file);
        assertThat(ModelFile.load(file).parameterValues()).containsExactly(second.parameterValues());
        assertNoTemporaryFiles(file);
    }

    @Test
    @DisplayName("a truncated file is refused with the line, and the model is unchanged")
    void truncated() throws IOException {
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 3, 1), file);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 3));
        MLP model = new MLP(new Random(9), 2, 3, 1);
        double[] before = model.parameterValues();
        assertThatThrownBy(() -> ModelFile.load(model, file)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThat(model.parameterValues()).containsExactly(before);
    }

    @Test
    @DisplayName("a corrupted number is refused with its line")
    void corrupted() throws IOException {
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 1), file);
        String text = Files.readString(file).replaceFirst("\nparameters 3\n(-?)[0-9]", "\nparameters 3\n$1x");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 5").hasMessageContaining("is not a number");
    }

    @Test
    @DisplayName("every single flipped byte, anywhere in the file, is refused and changes nothing")
    void everyByteFlip() throws IOException {
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 2, 1), file);
        byte[] good = Files.readAllBytes(file);
        MLP model = new MLP(new Random(9), 2, 2, 1);
        double[] before = model.parameterValues();
        for (int at = 0; at < good.length; at++) {
            for (int bit : new int[] {0x01, 0x10, 0x80}) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) bit;
                Files.write(file, bad);
                int position = at;
                assertThatThrownBy(() -> ModelFile.load(model, file)).as("byte %d ^ %x", position, bit)
                        .isInstanceOf(IOException.class).hasMessageStartingWith(file.toString());
            }
        }
        assertThat(model.parameterValues()).containsExactly(before);
        Files.write(file, good);
        ModelFile.load(model, file);
        assertThat(model.parameterValues()).isNotEqualTo(before);
    }

    @Test
    @DisplayName("saving over a file keeps its POSIX permissions (rw-r--r-- stays rw-r--r--, not owner-only)")
    void saveKeepsPermissions() throws IOException {
        assumePosix();
        Path file = dir.resolve("model.txt");
        for (String mode : List.of("rw-r--r--", "rw-rw----", "rw-------", "r--r--r--")) {
            Files.writeString(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            ModelFile.save(new MLP(new Random(1), 2, 3, 1), file);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("saved over a %s file", mode)
                    .isEqualTo(mode);
            assertThat(ModelFile.load(file).parameterValues()).containsExactly(new MLP(new Random(1), 2, 3, 1).parameterValues());
        }
        assertNoTemporaryFiles(file);
    }

    @Test
    @DisplayName("a new model file gets the permissions of any newly created file (the umask), not owner-only")
    void newFileGetsDefaultPermissions() throws IOException {
        assumePosix();
        Path probe = Files.createFile(dir.resolve("probe"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 3, 1), file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo(PosixFilePermissions.toString(expected));
        assertNoTemporaryFiles(file);
    }

    private void assumePosix() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temporary directory's file system has no POSIX permissions");
    }

    @Test
    @DisplayName("a save that fails half-way leaves the previous file as it was, and no temporary file")
    void failedSaveKeepsOldFile() throws IOException {
        Path file = dir.resolve("model.txt");
        MLP model = new MLP(new Random(1), 2, 3, 1);
        ModelFile.save(model, file);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> ModelFile.writeAtomically(file, out -> {
            out.write("micrograd4j-mlp 1\nnin 2\n".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertNoTemporaryFiles(file);
    }

    @Test
    @DisplayName("another architecture is refused, naming both, and the model is unchanged")
    void mismatch() throws IOException {
        Path file = dir.resolve("model.txt");
        ModelFile.save(new MLP(new Random(1), 2, 4, 1), file);
        MLP model = new MLP(new Random(9), 2, 3, 1);
        double[] before = model.parameterValues();
        assertThatThrownBy(() -> ModelFile.load(model, file)).isInstanceOf(IOException.class)
                .hasMessageContaining("[nin 2, 4 RELU, 1 LINEAR]").hasMessageContaining("[nin 2, 3 RELU, 1 LINEAR]");
        assertThat(model.parameterValues()).containsExactly(before);
    }

    @Test
    @DisplayName("a header that is not ours, or counts that do not fit, are refused")
    void malformedHeader() throws IOException {
        Path file = dir.resolve("model.txt");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(IOException.class).hasMessageContaining("line 1");
        Files.writeString(file, "micrograd4j-mlp 1\nnin 2\nlayer 1 LINEAR\nparameters 4\n1\n2\n3\n4\nend\n");
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("parameter count 4 does not fit the layers, which have 3");
        Files.writeString(file, "micrograd4j-mlp 1\nnin 2\nlayer 1 SOFTMAX\nparameters 3\n1\n2\n3\nend\n");
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(IOException.class).hasMessageContaining("unknown activation 'SOFTMAX'");
    }

    /** The directory holds the model file and nothing else: no temporary file was left behind. */
    private void assertNoTemporaryFiles(Path file) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
