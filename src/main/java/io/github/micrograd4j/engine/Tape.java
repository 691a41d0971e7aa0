package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A recorded graph that is replayed without being rebuilt: {@link #record(Value)} flattens the graph below a root
 * once, in the order {@link Value#backward()} uses, into arrays; {@link #forward()} recomputes every node from the
 * leaves' current data and {@link #backward()} applies the chain rule, with no object made and no search. A
 * training loop whose graph keeps its shape from step to step records it once:
 *
 * <pre>{@code
 * Dataset data = Moons.micrograd100();          // micrograd's 100 moons points
 * double[][] x = data.features();
 * double[] y = data.labels();
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * SGD sgd = new SGD(model.parameters(), 1.0);
 * List<Value> scores = new ArrayList<>();
 * for (double[] row : x) {
 *     scores.add(model.apply(row).get(0));
 * }
 * Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
 * Value score0 = scores.get(0);
 *
 * Tape tape = Tape.record(loss);   // the graph below loss, flattened once, in topological order
 * System.out.println(tape);
 * for (int k = 0; k < 100; k++) {
 *     double l = tape.forward();   // recompute every recorded node from the leaves' current data
 *     model.zeroGrad();
 *     tape.backward();             // exactly as loss.backward(): root seeded with 1, leaves accumulate
 *     sgd.setLearningRate(1.0 - 0.9 * k / 100);
 *     sgd.step();                  // optimizers change the leaves; the next forward() sees it
 *     double s0 = tape.value(score0);   // any recorded node's value from the last forward()
 *     if (k % 33 == 0) {
 *         System.out.printf("step %d loss %.6f score0 %.6f%n", k, l, s0);
 *     }
 * }
 * }</pre>
 * prints (the example main {@code TapeExample} runs exactly this):
 * <pre>
 * Tape(3841 values: 537 leaves, 3304 computed in 304 steps)
 * step 0 loss 2.134596 score0 -1.132823
 * step 33 loss 0.150615 score0 0.201531
 * step 66 loss 0.034176 score0 -0.713312
 * step 99 loss 0.017741 score0 -1.034272
 * </pre>
 *
 * <h2>The layout</h2>
 * <pre>
 * slot s:   0 ............ leafCount-1 | leafCount ........................................... size-1
 *           the leaves (parameters,       the computed values, node by node in forward order
 *           inputs), read at forward()    (a layer's outputs side by side)
 * val[s]    the value from the last forward()
 * grad[s]   the gradient from the last backward()
 *
 * step k:   one per node, in forward order (backward goes from the last step to the first)
 *   kind[k]   UNARY, BINARY or NARY: an op of the table or a custom op; LAYER: a {@link Linear}'s application;
 *             DOT: a dot product (LAYER and DOT only with their speed-ups)
 *   op[k]     the Op;  out[k] the slot of its output (a layer's first output)
 *   arg[k]    where its operands' slots start in args (a layer's: its inputs), arity[k] how many of them
 *   con[k]    its constant (the c of x + c)
 *   args[a]   an operand's slot;  part[a] d(output)/d(operand) from the last forward()
 * </pre>
 * {@code forward()} computes each step's value and partials from {@code val} with the step's op, the same code
 * as when the node was made; {@code backward()} adds {@code part[a] * grad[out[k]]} to {@code grad[args[a]]}, step
 * by step from the last. Both are the loops below, a few lines each.
 *
 * <h2>Speed-ups, each a unit that can be switched off</h2>
 * {@link Speedup} lists them; {@link #record(Value, Set)} takes the ones to use (all, by default). Each gives the
 * same numbers to the bit as the plain loops; the tests run both ways.
 *
 * <h2>The same numbers as rebuilding</h2>
 * Each operation's value and local derivatives come from the same code as in {@link Value}'s methods, and the
 * nodes are replayed in the order {@code backward()} uses, so {@code forward()} and {@code backward()} give the
 * values and leaf gradients of a graph rebuilt from the same leaf data, bit for bit.
 *
 * <h2>What a replay cannot see</h2>
 * <ul>
 * <li>The graph's <em>shape</em> is frozen when it is recorded. A graph whose shape depends on data (a Java
 * {@code if} on a value while building it, a different batch) must be recorded again when that data changes.
 * So is a constant taken from {@code data()} while building ({@code l.sub(max)} with {@code max} a
 * {@code double}): a replay keeps the recording's number. Decisions made inside operations ({@code relu}, a
 * {@code max} in a custom op, as the softmax of {@code nn.Functions} shifts its logits) are recomputed, as they
 * are values.</li>
 * <li>The tape reads the leaves' {@link Value#data()} and adds to their {@link Value#grad()}; it does not write the
 * interior nodes. Read the replayed values with {@link #value(Value)} and {@link #grad(Value)}.</li>
 * <li>A tape is not thread-safe, but tapes that share leaves (one model, two batches) may run {@link #forward()}
 * and {@link #gradient(List, double[])} on different threads at once (see there), and graphs that share leaves
 * may be recorded on different threads at once. {@link #backward()} adds into the shared leaves' gradients.</li>
 * </ul>
 */
public final class Tape {

    /**
     * The speed-ups a tape may use, each a unit of its own that changes no number. What each buys was measured on
     * three workloads, the replay being that many times slower without it: micrograd's moons training (MLP
     * 2-16-16-1, hinge loss), a digits batch (MLP 64-32-10, softmax cross-entropy) and microgpt's loss over a name;
     * {@code bash bench/tape-speedups.sh} measures them, BENCHMARKS.md ("The tape's speed-ups") has the figures.
     */
    public enum Speedup {
        /**
         * A {@link Linear} layer's application runs as one dense step ({@link DenseKernel}): its weights are gathered
         * once per {@code forward()} into a block shared by all its applications, each output summed in a loop
         * over that block, and in {@code backward()} each output's shares go to its bias, weights and inputs in
         * three plain loops. Off: each output is a step of its own, computed by its op's definition.
         * Buys 9x on moons, 5x on digits, 1.6x to 2.5x on microgpt.
         */
        DENSE_LAYERS,
        /**
         * In {@code backward()}, a step whose gradient is exactly 0 is skipped (after a {@code forward()} whose
         * local derivatives were all finite, every share it would add is an exact 0): a ReLU that is off, or a
         * hinge term with margin, stops the pass there. Buys 2.7x on moons (most points soon have margin), 1.09x
         * on microgpt (its MLP's ReLUs), nothing on digits.
         */
        SKIP_ZEROS,
        /**
         * A dot product runs as one loop over its two lists of factors and keeps no partials: each factor's partial
         * is the other factor's value ({@link DotKernel}). Off: it is replayed as any op of many operands. Buys
         * 1.04x to 1.4x on moons (the L2 term), 1.3x on digits, 1.09x on microgpt (attention scores, RMS norms).
         */
        DOT_PRODUCTS,
        /**
         * In {@code backward()}, after a step that added nothing, the steps below it that only it feeds are jumped
         * over ({@link RunSkip}): a hinge term with margin stops its whole point. Buys 1.12x on moons and nothing
         * on digits or microgpt: it pays on one workload, kept because moons' target (the tape at most 1.5 times
         * the hand-written floor; 1.40 with it) needs it.
         */
        SKIP_RUNS
    }

    static final byte UNARY = 0;
    static final byte BINARY = 1;
    static final byte NARY = 2;
    static final byte LAYER = 3;
    static final byte DOT = 4;

    private final Value[] leaves;
    private final int leafCount;
    private final int size;
    private final int rootSlot;
    final double[] val;
    final double[] grad;

    private final byte[] kind;
    private final Op[] op;
    private final int[] out;
    private final int[] arg;
    private final int[] arity;
    private final double[] con;
    final int[] args;
    private final double[] part;
    /** For a LAYER step, its layer's kernel (null for the other steps; there are none when DENSE_LAYERS is off). */
    private final DenseKernel[] layer;
    /** For a LAYER step, the slot of its first input when its inputs sit side by side, else -1. */
    private final int[] inputsAt;
    /** For a LAYER step, which of its outputs the graph uses (null: all of them; the others take no part). */
    private final boolean[][] used;
    /** The kernels of the layers, each once. */
    private final DenseKernel[] kernels;
    private final boolean skipZeros;
    /** With SKIP_RUNS, for each step the first step of the run below it that only it feeds ({@link RunSkip}). */
    private final int[] runs;
    /** Whether the last forward() left every local derivative finite (then a zero gradient adds exact zeros). */
    boolean allFinite;
    private final double[] x;

    /** The pass that ordered the graph: it finds a recorded node's step while the node still holds its mark. */
    private final Pass pass;
    private final Map<Value, Integer> leafSlots;
    private final int[] firstSlot;

    /** The values of the last list passed to gradient(), their slots (-1: not recorded) and which leaves they are. */
    private Value[] wrtValues;
    private int[] wrtSlots;
    private boolean[] wanted;
    /** After gradient(): the leaves whose gradients it computed; null after backward(). */
    private boolean[] gradientLeaves;

    private Tape(Recorder r) {
        leaves = r.leaves.toArray(new Value[0]);
        leafCount = leaves.length;
        size = r.size;
        rootSlot = r.rootSlot;
        val = new double[size];
        grad = new double[size];
        int m = r.steps;
        kind = Arrays.copyOf(r.kind, m);
        op = Arrays.copyOf(r.op, m);
        out = Arrays.copyOf(r.out, m);
        arg = Arrays.copyOf(r.arg, m);
        arity = Arrays.copyOf(r.arity, m);
        con = Arrays.copyOf(r.con, m);
        args = Arrays.copyOf(r.args, r.argCount);
        part = new double[r.argCount];
        layer = Arrays.copyOf(r.layer, m);
        inputsAt = Arrays.copyOf(r.inputsAt, m);
        used = Arrays.copyOf(r.used, m);
        kernels = r.kernels.values().toArray(new DenseKernel[0]);
        skipZeros = r.speedups.contains(Speedup.SKIP_ZEROS);
        runs = r.speedups.contains(Speedup.SKIP_RUNS) ? RunSkip.plan(m, arg, arity, args, r.producer()) : null;
        x = new double[r.maxArity];
        pass = r.pass;
        leafSlots = r.leafSlots;
        firstSlot = r.firstSlot;
    }

    /**
     * Returns a tape of the graph below {@code root}, with every {@link Speedup}: every node {@code root} depends
     * on, leaves included, flattened once in the order {@code root.backward()} uses. The tape is computed once
     * from the leaves' current data, so {@link #value(Value)} and {@link #backward()} can be used at once. The
     * graph is read, not changed.
     *
     * @param root the value to replay, made by operations
     * @return the tape
     * @throws NullPointerException     if {@code root} is null
     * @throws IllegalArgumentException if {@code root} is a leaf
     */
    public static Tape record(Value root) {
        return record(root, EnumSet.allOf(Speedup.class));
    }

    /**
     * Returns a tape of the graph below {@code root} that uses only the given speed-ups (an empty set: the plain
     * loops). The numbers are the same whichever are used.
     *
     * @param root     the value to replay, made by operations
     * @param speedups the speed-ups to use
     * @return the tape
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code root} is a leaf
     */
    public static Tape record(Value root, Set<Speedup> speedups) {
        Objects.requireNonNull(root, "root == null");
        Objects.requireNonNull(speedups, "speedups == null");
        if (root.isLeaf()) {
            throw new IllegalArgumentException("root is a leaf (" + root + "): there is nothing to replay; "
                    + "record the root of a graph made by operations");
        }
        Tape tape = new Tape(new Recorder(root, speedups));
        tape.forward();
        return tape;
    }

    /**
     * Recomputes every recorded node, operands before the nodes that use them, from the leaves' current
     * {@link Value#data()}, and returns the root's value. The leaves are not changed; interior nodes keep their
     * own {@code data()} (read the new values with {@link #value(Value)}).
     *
     * @return the root's new value
     */
    public double forward() {
        double[] v = val;
        for (int i = 0; i < leafCount; i++) {
            v[i] = leaves[i].data;
        }
        for (DenseKernel kernel : kernels) {
            kernel.gather(v);
        }
        boolean finite = true;
        for (int k = 0; k < kind.length; k++) {
            int a = arg[k];
            switch (kind[k]) {
                case UNARY -> {
                    Op.Unary f = (Op.Unary) op[k];
                    double in = v[args[a]];
                    double y = f.value(in, con[k]);
                    v[out[k]] = y;
                    part[a] = f.partial(in, con[k], y);
                    finite &= Double.isFinite(part[a]);
                }
                case BINARY -> {
                    Op.Binary f = (Op.Binary) op[k];
                    double l = v[args[a]];
                    double r = v[args[a + 1]];
                    double y = f.value(l, r);
                    v[out[k]] = y;
                    part[a] = f.partialA(l, r, y);
                    part[a + 1] = f.partialB(l, r, y);
                    finite &= Double.isFinite(part[a]) && Double.isFinite(part[a + 1]);
                }
                case NARY -> {
                    int n = arity[k];
                    double[] in = n == x.length ? x : new double[n];
                    for (int i = 0; i < n; i++) {
                        in[i] = v[args[a + i]];
                    }
                    double y = op[k].value(in, con[k]);
                    v[out[k]] = y;
                    op[k].partials(in, con[k], y, part, a);
                    for (int i = a; i < a + n; i++) {
                        finite &= Double.isFinite(part[i]);
                    }
                }
                case DOT -> finite &= Double.isFinite(DotKernel.forward(v, args, a, arity[k] / 2, out[k]));
                default -> finite &= layer[k].forward(this, a, out[k], inputsAt[k]);
            }
        }
        allFinite = finite;
        return v[rootSlot];
    }

    /**
     * Computes the gradient of the root with respect to every recorded node, as {@code root.backward()} would:
     * the root is seeded with 1, every leaf's {@link Value#grad()} accumulates (add to what it holds, until
     * {@code zeroGrad()}), interior gradients are recomputed (read them with {@link #grad(Value)}). Uses the
     * values and local derivatives of the last {@link #forward()} (or of the recording).
     */
    public void backward() {
        for (int i = 0; i < leafCount; i++) {
            grad[i] = leaves[i].grad;
        }
        propagate(null);
        for (int i = 0; i < leafCount; i++) {
            leaves[i].grad = grad[i];
        }
        gradientLeaves = null;
    }

    /** The chain rule, from the last step to the first; {@code wanted}: which leaves need their shares (null: all). */
    private void propagate(boolean[] wanted) {
        double[] g = grad;
        Arrays.fill(g, leafCount, size, 0.0);
        g[rootSlot] = 1.0;
        boolean skip = skipZeros && allFinite;
        int[] run = allFinite ? runs : null;
        for (int k = kind.length - 1; k >= 0; k--) {
            boolean added;
            if (kind[k] == LAYER) {
                added = layer[k].backward(this, arg[k], out[k], inputsAt[k], used[k], skip, wanted);
            } else if (kind[k] == DOT) {
                double gk = g[out[k]];
                added = gk != 0 || !skip;
                if (added) {
                    DotKernel.backward(val, g, args, arg[k], arity[k] / 2, gk);
                }
            } else {
                double gk = g[out[k]];
                added = gk != 0 || !skip;                     // else every share would be an exact 0
                if (added) {
                    boolean any = !Double.isFinite(gk);
                    for (int a = arg[k], end = a + arity[k]; a < end; a++) {
                        g[args[a]] += part[a] * gk;
                        any |= part[a] != 0;
                    }
                    added = any;
                }
            }
            if (!added && run != null) {
                k = run[k];                                   // what only k feeds would add exact zeros
            }
        }
    }

    /**
     * Computes the gradient of the root with respect to each value of {@code wrt} into {@code into}, reading and
     * writing no {@link Value#grad()}: {@code into[i] = d(root)/d(wrt.get(i))}, overwritten. This is the pass of
     * {@link #backward()} (the root seeded with 1, the local derivatives of the last {@link #forward()}) with every
     * leaf starting from gradient 0, so {@code into[i]} is, bit for bit, what {@code backward()} would add to the
     * leaf's {@code grad()} after {@code zeroGrad()}. An element may also be an interior node of the tape (its
     * gradient, as {@link #grad(Value)} gives it), and may be listed more than once; a value that the root does not
     * depend on, recorded or not, gets 0.
     *
     * <p>Data-parallel training records one tape per shard of a batch (each with its own input leaves, all over
     * the same parameters), runs them on different threads, and sums the {@code into} arrays in a fixed order:
     * <pre>{@code
     * Value w = new Value(3.0);                       // a parameter shared by two shards
     * Value x0 = new Value(1.0);
     * Value x1 = new Value(-2.0);
     * Tape shard0 = Tape.record(w.mul(x0).tanh());
     * Tape shard1 = Tape.record(w.mul(x1).tanh());
     * List<Value> params = List.of(w);
     * double[] g0 = new double[1];
     * double[] g1 = new double[1];
     * shard0.gradient(params, g0);                    // these two may run on two threads at once
     * shard1.gradient(params, g1);
     * double dw = g0[0] + g1[0];                     // summed in a fixed order: the same bits every run
     * System.out.printf("%.6f %.6f %.6f%n", g0[0], g1[0], dw);
     * System.out.println(w.grad());                   // 0.0: gradient() does not touch grad()
     * }</pre>
     * prints
     * <pre>
     * 0.009866 -0.000049 0.009817
     * 0.0
     * </pre>
     *
     * <p>Afterwards {@link #grad(Value)} answers from this pass for the interior nodes and the leaves of
     * {@code wrt}. Shares into leaves that are not in {@code wrt} may be left out (a layer whose inputs are such
     * leaves skips them), so {@code grad(leaf)} of another leaf throws until the next {@code backward()}. The slots
     * of {@code wrt} are looked up once and kept while the next call passes the same values in the same order.
     *
     * <p>Threads: the pass reads the tape's values and local derivatives and writes only the tape's own arrays
     * and {@code into}; {@link #forward()} only reads the leaves. So tapes that share leaves may run
     * {@code forward()} and {@code gradient(...)} on different threads at the same time, as long as nobody changes
     * the leaves' data meanwhile (and any {@link CustomOp}'s functions may be called from two threads). One tape
     * must not be used by two threads at once.
     *
     * @param wrt  the values to differentiate with respect to, typically a model's parameters
     * @param into where to store the gradients, one per element of {@code wrt}
     * @throws NullPointerException     if {@code wrt}, {@code into} or an element of {@code wrt} is null
     * @throws IllegalArgumentException if {@code into.length} is not {@code wrt.size()}
     */
    public void gradient(List<? extends Value> wrt, double[] into) {
        Objects.requireNonNull(wrt, "wrt == null");
        Objects.requireNonNull(into, "into == null");
        int n = wrt.size();
        if (into.length != n) {
            throw new IllegalArgumentException("into.length (" + into.length + ") must be wrt.size() (" + n + ")");
        }
        if (!sameWrt(wrt)) {
            resolve(wrt);
        }
        Arrays.fill(grad, 0, leafCount, 0.0);
        propagate(wanted);
        for (int i = 0; i < n; i++) {
            into[i] = wrtSlots[i] < 0 ? 0.0 : grad[wrtSlots[i]];
        }
        gradientLeaves = wanted;
    }

    /** Whether {@code wrt} holds the values of the last resolved list, in order. */
    private boolean sameWrt(List<? extends Value> wrt) {
        Value[] last = wrtValues;
        if (last == null || last.length != wrt.size()) {
            return false;
        }
        for (int i = 0; i < last.length; i++) {
            if (wrt.get(i) != last[i]) {
                return false;
            }
        }
        return true;
    }

    /** Looks up the slots of {@code wrt}'s values and marks which leaves they are. */
    private void resolve(List<? extends Value> wrt) {
        int n = wrt.size();
        Value[] values = new Value[n];
        int[] slots = new int[n];
        boolean[] leafWanted = new boolean[leafCount];
        for (int i = 0; i < n; i++) {
            Value v = wrt.get(i);
            if (v == null) {
                throw new NullPointerException("wrt.get(" + i + ") == null");
            }
            values[i] = v;
            slots[i] = slotOf(v);
            if (slots[i] >= 0 && slots[i] < leafCount) {
                leafWanted[slots[i]] = true;
            }
        }
        wrtValues = values;
        wrtSlots = slots;
        wanted = leafWanted;
    }

    /**
     * Returns a recorded node's value from the last {@link #forward()} (or from the recording).
     *
     * @param node a node of the recorded graph (a leaf, an interior node or the root)
     * @return its value
     * @throws NullPointerException     if {@code node} is null
     * @throws IllegalArgumentException if {@code node} was not recorded by this tape
     */
    public double value(Value node) {
        return val[requireSlot(node)];
    }

    /**
     * Returns d(root)/d(node) from the last {@link #backward()} or {@link #gradient(List, double[])}, whichever
     * ran last: after {@code backward()}, for a leaf, what its {@link Value#grad()} held after that pass; after
     * {@code gradient(wrt, into)}, the gradient from zero (for a leaf of {@code wrt}, what it stored in
     * {@code into}); 0 before the first.
     *
     * @param node a node of the recorded graph
     * @return its gradient
     * @throws NullPointerException     if {@code node} is null
     * @throws IllegalArgumentException if {@code node} was not recorded by this tape
     * @throws IllegalStateException    if the last pass was {@code gradient(wrt, into)} and {@code node} is a leaf
     *                                  not in {@code wrt}, whose gradient that pass did not compute
     */
    public double grad(Value node) {
        int s = requireSlot(node);
        if (s < leafCount && gradientLeaves != null && !gradientLeaves[s]) {
            throw new IllegalStateException("leaf " + node + " was not in the list of the last gradient() pass, "
                    + "which computes only those leaves' gradients; list it there, or call backward()");
        }
        return grad[s];
    }

    private int requireSlot(Value node) {
        Objects.requireNonNull(node, "node == null");
        int s = slotOf(node);
        if (s < 0) {
            throw new IllegalArgumentException("node " + node + " was not recorded by this tape: it is not in the "
                    + "graph below the recorded root (a node built after recording must be recorded again)");
        }
        return s;
    }

    /** Returns a value's slot, or -1 if it was not recorded. */
    private int slotOf(Value v) {
        if (v.isLeaf()) {
            Integer s = leafSlots.get(v);
            return s == null ? -1 : s;
        }
        int k = pass.position(v);
        if (k < 0 || v instanceof Linear.Row r && !pass.reached(r)) {
            return -1;                                        // not below the root (a layer's unused output)
        }
        return firstSlot[k] + (v instanceof Linear.Row r ? r.j : 0);
    }

    /**
     * Returns the number of recorded values, leaves included.
     *
     * @return the number of values the tape computes or reads
     */
    public int size() {
        return size;
    }

    /**
     * Returns {@code Tape(<size> values: <leaves> leaves, <computed> computed in <steps> steps)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Tape(" + size + " values: " + leafCount + " leaves, " + (size - leafCount) + " computed in "
                + kind.length + " steps)";
    }

    /**
     * Flattens a graph: orders it (one {@link Pass}), gives each value a slot (the leaves first, a layer's weights
     * row after row and side by side when it is first met) and each node its steps, with its operands' slots.
     */
    private static final class Recorder {
        final Set<Speedup> speedups;
        final Pass pass = new Pass(false);
        final List<Value> leaves = new ArrayList<>();
        final Map<Value, Integer> leafSlots = new IdentityHashMap<>();
        int[] firstSlot;
        int size;
        int rootSlot;
        int steps;
        byte[] kind = new byte[16];
        Op[] op = new Op[16];
        int[] out = new int[16];
        int[] arg = new int[16];
        int[] arity = new int[16];
        double[] con = new double[16];
        DenseKernel[] layer = new DenseKernel[16];
        int[] inputsAt = new int[16];
        boolean[][] used = new boolean[16][];
        final Map<Linear, DenseKernel> kernels = new IdentityHashMap<>();
        int[] args = new int[64];
        int argCount;
        int maxArity = 1;

        Recorder(Value root, Set<Speedup> speedups) {
            this.speedups = EnumSet.noneOf(Speedup.class);
            this.speedups.addAll(speedups);
            boolean dense = speedups.contains(Speedup.DENSE_LAYERS);
            pass.order(root, true);
            Node[] nodes = pass.nodes;
            int m = pass.size;
            if (dense) {                                      // each layer's weights side by side, row after row
                for (int k = 0; k < m; k++) {
                    if (nodes[k] instanceof Linear.Application app && !kernels.containsKey(app.layer)) {
                        kernels.put(app.layer, new DenseKernel(app.layer, this::leafSlot));
                    }
                }
            }
            Map<Linear, Boolean> layers = new IdentityHashMap<>();
            for (int k = 0; k < m; k++) {
                Node n = nodes[k];
                if (n instanceof Node.Unary u) {
                    leaf(u.a);
                } else if (n instanceof Node.Binary b) {
                    leaf(b.a);
                    leaf(b.b);
                } else if (n instanceof Node.Nary nary) {
                    for (Value v : nary.operands) {
                        leaf(v);
                    }
                } else {
                    Linear.Application app = (Linear.Application) n;
                    if (layers.put(app.layer, Boolean.TRUE) == null) {
                        for (int j = 0; j < app.rows.length; j++) {
                            for (int i = 0; i < app.x.length; i++) {
                                leaf(app.layer.weight(j, i));
                            }
                            if (app.layer.hasBiases()) {
                                leaf(app.layer.bias(j));
                            }
                        }
                    }
                    for (Value v : app.x) {
                        leaf(v);
                    }
                }
            }
            firstSlot = new int[m];
            size = leaves.size();
            for (int k = 0; k < m; k++) {
                firstSlot[k] = size;
                size += nodes[k] instanceof Linear.Application app ? app.rows.length : 1;
            }
            for (int k = 0; k < m; k++) {
                describe(nodes[k], firstSlot[k]);
            }
            rootSlot = slot(root);
        }

        /** Which outputs of an application the graph uses, or null when it uses all. */
        private boolean[] reached(Linear.Application app) {
            boolean[] r = new boolean[app.rows.length];
            boolean all = true;
            for (int j = 0; j < r.length; j++) {
                r[j] = pass.reached(app.rows[j]);
                all &= r[j];
            }
            return all ? null : r;
        }

        /** For each slot, the step that computes it, or -1 for a leaf. */
        int[] producer() {
            int[] p = new int[size];
            Arrays.fill(p, -1);
            for (int k = 0; k < steps; k++) {
                int n = kind[k] == LAYER ? layer[k].nout() : 1;
                for (int j = 0; j < n; j++) {
                    p[out[k] + j] = k;
                }
            }
            return p;
        }

        /** Gives {@code v} a slot if it is a leaf that has none yet. */
        private void leaf(Value v) {
            if (v.isLeaf()) {
                leafSlot(v);
            }
        }

        /** Adds the steps of node n, whose first output is slot s. */
        private void describe(Node n, int s) {
            if (n instanceof Node.Unary u) {
                step(UNARY, u.op, s, u.c, u.a);
            } else if (n instanceof Node.Binary b) {
                step(BINARY, b.op, s, 0.0, b.a, b.b);
            } else if (n instanceof Node.Nary nary) {
                step(nary.op == Ops.DOT && speedups.contains(Speedup.DOT_PRODUCTS) ? DOT : NARY, nary.op, s, 0.0,
                        nary.operands);
            } else {
                Linear.Application app = (Linear.Application) n;
                DenseKernel kernel = kernels.get(app.layer);
                if (kernel != null) {
                    step(LAYER, app.layer.rowOp(), s, 0.0, app.x);
                    layer[steps - 1] = kernel;
                    inputsAt[steps - 1] = DenseKernel.sideBySide(args, arg[steps - 1], app.x.length);
                    used[steps - 1] = reached(app);
                } else {
                    for (int j = app.rows.length - 1; j >= 0; j--) {   // so that backward meets them 0, 1, ...
                        Linear.Row r = app.rows[j];
                        if (pass.reached(r)) {
                            step(NARY, r.operation(), s + j, 0.0, r.operands());
                        }
                    }
                }
            }
        }

        private void step(byte k, Op f, int output, double c, Value... operands) {
            if (steps == kind.length) {
                int more = steps * 2;
                kind = Arrays.copyOf(kind, more);
                op = Arrays.copyOf(op, more);
                out = Arrays.copyOf(out, more);
                arg = Arrays.copyOf(arg, more);
                arity = Arrays.copyOf(arity, more);
                con = Arrays.copyOf(con, more);
                layer = Arrays.copyOf(layer, more);
                inputsAt = Arrays.copyOf(inputsAt, more);
                used = Arrays.copyOf(used, more);
            }
            kind[steps] = k;
            op[steps] = f;
            out[steps] = output;
            arg[steps] = argCount;
            arity[steps] = operands.length;
            con[steps] = c;
            steps++;
            maxArity = Math.max(maxArity, operands.length);
            for (Value v : operands) {
                if (argCount == args.length) {
                    args = Arrays.copyOf(args, argCount * 2);
                }
                args[argCount++] = slot(v);
            }
        }

        /** Returns a leaf's slot, giving it the next one when it is first met. */
        int leafSlot(Value v) {
            Integer s = leafSlots.get(v);
            if (s == null) {
                s = leaves.size();
                leafSlots.put(v, s);
                leaves.add(v);
            }
            return s;
        }

        /** Returns the slot of a recorded value. */
        private int slot(Value v) {
            if (v.isLeaf()) {
                return leafSlots.get(v);
            }
            int k = pass.position(v);
            return firstSlot[k] + (v instanceof Linear.Row r ? r.j : 0);
        }
    }
}
