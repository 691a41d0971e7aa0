package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomOp#checkGraphPartials} measures how far the graph partials are from the numeric ones, as its
 * documentation says ({@code |numeric - graph| / max(1, |numeric|)}, the worst operand), and {@link CustomOp#of}
 * refuses an operation without a name, whatever its arity.
 */
@DisplayName("A custom op's two derivatives compared: the worst relative difference, a missing partial as 0, NaN kept")
class GraphPartialsCheckTest {

    /** x0 * x1 with numeric partials (x1, x0), and graph partials given by {@code graph}. */
    static CustomOp product(CustomOp.GraphPartials graph) {
        return CustomOp.of("product", 2, v -> v[0] * v[1], (v, y, p) -> {
            p[0] = v[1];
            p[1] = v[0];
        }).withGraphPartials(graph);
    }

    @Test
    @DisplayName("right partials: 0; a wrong second partial: its difference over max(1, |numeric|)")
    void relativeDifference() {
        assertThat(product((x, y, p) -> {
            p[0] = x[1];
            p[1] = x[0];
        }).checkGraphPartials(3.0, 4.0)).isEqualTo(0.0);
        CustomOp wrongSecond = product((x, y, p) -> {
            p[0] = x[1];
            p[1] = x[0].add(1.0);                            // numeric 4, graph 5: 1/4
        });
        assertThat(wrongSecond.checkGraphPartials(4.0, 3.0)).isEqualTo(0.25);
        CustomOp wrongSmall = product((x, y, p) -> {
            p[0] = x[1].mul(3.0);                            // numeric 0.5, graph 1.5: 1/max(1, 0.5) = 1
            p[1] = x[0];
        });
        assertThat(wrongSmall.checkGraphPartials(2.0, 0.5)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("the worst operand counts, wherever it is")
    void worstOperand() {
        CustomOp bothWrong = product((x, y, p) -> {
            p[0] = x[1].mul(2.0);                            // numeric 2, graph 4: 2/2 = 1
            p[1] = x[0].mul(0.5);                            // numeric 8, graph 4: 4/8 = 0.5
        });
        assertThat(bothWrong.checkGraphPartials(8.0, 2.0)).isEqualTo(1.0);
        assertThat(bothWrong.checkGraphPartials(2.0, 8.0)).isEqualTo(1.0);   // numeric 8 vs 16; 2 vs 1: 1 and 0.5
    }

    @Test
    @DisplayName("a partial left null counts as 0")
    void nullIsZero() {
        CustomOp missing = product((x, y, p) -> p[0] = x[1]);
        assertThat(missing.checkGraphPartials(4.0, 3.0)).isEqualTo(1.0);   // numeric 4, graph 0: 4/4
        assertThat(missing.checkGraphPartials(0.0, 3.0)).isEqualTo(0.0);   // numeric 0, graph 0
    }

    @Test
    @DisplayName("a NaN difference is returned as NaN, even when a later operand agrees")
    void nanWins() {
        CustomOp nan = product((x, y, p) -> {
            p[0] = x[1].mul(Double.NaN);
            p[1] = x[0];
        });
        assertThat(nan.checkGraphPartials(1.0, 2.0)).isNaN();
        CustomOp nanSecond = product((x, y, p) -> {
            p[0] = x[1].mul(2.0);
            p[1] = x[0].log();                               // log(-1) = NaN
        });
        assertThat(nanSecond.checkGraphPartials(-1.0, 2.0)).isNaN();
    }

    @Test
    @DisplayName("an operation of several operands needs a name too")
    void name() {
        assertThatThrownBy(() -> CustomOp.of("", 2, v -> v[0], (v, y, p) -> p[0] = 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name is empty");
        assertThatThrownBy(() -> CustomOp.of(null, 2, v -> v[0], (v, y, p) -> p[0] = 1))
                .isInstanceOf(NullPointerException.class).hasMessage("name == null");
    }
}
