package io.github.micrograd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Data sets: two moons and CSV tables")
class DataTest {

    @Test
    @DisplayName("micrograd's 100 points ship with the library")
    void micrograd100() {
        Dataset d = Moons.micrograd100();
        assertThat(d.size()).isEqualTo(100);
        assertThat(d.dimension()).isEqualTo(2);
        assertThat(d.features(0)).containsExactly(1.1221146075409683, 0.08147717341718697);
        assertThat(d.label(0)).isEqualTo(-1.0);
        assertThat(Arrays.stream(d.labels()).filter(y -> y > 0).count()).isEqualTo(50);
    }

    @Test
    @DisplayName("generated moons: n points, half each class, reproducible from the seed")
    void generated() {
        Dataset a = Moons.generate(101, 0.1, 42);
        Dataset b = Moons.generate(101, 0.1, new Random(42));
        assertThat(a.size()).isEqualTo(101);
        assertThat(Arrays.stream(a.labels()).filter(y -> y < 0).count()).isEqualTo(50);
        assertThat(a.features()).isDeepEqualTo(b.features());
        assertThat(Moons.generate(101, 0.1, 43).features()).isNotEqualTo(a.features());
        Dataset clean = Moons.generate(10, 0, 1);
        for (int i = 0; i < clean.size(); i++) {
            double[] p = clean.features(i);
            double cx = clean.label(i) < 0 ? 0 : 1;
            double cy = clean.label(i) < 0 ? 0 : 0.5;
            assertThat(Math.hypot(p[0] - cx, p[1] - cy)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(a.withBinaryLabels().labels()).containsOnly(0.0, 1.0);
        assertThatThrownBy(() -> Moons.generate(1, 0.1, 1)).hasMessage("n (1) must be >= 2");
        assertThatThrownBy(() -> Moons.generate(10, -1, 1)).hasMessage("noise (-1.0) must be finite and >= 0");
    }

    @Test
    @DisplayName("a data set copies its arrays in and out")
    void immutable() {
        double[][] x = {{1, 2}, {3, 4}};
        Dataset d = new Dataset(x, new double[] {1, -1});
        x[0][0] = 99;
        d.features()[1][1] = 99;
        assertThat(d.features(0)).containsExactly(1, 2);
        assertThat(d.features(1)).containsExactly(3, 4);
        assertThat(d.slice(1, 2).features(0)).containsExactly(3, 4);
        assertThatThrownBy(() -> new Dataset(new double[][] {{1}, {1, 2}}, new double[2]))
                .hasMessage("features[1] has 2 columns, features[0] has 1");
    }

    @Test
    @DisplayName("CSV: label column by name, features in file order")
    void csv(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "a,label,b\n1.5,1,2\n\n-3,0,4e-1\n");
        Dataset d = Csv.read(file, "label");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.features(1)).containsExactly(-3, 0.4);
        assertThat(d.labels()).containsExactly(1, 0);
    }

    @Test
    @DisplayName("CSV errors name the line and the problem")
    void csvErrors() {
        assertThatThrownBy(() -> read("x,y\n1,2\n1,oops\n")).isInstanceOf(IOException.class)
                .hasMessage("t.csv: line 3: column 'y': 'oops' is not a number");
        assertThatThrownBy(() -> read("x,y\n1,2\n1,2,3\n")).hasMessage("t.csv: line 3: 3 cells, the header has 2");
        assertThatThrownBy(() -> read("x,z\n1,2\n")).hasMessageContaining("no column named 'y'");
        assertThatThrownBy(() -> read("")).hasMessage("t.csv: empty, expected a header line");
        assertThatThrownBy(() -> read("x,y\n")).hasMessage("t.csv: no data lines after the header");
    }

    private static Dataset read(String text) throws IOException {
        return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", "y");
    }
}
