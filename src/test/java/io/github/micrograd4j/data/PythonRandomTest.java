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
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
