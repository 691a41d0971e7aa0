package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseKernel} as a unit, on the arrays of a tape that recorded one layer (3 outputs over 2 inputs, with
 * biases): which shares one application's {@code backward} adds, and what it answers (whether it added anything,
 * which {@link Tape.Speedup#SKIP_RUNS} reads), with zero gradients skipped or not, outputs unused, and input leaves
 * nobody asked for.
 */
@DisplayName("DenseKernel: one application's shares, and whether it added anything")
class DenseKernelSharesTest {

    /** The tape's slots, as its layout puts them: the weights row after row, the biases, the inputs, the outputs. */
    static final int X0 = 9;
    static final int X1 = 10;
    static final int OUT = 11;
    static final int LEAVES = 11;

    Value[][] w;
    Value[] b;
    Value x0;
    Value x1;

    @BeforeEach
    void leaves() {
        w = new Value[][] {{new Value(0.5), new Value(-1.0)}, {new Value(2.0), new Value(0.25)},
                {new Value(-0.75), new Value(1.5)}};
        b = new Value[] {new Value(0.1), new Value(-0.2), new Value(0.3)};
        x0 = new Value(1.0);
        x1 = new Value(2.0);
    }

    /** A tape of sum(layer(x0, x1)) and a kernel of its layer laid out as the tape lays the leaves out. */
    record Setup(Tape tape, DenseKernel kernel) {
    }

    Setup setup(boolean relu) {
        Linear layer = new Linear(w, b, relu);
        Tape tape = Tape.record(Value.sum(layer.apply(x0, x1)), EnumSet.of(Tape.Speedup.DENSE_LAYERS));
        Map<Value, Integer> slots = new IdentityHashMap<>();
        for (int j = 0; j < 3; j++) {
            slots.put(w[j][0], 2 * j);
            slots.put(w[j][1], 2 * j + 1);
            slots.put(b[j], 6 + j);
        }
        slots.put(x0, X0);
        slots.put(x1, X1);
        slots.forEach((v, s) -> assertThat(tape.val[s]).as("the layout").isEqualTo(v.data()));
        assertThat(tape.args[0]).isEqualTo(X0);
        assertThat(tape.args[1]).isEqualTo(X1);
        DenseKernel kernel = new DenseKernel(layer, slots::get);
        assertThat(kernel.nout()).isEqualTo(3);
        kernel.gather(tape.val);
        assertThat(kernel.forward(tape, 0, OUT, X0)).isTrue();
        Arrays.fill(tape.grad, 0.0);
        return new Setup(tape, kernel);
    }

    @Test
    @DisplayName("the sums it computes: bias first, then each weight times its input; relu where asked")
    void forward() {
        Setup s = setup(false);
        assertThat(Arrays.copyOfRange(s.tape().val, OUT, OUT + 3)).containsExactly(0.1 + 0.5 - 2.0,
                -0.2 + 2.0 + 0.5, 0.3 - 0.75 + 3.0);
        Setup r = setup(true);
        assertThat(Arrays.copyOfRange(r.tape().val, OUT, OUT + 3)).containsExactly(0.0, -0.2 + 2.0 + 0.5,
                0.3 - 0.75 + 3.0);
    }

    @Test
    @DisplayName("no gradient at any output: with skipping it adds nothing and says so; without, it says it added")
    void allZero() {
        Setup s = setup(false);
        double[] before = s.tape().grad.clone();
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, true, null)).isFalse();
        assertThat(s.tape().grad).containsExactly(before);
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, false, null)).isTrue();
    }

    @Test
    @DisplayName("a gradient only where the ReLU is off: nothing added, and it says so")
    void reluOff() {
        Setup s = setup(true);                                 // output 0's sum is -1.4: its slope is 0
        s.tape().grad[OUT] = 5.0;
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, true, null)).isFalse();
        assertThat(Arrays.copyOfRange(s.tape().grad, 0, LEAVES)).containsOnly(0.0);
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, false, null)).isTrue();
    }

    @Test
    @DisplayName("one output's gradient: its bias, its weights (times the inputs) and the inputs (times its weights)")
    void shares() {
        Setup s = setup(false);
        double[] g = s.tape().grad;
        g[OUT + 1] = 2.0;
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, true, null)).isTrue();
        assertThat(Arrays.copyOfRange(g, 0, LEAVES)).containsExactly(
                0, 0,                                          // w00, w01: nothing
                2.0 * 1.0, 2.0 * 2.0,                          // w10, w11: times x0, x1
                0, 0,                                          // w20, w21: nothing
                0, 2.0, 0,                                     // b0, b1, b2
                2.0 * 2.0, 2.0 * 0.25);                        // x0, x1: times w10, w11
    }

    @Test
    @DisplayName("input leaves nobody asked for get no share; asked for, they do")
    void unwantedInputs() {
        Setup s = setup(false);
        double[] g = s.tape().grad;
        boolean[] weightsOnly = new boolean[LEAVES];
        Arrays.fill(weightsOnly, 0, 9, true);
        g[OUT] = 1.0;
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, true, weightsOnly)).isTrue();
        assertThat(g[0]).isEqualTo(1.0);                      // w00 += x0
        assertThat(g[1]).isEqualTo(2.0);                      // w01 += x1
        assertThat(g[6]).isEqualTo(1.0);                      // b0
        assertThat(g[X0]).isEqualTo(0.0);
        assertThat(g[X1]).isEqualTo(0.0);
        boolean[] withX1 = weightsOnly.clone();
        withX1[X1] = true;
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, null, true, withX1)).isTrue();
        assertThat(g[X0]).isEqualTo(0.5);
        assertThat(g[X1]).isEqualTo(-1.0);
        assertThat(g[0]).isEqualTo(2.0);
    }

    @Test
    @DisplayName("an output the graph does not use takes no part, even with a gradient and no skipping")
    void unusedOutput() {
        Setup s = setup(false);
        double[] g = s.tape().grad;
        g[OUT] = 1.0;
        g[OUT + 1] = 1.0;
        g[OUT + 2] = 1.0;
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, new boolean[] {true, false, true}, false, null)).isTrue();
        assertThat(g[2]).isEqualTo(0.0);                      // w10
        assertThat(g[7]).isEqualTo(0.0);                      // b1
        assertThat(g[0]).isEqualTo(1.0);
        assertThat(g[8]).isEqualTo(1.0);                      // b2
        assertThat(g[X0]).isEqualTo(0.5 - 0.75);
        assertThat(s.kernel().backward(s.tape(), 0, OUT, X0, new boolean[] {false, true, false}, true, null)).isTrue();
        assertThat(g[7]).isEqualTo(1.0);
    }
}
