package io.github.micrograd4j.engine;

/**
 * The speed-up {@link Tape.Speedup#SKIP_RUNS}: in {@code backward()}, a step that added nothing (its gradient is 0,
 * or every one of its local derivatives is) lets the steps below it that only it feeds be jumped over at once.
 *
 * <p>Why it is exact: such a step's outputs receive gradient only from that step and from each other, so after a
 * {@code forward()} whose local derivatives were all finite every share they would add is an exact 0, and adding an
 * exact 0 changes no gradient (a gradient that starts at +0.0 is never -0.0). Where it pays: a loss term that is
 * flat at its point (a hinge with margin, a ReLU that is off at the output) stops the whole subgraph of that term;
 * micrograd's moons training, where most points soon have margin, is the workload that shows it.
 *
 * <p>What it buys: 1.12x on the moons training's replay, nothing on the digits or microgpt (one workload only; it
 * stays because the moons tape's target, at most 1.5 times the hand-written floor, needs it). BENCHMARKS.md, "The
 * tape's speed-ups"; {@code bash bench/tape-speedups.sh}.
 */
final class RunSkip {

    private RunSkip() {
    }

    /**
     * Returns, for each step {@code k} (in forward order), the first step of the run of steps just below {@code k}
     * that only {@code k} feeds ({@code k} itself when there is none): after {@code k} added nothing, backward goes
     * on below that step.
     *
     * @param steps       the number of steps
     * @param arg         where each step's operand slots start in {@code args}
     * @param arity       how many operand slots each step reads
     * @param args        the operand slots
     * @param producer    for each slot, the step that computes it, or -1 for a leaf
     */
    static int[] plan(int steps, int[] arg, int[] arity, int[] args, int[] producer) {
        int[] lastReader = new int[steps];                       // the last step that reads each step's outputs
        for (int k = 0; k < steps; k++) {                        // (the root, the last step, is read by none
            for (int a = arg[k]; a < arg[k] + arity[k]; a++) {   // and is never compared)
                int p = producer[args[a]];
                if (p >= 0) {
                    lastReader[p] = k;                           // steps in order: the last write is the last reader
                }
            }
        }
        // the run below k is [e, k) where e - 1 is the last step before k that something above k reads; the
        // candidates for e - 1 are kept on a stack, and one that nothing above k reads never qualifies again
        int[] first = new int[steps];
        int[] stack = new int[steps];
        int depth = 0;
        for (int k = 0; k < steps; k++) {
            while (depth > 0 && lastReader[stack[depth - 1]] <= k) {
                depth--;
            }
            first[k] = depth == 0 ? 0 : stack[depth - 1] + 1;
            stack[depth++] = k;
        }
        return first;
    }
}
