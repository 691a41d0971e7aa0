package io.github.micrograd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PythonRandom} against CPython's own numbers: {@code refdata/cpython_random/seed_<seed>.txt}, written by
 * {@code make.py} beside them (each section restarts from {@code random.seed(seed)}; floats as {@code float.hex}).
 */
@DisplayName("PythonRandom draws CPython's random numbers")
class PythonRandomTest {

    /** A test run for each seed of the reference files: 0, 1, 42, 1337, 2^32, 2^63 - 1, -1337 and -2^63. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 42, 1337, 1L << 32, Long.MAX_VALUE, -1337, Long.MIN_VALUE})
    @interface EverySeed {
    }

    /** Returns the sections of one seed's file: title, then its rows. */
    static Map<String, List<String>> reference(long seed) throws IOException {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String name = "/refdata/cpython_random/seed_" + seed + ".txt";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(PythonRandomTest.class.getResourceAsStream(name), name), StandardCharsets.UTF_8))) {
            List<String> rows = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("[")) {
                    rows = new ArrayList<>();
                    sections.put(line.substring(1, line.length() - 1), rows);
                } else if (!line.startsWith("#")) {
                    Objects.requireNonNull(rows, "a row before the first section").add(line);
                }
            }
        }
        return sections;
    }

    static String hex(double x) {
        return Double.toHexString(x);
    }

    /** Asserts the two doubles have the same bits, naming the draw and both values in hex when they differ. */
    static void assertSameBits(double actual, String pythonHex, String what) {
        double expected = Double.parseDouble(pythonHex);
        assertThat(Double.doubleToRawLongBits(actual))
                .as("%s: Java %s, CPython %s", what, hex(actual), pythonHex)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Nested
    @DisplayName("bit for bit, for seeds 0, 1, 42, 1337, 2^32, 2^63 - 1, -1337 and -2^63")
    class BitForBit {

        @EverySeed
        @DisplayName("nextDouble() is random.random(): the first 1,000 draws")
        void random(long seed) throws IOException {
            List<String> expected = reference(seed).get("random");
            assertThat(expected).hasSize(1000);
            PythonRandom rng = new PythonRandom(seed);
            for (int i = 0; i < expected.size(); i++) {
                assertSameBits(rng.nextDouble(), expected.get(i), "seed " + seed + " draw " + i);
            }
        }

        @EverySeed
        @DisplayName("uniform(-1, 1) is random.uniform(-1, 1), and so is nextDouble(-1, 1): 1,000 draws")
        void uniform(long seed) throws IOException {
            List<String> expected = reference(seed).get("uniform -1 1");
            assertThat(expected).hasSize(1000);
            PythonRandom rng = new PythonRandom(seed);
            PythonRandom viaInterface = new PythonRandom(seed);
            for (int i = 0; i < expected.size(); i++) {
                assertSameBits(rng.uniform(-1, 1), expected.get(i), "seed " + seed + " uniform " + i);
                assertSameBits(viaInterface.nextDouble(-1, 1), expected.get(i), "seed " + seed + " nextDouble(-1, 1) " + i);
            }
        }

        @EverySeed
        @DisplayName("nextInt() and nextLong() are getrandbits(32) and getrandbits(64)")
        void getrandbits(long seed) throws IOException {
            Map<String, List<String>> ref = reference(seed);
            PythonRandom ints = new PythonRandom(seed);
            PythonRandom bits = new PythonRandom(seed);
            for (String row : ref.get("getrandbits 32")) {
                assertThat(Integer.toUnsignedString(ints.nextInt())).isEqualTo(row);
                assertThat(bits.getrandbits(32)).isEqualTo(Long.parseLong(row));
            }
            PythonRandom longs = new PythonRandom(seed);
            for (String row : ref.get("getrandbits 64")) {
                assertThat(Long.toUnsignedString(longs.nextLong())).isEqualTo(row);
            }
        }

        @EverySeed
        @DisplayName("nextInt(n) and nextLong(n) are randrange(n), for n from 1 to 2^63 - 1")
        void randrange(long seed) throws IOException {
            ranges(seed, "randrange n", (rng, a) -> rng.nextLong(a[0]), (rng, a) -> rng.nextInt((int) a[0]));
        }

        @EverySeed
        @DisplayName("nextInt(a, b) and nextLong(a, b) are randrange(a, b), up to the full width of a long")
        void randrangeSpan(long seed) throws IOException {
            ranges(seed, "randrange a b", (rng, a) -> rng.nextLong(a[0], a[1]),
                    (rng, a) -> rng.nextInt((int) a[0], (int) a[1]));
        }

        /**
         * Checks a section whose rows are the arguments, then CPython's result: the long form on one generator, and
         * on a second the int form where the arguments fit in an int (else the long form, to keep both in step).
         */
        private void ranges(long seed, String section, Draw asLong, Draw asInt) throws IOException {
            PythonRandom longs = new PythonRandom(seed);
            PythonRandom ints = new PythonRandom(seed);
            for (String row : reference(seed).get(section)) {
                long[] f = Arrays.stream(row.split(" ")).mapToLong(Long::parseLong).toArray();
                long[] args = Arrays.copyOf(f, f.length - 1);
                long expected = f[f.length - 1];
                assertThat(asLong.draw(longs, args)).as("randrange%s", Arrays.toString(args)).isEqualTo(expected);
                boolean fitsInt = Arrays.stream(args).allMatch(a -> a >= Integer.MIN_VALUE && a <= Integer.MAX_VALUE);
                long viaInts = (fitsInt ? asInt : asLong).draw(ints, args);
                assertThat(viaInts).as("randrange%s", Arrays.toString(args)).isEqualTo(expected);
            }
        }

        @EverySeed
        @DisplayName("nextBytes(new byte[n]) is randbytes(n), for n from 0 to 9")
        void randbytes(long seed) throws IOException {
            PythonRandom rng = new PythonRandom(seed);
            for (String row : reference(seed).get("randbytes n")) {
                String[] f = row.split(" ", -1);
                byte[] bytes = new byte[Integer.parseInt(f[0])];
                rng.nextBytes(bytes);
                assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(f[1]);
            }
        }
    }

    @Nested
    @DisplayName("shuffle and choices, bit for bit, for the same seeds")
    class ShuffleAndChoices {

        @EverySeed
        @DisplayName("shuffle(list) is random.shuffle(list), for lists of 0 to 1,000 elements, one after another")
        void shuffle(long seed) throws IOException {
            PythonRandom rng = new PythonRandom(seed);
            PythonRandom linked = new PythonRandom(seed);
            for (String row : reference(seed).get("shuffle n")) {
                List<Integer> f = Arrays.stream(row.split(" ")).map(Integer::valueOf).collect(Collectors.toList());
                int n = f.get(0);
                List<Integer> expected = f.subList(1, f.size());
                List<Integer> list = IntStream.range(0, n).boxed().collect(Collectors.toCollection(ArrayList::new));
                rng.shuffle(list);
                assertThat(list).as("seed %d, shuffle of %d", seed, n).isEqualTo(expected);
                List<Integer> noRandomAccess = IntStream.range(0, n).boxed()
                        .collect(Collectors.toCollection(LinkedList::new));
                linked.shuffle(noRandomAccess);
                assertThat(noRandomAccess).as("seed %d, shuffle of a LinkedList of %d", seed, n).isEqualTo(expected);
            }
            // the generators are still in step with CPython's: the draws after the shuffles are the same
            assertThat(linked.nextLong()).isEqualTo(rng.nextLong());
        }

        @EverySeed
        @DisplayName("choices(w) is random.choices(range(n), weights=w)[0]: zeros, tiny and huge weights, softmaxes")
        void choices(long seed) throws IOException {
            PythonRandom rng = new PythonRandom(seed);
            List<String> rows = reference(seed).get("choices weights");
            assertThat(rows).hasSize(300);
            for (String row : rows) {
                String[] f = row.split(" ");
                double[] weights = Arrays.stream(f[0].split(",")).mapToDouble(Double::parseDouble).toArray();
                assertThat(rng.choices(weights)).as("seed %d, weights %s", seed, f[0])
                        .isEqualTo(Integer.parseInt(f[1]));
            }
        }

        @Test
        @DisplayName("choices never picks a zero weight inside the list, and picks a lone nonzero weight every time")
        void zeroWeights() {
            PythonRandom rng = new PythonRandom(1337);
            for (int i = 0; i < 1000; i++) {
                assertThat(rng.choices(new double[] {0, 1, 0, 2, 0})).isIn(1, 3);
                assertThat(rng.choices(new double[] {0, 0, 5})).isEqualTo(2);
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"-1, 2", "NaN, 1", "Infinity, 1", "1, -Infinity", "0, 0", "1e308, 1e308"})
        @DisplayName("bad weights are refused before anything is drawn, naming the problem")
        void badWeights(String row) {
            double[] weights = Arrays.stream(row.split(", ")).mapToDouble(Double::parseDouble).toArray();
            PythonRandom rng = new PythonRandom(1337);
            assertThatThrownBy(() -> rng.choices(weights))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(row.equals("0, 0") ? "all 0" : row.equals("1e308, 1e308") ? "overflows"
                            : "must be finite and >= 0");
            assertThat(rng.nextDouble()).isEqualTo(new PythonRandom(1337).nextDouble());
        }

        @Test
        @DisplayName("null and empty arguments are refused with messages that name them")
        void nullAndEmpty() {
            PythonRandom rng = new PythonRandom(1337);
            assertThatThrownBy(() -> rng.choices(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("weights == null");
            assertThatThrownBy(() -> rng.choices(new double[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights is empty");
            assertThatThrownBy(() -> rng.shuffle(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("list == null");
            List<Integer> fixed = List.of(1, 2, 3);
            assertThatThrownBy(() -> new PythonRandom(1).shuffle(fixed))
                    .isInstanceOf(UnsupportedOperationException.class);
            rng.shuffle(List.of());                        // nothing to swap, nothing drawn
            rng.shuffle(List.of(7));
            assertThat(rng.nextDouble()).isEqualTo(new PythonRandom(1337).nextDouble());
        }
    }

    /** One bounded draw from its arguments. */
    interface Draw {
        long draw(PythonRandom rng, long[] args);
    }

    @Nested
    @DisplayName("to an ulp or two (the C library's log, cos and sin may round differently from StrictMath's)")
    class Transcendental {

        @EverySeed
        @DisplayName("nextGaussian() is random.gauss() and nextExponential() is random.expovariate(1.0)")
        void gaussAndExponential(long seed) throws IOException {
            Map<String, List<String>> ref = reference(seed);
            PythonRandom gauss = new PythonRandom(seed);
            for (String row : ref.get("gauss")) {
                double expected = Double.parseDouble(row);
                assertThat(gauss.nextGaussian()).isCloseTo(expected, within(4 * Math.ulp(expected)));
            }
            PythonRandom expo = new PythonRandom(seed);
            for (String row : ref.get("expovariate 1")) {
                double expected = Double.parseDouble(row);
                assertThat(expo.nextExponential()).isCloseTo(expected, within(4 * Math.ulp(expected)));
            }
        }
    }

    @Nested
    @DisplayName("seeding and bad arguments")
    class Seeding {

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1, 42, 1337, Long.MAX_VALUE})
        @DisplayName("a negative seed draws what its absolute value draws, as in CPython")
        void negative(long seed) {
            PythonRandom plus = new PythonRandom(seed);
            PythonRandom minus = new PythonRandom(-seed);
            for (int i = 0; i < 100; i++) {
                assertThat(minus.nextLong()).isEqualTo(plus.nextLong());
            }
        }

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {0, 1337})
        @DisplayName("the first output after the 624-word state is regenerated is still CPython's (draw 313 of random())")
        void secondBlock(long seed) throws IOException {
            List<String> expected = reference(seed).get("random");
            PythonRandom rng = new PythonRandom(seed);
            for (int i = 0; i < 312; i++) {
                rng.nextDouble();
            }
            assertSameBits(rng.nextDouble(), expected.get(312), "draw 312");
        }

        @ParameterizedTest(name = "bound {0}")
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        @DisplayName("a bound <= 0 or an empty range is refused, naming the value")
        void badBounds(int bound) {
            PythonRandom rng = new PythonRandom(1337);
            assertThatThrownBy(() -> rng.nextInt(bound))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bound (" + bound + ") must be > 0");
            assertThatThrownBy(() -> rng.nextLong(bound))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bound (" + bound + ") must be > 0");
            assertThatThrownBy(() -> rng.nextInt(5, bound))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("origin (5) must be < bound (" + bound + ")");
            assertThatThrownBy(() -> rng.nextLong(5, bound))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("origin (5) must be < bound (" + bound + ")");
            assertThatThrownBy(() -> rng.getrandbits(65))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("k (65) must be in [0, 64]");
            assertThatThrownBy(() -> rng.getrandbits(-1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("k (-1) must be in [0, 64]");
            assertThatThrownBy(() -> rng.nextGaussian(0, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("stddev (-1.0) must be >= 0");
            // the refused calls drew nothing
            assertThat(rng.nextDouble()).isEqualTo(new PythonRandom(1337).nextDouble());
        }

        @Test
        @DisplayName("getrandbits(0) draws nothing; nextBoolean() is getrandbits(1); nextFloat() is in [0, 1)")
        void smallCalls() {
            PythonRandom a = new PythonRandom(7);
            PythonRandom b = new PythonRandom(7);
            assertThat(a.getrandbits(0)).isZero();
            for (int i = 0; i < 64; i++) {
                assertThat(a.nextBoolean()).isEqualTo(b.getrandbits(1) == 1);
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(a.nextFloat()).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            }
        }
    }
}
