package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PythonFloat#repr(double)} against CPython's own reprs ({@code refdata/python_repr/reprs.txt}, by make.py). */
@DisplayName("PythonFloat.repr writes a double as CPython's repr does")
class PythonFloatTest {

    static List<String> lines(String name) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(PythonFloatTest.class.getResourceAsStream(name), name), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        }
    }

    @ParameterizedTest(name = "repr({0}) = {1}")
    @CsvSource({
        "0.1, 0.1", "100.0, 100.0", "1e-5, 1e-05", "1e16, 1e+16", "-0.0, -0.0", "0.0001, 0.0001",
        "1e-4, 0.0001", "9999999999999998.0, 9999999999999998.0", "2e23, 2e+23", "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308", "Infinity, inf", "-Infinity, -inf", "NaN, nan",
        "0.8958441028683222, 0.8958441028683222", "50.0, 50.0", "1.5e-7, 1.5e-07", "-123.25, -123.25"})
    @DisplayName("edge cases: the exponent switch at 1e-4 and 1e16, signed zero, non-finite values")
    void edgeCases(double x, String python) {
        assertThat(PythonFloat.repr(x)).isEqualTo(python);
    }

    @ParameterizedTest(name = "{0} to {1} places = {2}")
    @CsvSource({
        "0.125, 2, 0.12", "2.675, 2, 2.67", "-2.675, 2, -2.67", "2.5, 0, 2", "0.5, 0, 0", "1.5, 0, 2",
        "1.00005, 4, 1.0001", "-0.00001, 4, -0.0000", "3.3659669475848504, 4, 3.3660", "1e22, 1, 10000000000000000000000.0",
        "5e-324, 3, 0.000", "Infinity, 4, inf", "-Infinity, 4, -inf", "NaN, 4, nan"})
    @DisplayName("fixed(x, d) is Python's f\"{x:.df}\": the exact value rounded half to even (CPython's outputs)")
    void fixed(double x, int decimals, String python) {
        assertThat(PythonFloat.fixed(x, decimals)).isEqualTo(python);
    }

    @Test
    @DisplayName("all 7,891 doubles of reprs.txt: powers of two and ten, short decimals, the notebook's losses, random bits")
    void cpythonReprs() throws IOException {
        List<String> rows = lines("/refdata/python_repr/reprs.txt");
        assertThat(rows).hasSize(7891);
        List<String> wrong = new ArrayList<>();
        for (String row : rows) {
            String[] f = row.split(" ");
            double x = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            String mine = PythonFloat.repr(x);
            if (!mine.equals(f[1])) {
                wrong.add(f[0] + ": CPython " + f[1] + ", Java " + mine);
            }
        }
        assertThat(wrong).isEmpty();
    }
}
