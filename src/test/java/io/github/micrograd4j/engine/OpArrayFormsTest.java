package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every op of one or two operands has two forms of the same definition: the scalar methods that nodes and tapes
 * call, and the array methods of {@link Op} that code working on any op calls. They give the same numbers.
 */
@DisplayName("An op's array form gives its scalar form's value and partials, for every op of one or two operands")
class OpArrayFormsTest {

    @Test
    @DisplayName("one operand and a constant: value(x, c) and partial(x, c, y), at random points")
    void unary() {
        Random rng = new Random(17);
        for (Op.Unary op : OpTable.unary()) {
            for (int t = 0; t < 20; t++) {
                double x = rng.nextDouble() * 4 - 2;
                double c = rng.nextDouble() * 3 - 1;
                double y = op.value(x, c);
                assertThat((Double) op.value(new double[] {x}, c)).as(op.name).isEqualTo((Double) y);
                double[] out = {7.0, 7.0, 7.0};
                op.partials(new double[] {x}, c, y, out, 1);
                assertThat(out[0]).isEqualTo(7.0);
                assertThat((Double) out[1]).as(op.name).isEqualTo((Double) op.partial(x, c, y));
                assertThat(out[2]).isEqualTo(7.0);
            }
        }
    }

    @Test
    @DisplayName("two operands: value(a, b), partialA and partialB, written side by side where asked")
    void binary() {
        Random rng = new Random(19);
        for (Op.Binary op : OpTable.binary()) {
            for (int t = 0; t < 20; t++) {
                double a = rng.nextDouble() * 3 + 0.1;
                double b = rng.nextDouble() * 4 - 2;
                double y = op.value(a, b);
                assertThat((Double) op.value(new double[] {a, b}, 0.0)).as(op.name).isEqualTo((Double) y);
                double[] out = {7.0, 7.0, 7.0, 7.0};
                op.partials(new double[] {a, b}, 0.0, y, out, 1);
                assertThat(out[0]).isEqualTo(7.0);
                assertThat((Double) out[1]).as(op.name).isEqualTo((Double) op.partialA(a, b, y));
                assertThat((Double) out[2]).as(op.name).isEqualTo((Double) op.partialB(a, b, y));
                assertThat(out[3]).isEqualTo(7.0);
            }
        }
    }
}
