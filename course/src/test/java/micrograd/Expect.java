package micrograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Objects;

/**
 * The course's checks. Each failure reads as a small lesson: the fact being checked, what was expected, what
 * your code gave, and a hint (the formula, or the lesson to reread):
 *
 * <pre>
 * a.mul(b).data() with a = 2, b = -3 is the product a * b
 *   expected: -6.0
 *   got:      -1.0
 *   hint:     data = this.data * other.data
 * </pre>
 */
final class Expect {

    private Expect() {
    }

    /** The message of every failed check. */
    static String message(String fact, Object expected, Object got, String hint) {
        return fact + "\n  expected: " + expected + "\n  got:      " + got + "\n  hint:     " + hint;
    }

    /** Checks |got - expected| &lt;= tol. */
    static void close(String fact, double expected, double got, double tol, String hint) {
        assertThat(got).withFailMessage(() -> message(fact, expected + (tol > 0 ? " (within " + tol + ")" : ""),
                got, hint)).isCloseTo(expected, within(tol));
    }

    /** Checks got == expected exactly (doubles that the formula gives without rounding). */
    static void exactly(String fact, double expected, double got, String hint) {
        assertThat(got).withFailMessage(() -> message(fact, expected, got, hint)).isEqualTo(expected);
    }

    /** Checks |got - expected| &lt;= rel * |expected|. */
    static void relative(String fact, double expected, double got, double rel, String hint) {
        double tol = rel * Math.abs(expected);
        assertThat(got).withFailMessage(() -> message(fact, expected + " (to " + rel + " relative)", got, hint))
                .isCloseTo(expected, within(tol));
    }

    /** Checks Objects.equals(got, expected). */
    static void equal(String fact, Object expected, Object got, String hint) {
        assertThat(Objects.equals(expected, got)).withFailMessage(() -> message(fact, expected, got, hint)).isTrue();
    }

    /** Checks got equals expected, showing both in quotes (so "" and " " can be told apart). */
    static void text(String fact, String expected, String got, String hint) {
        assertThat(Objects.equals(expected, got)).withFailMessage(() -> message(fact, quote(expected), quote(got),
                hint)).isTrue();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** Checks got is the very same object as expected. */
    static void same(String fact, Object expected, Object got, String hint) {
        assertThat(expected == got).withFailMessage(() -> message(fact, "the same object: " + expected,
                got == null ? null : "a different object: " + got, hint)).isTrue();
    }

    /** Checks a condition; expected and got describe it. */
    static void that(boolean ok, String fact, Object expected, Object got, String hint) {
        assertThat(ok).withFailMessage(() -> message(fact, expected, got, hint)).isTrue();
    }
}
