package io.github.micrograd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Digits, splits and MNIST-style CSV files")
class DigitsTest {

    @TempDir
    Path dir;

    @Nested
    @DisplayName("Digits.load(): scikit-learn's 8x8 digits")
    class Load {

        final Dataset digits = Digits.load();

        @Test
        @DisplayName("1,797 images of 64 pixels in [0, 1], labels 0-9 with scikit-learn's counts per class")
        void shape() {
            assertThat(digits.size()).isEqualTo(Digits.SIZE).isEqualTo(1797);
            assertThat(digits.dimension()).isEqualTo(64).isEqualTo(Digits.SIDE * Digits.SIDE);
            // counted with Python from sklearn/datasets/data/digits.csv.gz
            int[] expected = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
            int[] counts = new int[Digits.CLASSES];
            double pixels = 0;
            for (int i = 0; i < digits.size(); i++) {
                counts[(int) digits.label(i)]++;
                for (double p : digits.features(i)) {
                    assertThat(p).isBetween(0.0, 1.0);
                    pixels += p * 16;
                }
            }
            assertThat(counts).containsExactly(expected);
            assertThat(pixels).as("the sum of every pixel count").isCloseTo(561_718, within(1e-6));
        }

        @Test
        @DisplayName("the first and last images as scikit-learn has them (counts / 16)")
        void knownPixels() {
            double[] first = digits.features(0);
            double[] row0 = {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0};
            for (int j = 0; j < row0.length; j++) {
                assertThat(first[j]).as("pixel %d", j).isEqualTo(row0[j] / 16);
            }
            assertThat(digits.label(0)).isEqualTo(0.0);
            double[] last = digits.features(1796);
            assertThat(Arrays.copyOfRange(last, 60, 64)).containsExactly(14 / 16.0, 12 / 16.0, 1 / 16.0, 0);
            assertThat(digits.label(1796)).isEqualTo(8.0);
        }

        @Test
        @DisplayName("the examples' split: 1,500 and 297, every image once, the same on every call, another seed another split")
        void split() {
            Dataset.Split a = digits.split(Digits.TRAIN_SIZE, Digits.SPLIT_SEED);
            Dataset.Split b = Digits.load().split(Digits.TRAIN_SIZE, Digits.SPLIT_SEED);
            assertThat(a.train().size()).isEqualTo(1500);
            assertThat(a.test().size()).isEqualTo(297);
            for (int i = 0; i < 297; i++) {
                assertThat(b.test().features(i)).containsExactly(a.test().features(i));
                assertThat(b.test().label(i)).isEqualTo(a.test().label(i));
            }
            Set<String> seen = new HashSet<>();
            for (Dataset part : new Dataset[] {a.train(), a.test()}) {
                for (int i = 0; i < part.size(); i++) {
                    seen.add(Arrays.toString(part.features(i)) + part.label(i));
                }
            }
            Set<String> all = new HashSet<>();
            for (int i = 0; i < digits.size(); i++) {
                all.add(Arrays.toString(digits.features(i)) + digits.label(i));
            }
            assertThat(seen).isEqualTo(all);
            Dataset.Split other = digits.split(Digits.TRAIN_SIZE, 1);
            assertThat(other.test().features(0)).isNotEqualTo(a.test().features(0));
        }
    }

    @Test
    @DisplayName("split is Fisher-Yates over java.util.Random(seed), as documented")
    void splitIsDocumented() {
        double[][] x = new double[10][1];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i][0] = i;
            y[i] = i;
        }
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        java.util.Random rng = new java.util.Random(42);
        for (int i = 9; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Dataset.Split s = new Dataset(x, y).split(7, 42);
        for (int i = 0; i < 7; i++) {
            assertThat(s.train().label(i)).isEqualTo(order[i]);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(s.test().label(i)).isEqualTo(order[7 + i]);
        }
        assertThat(s.val().size()).isZero();
        assertThat(s.val().dimension()).isEqualTo(1);
        Dataset.Split three = new Dataset(x, y).split(5, 3, 42);   // the same shuffle, cut twice
        for (int i = 0; i < 10; i++) {
            Dataset part = i < 5 ? three.train() : i < 8 ? three.val() : three.test();
            assertThat(part.label(i < 5 ? i : i < 8 ? i - 5 : i - 8)).as("shuffled example %d", i).isEqualTo(order[i]);
        }
        assertThatThrownBy(() -> new Dataset(x, y).split(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainCount (10) and valCount (0) must leave an example to train on and one to hold out "
                        + "of 10 examples");
        assertThatThrownBy(() -> new Dataset(x, y).split(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset(x, y).split(5, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset(x, y).split(5, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dataset.Split(s.train(), new Dataset(new double[][] {{1, 2}}, new double[] {0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions differ");
    }

    @Nested
    @DisplayName("Csv.readNumeric: label-first image files, streamed")
    class Numeric {

        @Test
        @DisplayName("MNIST format: header detected, label first, pixels / 255; the same without a header, and gzipped")
        void mnist() throws IOException {
            Path withHeader = dir.resolve("a.csv");
            Files.writeString(withHeader, "label,pixel0,pixel1,pixel2\n7,0,255,51\n\n2,255,0,0\n");
            Path bare = dir.resolve("b.csv");
            Files.writeString(bare, "7,0,255,51\n2,255,0,0\n");
            Path gz = dir.resolve("c.csv.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                out.write("7,0,255,51\n2,255,0,0\n".getBytes(StandardCharsets.UTF_8));
            }
            for (Path p : new Path[] {withHeader, bare, gz}) {
                Dataset d = Csv.readNumeric(p, Csv.Format.MNIST);
                assertThat(d.size()).as("%s", p).isEqualTo(2);
                assertThat(d.features(0)).containsExactly(0, 1, 0.2);
                assertThat(d.labels()).containsExactly(7, 2);
            }
        }

        @Test
        @DisplayName("header detection reads the label cell: a first data row with an empty cell or a byte-order mark is data")
        void detection() throws IOException {
            Path p = dir.resolve("e.csv");
            Files.writeString(p, "\uFEFF5,1,2\n3,4,5\n");
            assertThat(Csv.readNumeric(p, Csv.Format.MNIST.withScale(1)).labels()).containsExactly(5, 3);
            Files.writeString(p, "5,0,,0\n3,4,5,6\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST))
                    .hasMessage(p + ": line 1: column 3: '' is not a number");
            Files.writeString(p, "1,2,\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST))
                    .hasMessage(p + ": line 1: column 3: '' is not a number");
            Files.writeString(p, "\uFEFFx1,y\n1,2\n");
            assertThat(Csv.read(p, "y").label(0)).as("Csv.read: the BOM is not part of the first name").isEqualTo(2);
        }

        @Test
        @DisplayName("another label column, an explicit header setting, no scaling")
        void options() throws IOException {
            Path p = dir.resolve("d.csv");
            Files.writeString(p, "1.5,2.5,3\n4,5,6\n");
            Dataset d = Csv.readNumeric(p, Csv.Format.MNIST.withLabelColumn(2).withScale(1).withHeader(Csv.Header.ABSENT));
            assertThat(d.features(0)).containsExactly(1.5, 2.5);
            assertThat(d.labels()).containsExactly(3, 6);
            Dataset h = Csv.readNumeric(p, Csv.Format.MNIST.withHeader(Csv.Header.PRESENT).withScale(1));
            assertThat(h.size()).as("the first line taken as a header").isEqualTo(1);
            assertThat(h.label(0)).isEqualTo(4);
            assertThatThrownBy(() -> new Csv.Format(-1, Csv.Header.DETECT, 1)).hasMessage("labelColumn (-1) must be >= 0");
            assertThatThrownBy(() -> new Csv.Format(0, Csv.Header.DETECT, 0)).hasMessage("scale (0.0) must be finite and > 0");
        }

        @Test
        @DisplayName("a bad row names the file, the line, the column (and its header name) and the text")
        void errors() throws IOException {
            Path p = dir.resolve("bad.csv");
            Files.writeString(p, "label,pixel0,pixel1\n1,2,3\n4,x,6\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST)).isInstanceOf(IOException.class)
                    .hasMessage(p + ": line 3: column 2 (pixel0): 'x' is not a number");
            Files.writeString(p, "1,2,3\n4,5\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST))
                    .hasMessage(p + ": line 2: 2 columns, expected 3 (as on the first line)");
            Files.writeString(p, "1,2,3\n4,5,6,7\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST))
                    .hasMessage(p + ": line 2: 4 columns, expected 3 (as on the first line)");
            Files.writeString(p, "label,a\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST)).hasMessage(p + ": no data lines after the header");
            Files.writeString(p, "1,2\n");
            assertThatThrownBy(() -> Csv.readNumeric(p, Csv.Format.MNIST.withLabelColumn(5)))
                    .hasMessage(p + ": line 1: labelColumn 5 is past the 2 columns");
        }

        @Test
        @DisplayName("60,000 rows of 785 columns, as MNIST's training file, stream in with every number in place")
        void sixtyThousandRows() throws IOException {
            Path p = dir.resolve("mnist_train.csv");
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p))) {
                StringBuilder header = new StringBuilder("label");
                for (int j = 0; j < 784; j++) {
                    header.append(",pixel").append(j);
                }
                w.println(header);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < 60_000; i++) {
                    line.setLength(0);
                    line.append(i % 10);
                    for (int j = 0; j < 784; j++) {
                        line.append(',').append((i + j) % 256);
                    }
                    w.println(line);
                }
            }
            Dataset d = Csv.readNumeric(p, Csv.Format.MNIST);
            assertThat(d.size()).isEqualTo(60_000);
            assertThat(d.dimension()).isEqualTo(784);
            assertThat(d.label(59_999)).isEqualTo(9);
            assertThat(d.features(12_345)[100]).isEqualTo(((12_345 + 100) % 256) / 255.0);
        }
    }
}
