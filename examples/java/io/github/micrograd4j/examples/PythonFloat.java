package io.github.micrograd4j.examples;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Python's {@code repr} of a float, so that an example can print the very lines a Python program prints. JDK 17's
 * {@link Double#toString(double)} does not always give the shortest digits (JDK 19 fixed that), and it writes
 * exponents differently ({@code 1.0E-5} for Python's {@code 1e-05}).
 *
 * <pre>{@code
 * PythonFloat.repr(0.1)      // "0.1"
 * PythonFloat.repr(100.0)    // "100.0"
 * PythonFloat.repr(1e-5)     // "1e-05"
 * PythonFloat.repr(1e16)     // "1e+16"
 * PythonFloat.repr(2e-4)     // "0.0002" (Double.toString: "2.0E-4")
 * PythonFloat.repr(2e23)     // "2e+23"  (JDK 17's Double.toString: "1.9999999999999998E23")
 * PythonFloat.repr(5e-324)   // "5e-324" (Double.toString: "4.9E-324")
 * }</pre>
 */
final class PythonFloat {

    private PythonFloat() {
    }

    /**
     * Returns CPython's {@code repr(x)}: the shortest decimal digits that read back to {@code x} (of the shortest,
     * the one nearest {@code x}), written positionally when the decimal exponent is in [-4, 16) ({@code 0.0001},
     * {@code 100.0}, always with a digit after the point) and as {@code d.ddde-05} / {@code d.ddde+16} (at least
     * two exponent digits) otherwise; {@code inf}, {@code -inf}, {@code nan}, and {@code -0.0} for negative zero.
     *
     * @param x any double
     * @return the text Python prints for {@code x}
     */
    static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String sign = (Double.doubleToRawLongBits(x) < 0) ? "-" : "";
        if (x == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(x));
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale();   // x = 0.digits * 10^decpt
        int exponent = decpt - 1;
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        if (decpt <= 0) {
            return sign + "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }

    /**
     * Returns Python's {@code f"{x:.<decimals>f}"}: {@code x}'s exact binary value rounded half to even at
     * {@code decimals} places, with the sign of a negative value that rounds to zero ({@code -0.0000}); {@code inf},
     * {@code -inf}, {@code nan}. {@code String.format("%.2f")} can differ: it rounds the shortest decimal digits
     * half up ({@code 0.125}: Python {@code 0.12}, Java {@code 0.13}; {@code 2.675}, a little below 2.675: Python
     * {@code 2.67}, Java {@code 2.68}).
     *
     * @param x        any double
     * @param decimals the digits after the point, &gt;= 0
     * @return the text Python prints
     */
    static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(x) < 0 ? "-" : "";
        return sign + new BigDecimal(Math.abs(x)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Returns the decimal with the fewest significant digits that parses back to {@code x} (a positive finite
     * double), the nearer of the two candidates (rounded down, rounded up) when both do, trailing zeros stripped.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; ; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downOk = readsBack(down, x);
            boolean upOk = readsBack(up, x);
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                BigDecimal nearer = cmp < 0 ? down : cmp > 0 ? up : evenLast(down, up);
                return nearer.stripTrailingZeros();
            }
            if (downOk || upOk) {
                return (downOk ? down : up).stripTrailingZeros();
            }
        }
    }

    private static boolean readsBack(BigDecimal candidate, double x) {
        return candidate.signum() > 0 && Double.parseDouble(candidate.toString()) == x;
    }

    /** Of two candidates equally far from the exact value, the one whose last digit is even (round half even). */
    private static BigDecimal evenLast(BigDecimal down, BigDecimal up) {
        return down.unscaledValue().testBit(0) ? up : down;
    }
}
