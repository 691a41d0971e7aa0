package io.github.micrograd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** EurekaLabs micrograd's RNG and data set, against the reference's own trace and points. */
@DisplayName("xorshift64* and the yin-yang data reproduce EurekaLabs micrograd bit for bit")
class XorShiftAndYinYangTest {

    static List<String> resource(String name) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                XorShiftAndYinYangTest.class.getResourceAsStream(name)), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        }
    }

    @Test
    @DisplayName("the first ten draws of seed 42: state, u32, random() and uniform(-1, 1)")
    void firstTenDraws() throws IOException {
        List<String> rows = resource("/refdata/eureka/rng_first10.txt");
        assertThat(rows).hasSize(10);
        XorShift64Star rng = new XorShift64Star(42);
        XorShift64Star same = new XorShift64Star(42);
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            long u32 = rng.nextU32();
            assertThat(Long.toUnsignedString(rng.state())).isEqualTo(f[1]);
            assertThat(u32).isEqualTo(Long.parseLong(f[2]));
            assertThat(same.nextDouble()).isEqualTo(Double.parseDouble(f[3]));
        }
        XorShift64Star third = new XorShift64Star(42);
        for (String row : rows) {
            assertThat(third.uniform(-1, 1)).isEqualTo(Double.parseDouble(row.trim().split("\\s+")[4]));
        }
    }

    @Test
    @DisplayName("as a RandomGenerator: nextInt is one draw, nextLong two")
    void randomGenerator() {
        XorShift64Star a = new XorShift64Star(42);
        XorShift64Star b = new XorShift64Star(42);
        assertThat(a.nextInt()).isEqualTo((int) b.nextU32());
        long hi = b.nextU32();
        long lo = b.nextU32();
        assertThat(a.nextLong()).isEqualTo(hi << 32 | lo);
        assertThatThrownBy(() -> new XorShift64Star(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed (0)");
    }

    @Test
    @DisplayName("all 100 points and labels equal data.csv, bit for bit, with 1216 draws used")
    void dataSet() throws IOException {
        XorShift64Star rng = new XorShift64Star(42);
        Dataset d = YinYang.generate(100, rng);
        List<String> rows = resource("/refdata/eureka/data.csv");
        assertThat(rows.get(0)).isEqualTo("split,index,x,y,label");
        for (int i = 0; i < 100; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertThat(d.features(i)).as("point %d", i).containsExactly(Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            assertThat(d.label(i)).isEqualTo(Double.parseDouble(f[4]));
        }
        XorShift64Star counter = new XorShift64Star(42);
        for (int i = 0; i < 1216; i++) {
            counter.nextU32();
        }
        assertThat(rng.state()).isEqualTo(counter.state());
    }

    @Test
    @DisplayName("the split is 80 / 10 / 10 with the reference's class counts")
    void split() {
        Dataset.Split s = YinYang.split(YinYang.generate(100, new XorShift64Star(42)));
        assertThat(s.train().size()).isEqualTo(80);
        assertThat(s.val().size()).isEqualTo(10);
        assertThat(s.test().size()).isEqualTo(10);
        assertThat(count(s.train(), 0)).isEqualTo(27);
        assertThat(count(s.train(), 2)).isEqualTo(26);
        assertThat(count(s.val(), 2)).isEqualTo(4);
        assertThat(count(s.test(), 0)).isEqualTo(4);
        assertThat(YinYang.generate(30, new Random(1)).size()).isEqualTo(30);
    }

    private static long count(Dataset d, int label) {
        return java.util.Arrays.stream(d.labels()).filter(y -> y == label).count();
    }
}
