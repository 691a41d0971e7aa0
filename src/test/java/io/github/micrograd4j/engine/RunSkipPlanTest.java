package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The plan of {@link Tape.Speedup#SKIP_RUNS} ({@link RunSkip#plan}) on small step layouts written out by hand: for
 * each step, where backward goes on when that step added nothing, that is the first step of the run just below it
 * that only it feeds.
 */
@DisplayName("RunSkip's plan: after a step that added nothing, skip exactly the steps below it that only it feeds")
class RunSkipPlanTest {

    /** Each step's operand slots (steps in forward order), the leaves first; returns the plan. */
    static int[] plan(int leaves, int[][] operands) {
        int steps = operands.length;
        int[] arg = new int[steps];
        int[] arity = new int[steps];
        int n = 0;
        for (int k = 0; k < steps; k++) {
            arg[k] = n;
            arity[k] = operands[k].length;
            n += operands[k].length;
        }
        int[] args = new int[n];
        for (int k = 0, a = 0; k < steps; k++) {
            for (int s : operands[k]) {
                args[a++] = s;
            }
        }
        int[] producer = new int[leaves + steps];
        for (int s = 0; s < producer.length; s++) {
            producer[s] = s < leaves ? -1 : s - leaves;       // one output per step, after the leaves
        }
        return RunSkip.plan(steps, arg, arity, args, producer);
    }

    @Test
    @DisplayName("(a·b).tanh() + (a + 1): the product is tanh's alone; the root owns everything")
    void chainAndBranch() {
        // slots 0 a, 1 b; step 0: u = a*b (slot 2); 1: v = tanh u (3); 2: w = a + 1 (4); 3: root = v + w (5)
        int[] first = plan(2, new int[][] {{0, 1}, {2}, {0}, {3, 4}});
        assertThat(first).containsExactly(0, 0, 2, 0);
    }

    @Test
    @DisplayName("a value read by two steps belongs to neither of them, only to the step that reads both")
    void sharedOperand() {
        // slot 0 x; step 0: u = 2x (1); 1: v = tanh u (2); 2: w = exp u (3); 3: root = v + w (4)
        int[] first = plan(1, new int[][] {{0}, {1}, {1}, {2, 3}});
        assertThat(first).containsExactly(0, 1, 2, 0);
    }

    @Test
    @DisplayName("a step whose operands are all leaves has no run below it; a chain owns all it stands on")
    void chain() {
        // slot 0 x; steps 0..3 each read the previous one: x -> s0 -> s1 -> s2 -> s3
        int[] first = plan(1, new int[][] {{0}, {1}, {2}, {3}});
        assertThat(first).containsExactly(0, 0, 0, 0);
        // slot 0 x; two independent chains of two, then their sum
        int[] two = plan(1, new int[][] {{0}, {1}, {0}, {3}, {2, 4}});
        assertThat(two).containsExactly(0, 0, 2, 2, 0);
    }

    @Test
    @DisplayName("a step read again higher up is not in the run of the step just above it")
    void readAgainLater() {
        // slot 0 x; step 0: u (1); 1: v = f(u) (2); 2: w = g(v) (3); 3: root = w + u (4)
        int[] first = plan(1, new int[][] {{0}, {1}, {2}, {3, 1}});
        assertThat(first).containsExactly(0, 1, 1, 0);
    }

    @Test
    @DisplayName("a layer's outputs come from one step: the step reading them all owns it")
    void manyOutputs() {
        // slots 0, 1 leaves; step 0 makes slots 2 and 3 (a layer); step 1: s = sum(2, 3) (4); step 2: root = s * x0 (5)
        int[] arg = {0, 1, 3};
        int[] arity = {1, 2, 2};
        int[] args = {0, 2, 3, 4, 0};
        int[] producer = {-1, -1, 0, 0, 1, 2};
        assertThat(RunSkip.plan(3, arg, arity, args, producer)).containsExactly(0, 0, 0);
        // the same layer with its second output read only by the root: step 1 no longer owns it
        int[] args2 = {0, 2, 0, 4, 3};
        int[] arity2 = {1, 2, 2};
        assertThat(RunSkip.plan(3, arg, arity2, args2, producer)).containsExactly(0, 1, 0);
    }
}
