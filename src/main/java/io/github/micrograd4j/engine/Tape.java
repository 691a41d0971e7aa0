package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded graph that is replayed without being rebuilt: {@link #record(Value)} flattens the graph below a root
 * once, in the order {@link Value#backward()} uses, into arrays indexed by node; {@link #forward()} recomputes
 * every node from the leaves' current data and {@link #backward()} applies the chain rule, with no object made
 * and no search. A training loop whose graph keeps its shape from step to step records it once:
 *
 * <pre>{@code
 * Dataset data = Moons.micrograd100();          // micrograd's 100 moons points
 * double[][] x = data.features();
 * double[] y = data.labels();
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * SGD sgd = new SGD(model.parameters(), 1.0);
 * List<Value> scores = new ArrayList<>();
 * for (double[] row : x) {
 *     scores.add(model.applyAsValue(row));
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
 * Tape(3946 nodes: 541 leaves, 3405 operations)
 * step 0 loss 2.134596 score0 -1.132823
 * step 33 loss 0.150615 score0 0.201531
 * step 66 loss 0.034176 score0 -0.713312
 * step 99 loss 0.017741 score0 -1.034272
 * </pre>
 *
 * <h2>The same numbers as rebuilding</h2>
 * Each operation's value and local derivatives come from the same code as in {@link Value}'s methods, and the
 * nodes are replayed in the order {@code backward()} would use, so {@code forward()} and {@code backward()}
 * give the values and leaf gradients of a graph rebuilt from the same leaf data, bit for bit.
 *
 * <h2>What a replay cannot see</h2>
 * <ul>
 * <li>The graph's <em>shape</em> is frozen when it is recorded. A graph whose shape depends on data (a Java
 * {@code if} on a value while building it, a loop that stops when a value is small, a different batch) must be
 * recorded again when that data changes: the tape keeps replaying the branch that was taken. Decisions made
 * inside operations ({@code relu}, {@code max} in a custom op) are recomputed, as they are values.</li>
 * <li>The tape reads the leaves' {@link Value#data()} and adds to their {@link Value#grad()}; it does not write
 * the interior nodes: after {@code forward()}, an interior node's {@code data()} (and {@code grad()}) still
 * hold what they held when the graph was built (or last differentiated by its own {@code backward()}). Read the
 * replayed ones with {@link #value(Value)} and {@link #grad(Value)}.</li>
 * <li>A node made by {@link Value#custom(String, double, Value, double) Value.custom} holds numbers, not the
 * functions that made them: {@code record} refuses it. Make such an operation with {@link CustomOp} instead.</li>
 * <li>A tape is not thread-safe. Tapes over graphs that share no node may run on different threads at once
 * (nothing is static). Tapes that share leaves (one model, two batches) may run {@link #forward()} and
 * {@link #gradient(List, double[])} at the same time, which read the leaves and write only the tape (see
 * there), but not {@link #backward()}, which adds into the shared leaves' {@code grad()}. Recording leaves each
 * value's slot in it, leaves included (as a backward pass marks the nodes it visits), so graphs that share
 * values are recorded one at a time: a recording that finds its slots changed by another thread throws
 * {@link java.util.ConcurrentModificationException} (checked on a best-effort basis, as the JDK's collections
 * check theirs: a program must not rely on it).</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * About 61 bytes per recorded node (measured on micrograd's moons graph of 3,946 nodes: the flat arrays, the
 * fused groups' gathered weights and the slot left in each value), plus the graph itself, which the tape keeps
 * reachable so that {@link #value(Value)} can find its nodes. {@code value(node)} finds a node by the slot that
 * recording left in it; after another recording or pass has marked it, by a table of the leaves (or of the
 * interior nodes) built on first use.
 */
public final class Tape {

    private static final byte UNARY = 0;
    private static final byte BINARY = 1;
    private static final byte SUM = 2;
    private static final byte CUSTOM = 3;
    private static final byte WSUM = 4;
    private static final byte WSUM_RELU = 5;
    /** Weighted sums computed together (see {@code Recorder.fusable}): how many, marked on the first and last. */
    private static final int FUSED = 8;
    private static final byte FIRST = 1;
    private static final byte LAST = 2;

    /** The recorded nodes by slot: the leaves first, then the interior nodes in propagation order (root first). */
    private final Value[] nodes;
    private final int leafCount;
    private final double[] val;
    private final double[] grad;

    // interior node k sits in slot leafCount + k
    private final byte[] kind;
    /** {@code FIRST} (in forward order) and {@code LAST} for the weighted sums computed together, else 0. */
    private final byte[] group;
    /**
     * For node k, the end of the run of nodes after it that only k feeds (they get gradient from k and from each
     * other, nothing else), when that run can be jumped over once k has added nothing into its operands (its
     * gradient is exactly 0, or it is a weighted sum whose share is): none of its nodes adds into a leaf except
     * through a weighted sum (which skips such a pass itself), so with finite local derivatives every share it
     * would add is an exact zero into a gradient that a zero does not change (an interior gradient starts at
     * +0.0, so it is never -0.0). 0 when there is no such run.
     */
    private final int[] skipTo;
    /** {@code Value.Unop}, {@code Value.Binop} or {@link CustomOp}. */
    private final Object[] op;
    /** Unary, binary: the (first) operand's slot; weighted sum: the bias's slot; sum, custom: offset in pool. */
    private final int[] a;
    /** Binary: the second operand's slot; weighted sum, sum, custom: the number of terms or operands. */
    private final int[] b;
    /**
     * Weighted sum: the first weight's slot when the weights sit in consecutive slots, else ~(offset in pool);
     * unary, binary: the node's index in c, da and db, which only they use.
     */
    private final int[] w;
    /** Weighted sum: the first input's slot when the inputs sit in consecutive slots, else ~(offset in pool). */
    private final int[] x;
    /** Unary: the constant, at w[k] (one entry per unary or binary node: a binary node's is 0, unused). */
    private final double[] c;
    /** Unary, binary: d/da, at w[k] (a weighted sum's slope is found from its output, see slope(k)). */
    private final double[] da;
    /** Binary: d/db, at w[k] (a unary node's entry is unused). */
    private final double[] db;
    /** Operand slots of sums, custom ops and weighted sums whose arrays do not sit in consecutive slots. */
    private final int[] pool;
    /**
     * The weights and biases of the weighted sums computed together, gathered from their leaves at each forward():
     * one block per distinct group (the groups of one layer over many points share it), the eight biases first,
     * then for each input j the eight weights that multiply it side by side, so that the fused loop reads them
     * at fixed offsets from one index.
     */
    private final double[] packed;
    /** The slot each element of packed is copied from. */
    private final int[] packFrom;
    /** The offset in packed of each fused group's block, in forward order. */
    private final int[] blockAt;
    /** Custom ops' partials, at their operands' offsets in pool. */
    private final double[] poolPartials;
    private final double[] customX;
    private final double[] customP;
    /**
     * The leaves' and the interior nodes' slots, each table built on the first lookup of its kind that the slot
     * left in the value's mark by recording cannot answer (another tape recorded it since, or a pass marked it).
     */
    private Map<Value, Integer> leafSlots;
    private Map<Value, Integer> interiorSlots;
    /** The values of the last list passed to gradient(), their slots (-1: not recorded) and which leaves they are. */
    private Value[] wrtValues;
    private int[] wrtSlots;
    private boolean[] wrtLeaves;
    /** For each node: a weighted sum whose inputs are consecutive leaves none of which is in wrtValues. */
    private boolean[] inputsUnused;
    /** After gradient(): the leaves whose gradients it computed (wrtLeaves); null after backward(). */
    private boolean[] gradientLeaves;
    /** Whether the last forward() left every local derivative (and weighted sum) finite: then runs may be skipped. */
    private boolean allFinite;

    private Tape(Recorder r) {
        nodes = r.nodes;
        leafCount = r.leafCount;
        int n = nodes.length;
        int m = n - leafCount;
        val = new double[n];
        grad = new double[n];
        kind = r.kind;
        group = r.group;
        skipTo = r.skipTo;
        op = r.op;
        a = r.a;
        b = r.b;
        w = r.w;
        x = r.x;
        c = Arrays.copyOf(r.c, r.elementary);
        da = new double[r.elementary];
        db = new double[r.elementary];
        pool = Arrays.copyOf(r.pool, r.poolSize);
        packFrom = Arrays.copyOf(r.packFrom, r.packSize);
        packed = new double[packFrom.length];
        blockAt = Arrays.copyOf(r.blockAt, r.groups);
        poolPartials = new double[pool.length];
        customX = new double[r.maxArity];
        customP = new double[r.maxArity];
    }

    /**
     * Returns a tape of the graph below {@code root}: every node {@code root} depends on, leaves included,
     * flattened once in the order {@code root.backward()} uses. The tape is computed once from the leaves'
     * current data, so {@link #value(Value)} and {@link #backward()} can be used at once. Like a backward pass,
     * recording resets the interior nodes' {@code grad()} to 0.
     *
     * @param root the value to replay, made by operations
     * @return the tape
     * @throws NullPointerException     if {@code root} is null
     * @throws IllegalArgumentException if {@code root} is a leaf, or the graph holds a node made by
     *                                  {@code Value.custom}, which cannot be recomputed (the message names the
     *                                  op and says how to make it replayable)
     * @throws java.util.ConcurrentModificationException may be thrown if another thread recorded (or
     *                                  differentiated) a graph sharing values with this one meanwhile, which
     *                                  moved the slots this recording left in them (a best-effort check: see the
     *                                  class comment)
     */
    public static Tape record(Value root) {
        Objects.requireNonNull(root, "root == null");
        if (!(root instanceof Value.Node top)) {
            throw new IllegalArgumentException("root is a leaf (" + root + "): there is nothing to replay; "
                    + "record the root of a graph made by operations");
        }
        List<Value.Node> order = new ArrayList<>();
        for (Value.Node n = new Value.Pass().order(top); n != null; ) {
            order.add(n);
            Value.Node following = n.next;
            n.next = null;                                // as backward() does: no node keeps the order alive
            n = following;
        }
        for (Value.Node n : order) {
            if (n instanceof Value.Nary nary && !nary.isSum() && nary.fn == null) {
                throw new IllegalArgumentException("cannot record op \"" + nary.op() + "\": it was made by "
                        + "Value.custom, which holds the numbers of one point, not a way to recompute them; make "
                        + "the operation with CustomOp.of(name, value function, derivative function) so that a "
                        + "tape can replay it");
            }
        }
        Tape tape = new Tape(new Recorder(order));
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
        Value[] leaves = nodes;
        int base = leafCount;
        for (int i = 0; i < base; i++) {
            v[i] = leaves[i].data;
        }
        double[] block = packed;
        int[] from = packFrom;
        for (int i = 0; i < block.length; i++) {
            block[i] = v[from[i]];                            // the fused groups' weights, from the leaves
        }
        boolean finite = true;                                // every local derivative and sum finite
        int groups = 0;
        for (int k = kind.length - 1; k >= 0; k--) {
            if (group[k] == FIRST) {
                finite &= forwardFused(k, blockAt[groups++]);
                k -= FUSED - 1;
                continue;
            }
            switch (kind[k]) {
                case UNARY -> {
                    Value.Unop f = (Value.Unop) op[k];
                    double in = v[a[k]];
                    int e = w[k];
                    double y = f.value(in, c[e]);
                    v[base + k] = y;
                    double d = f.slope(in, c[e], y);
                    da[e] = d;
                    finite &= Double.isFinite(d);
                }
                case BINARY -> {
                    Value.Binop f = (Value.Binop) op[k];
                    double p = v[a[k]];
                    double q = v[b[k]];
                    double y = f.value(p, q);
                    v[base + k] = y;
                    double dp = f.da(p, q, y);
                    double dq = f.db(p, q, y);
                    da[w[k]] = dp;
                    db[w[k]] = dq;
                    finite &= Double.isFinite(dp) && Double.isFinite(dq);
                }
                case SUM -> {
                    double total = 0.0;
                    for (int j = a[k], end = j + b[k]; j < end; j++) {
                        total += v[pool[j]];
                    }
                    v[base + k] = total;
                }
                case CUSTOM -> {
                    v[base + k] = forwardCustom(k);
                    for (int j = a[k], end = j + b[k]; j < end; j++) {
                        finite &= Double.isFinite(poolPartials[j]);
                    }
                }
                default -> finite &= forwardWeightedSum(k);
            }
        }
        allFinite = finite;
        return v[base];
    }

    private double forwardCustom(int k) {
        CustomOp f = (CustomOp) op[k];
        int at = a[k];
        int n = b[k];
        double[] in = n == customX.length ? customX : new double[n];
        double[] partials = n == customP.length ? customP : new double[n];
        for (int j = 0; j < n; j++) {
            in[j] = val[pool[at + j]];
        }
        double y = f.evaluate(in, partials);
        System.arraycopy(partials, 0, poolPartials, at, n);
        return y;
    }

    /** {@code act(bias + sum(w[j] * x[j]))}, summed in index order from the bias, as the eager node does. */
    private boolean forwardWeightedSum(int k) {
        return activate(k, sum(k));
    }

    /** Weighted sum k before its activation: the bias, then w[j] * x[j] added in index order. */
    private double sum(int k) {
        double[] v = val;
        double z = v[a[k]];
        int n = b[k];
        int wk = w[k];
        int xk = x[k];
        if (wk >= 0 && xk >= 0) {
            for (int j = 0; j < n; j++) {
                z += v[wk + j] * v[xk + j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                z += v[slot(wk, j)] * v[slot(xk, j)];
            }
        }
        return z;
    }

    /**
     * Weighted sums k, k-1, ..., k-7 together, their biases and weights read from the block at {@code o} in
     * packed: eight independent sums over one input array, each in its own order, so that the processor overlaps
     * their additions. (The work is in three more methods, each small enough for the JIT to inline here.)
     */
    private boolean forwardFused(int k, int o) {
        return b[k] == 2 ? forwardFused2(k, o) : forwardFusedLoop(k, o);
    }

    /** A fused group over two inputs (a first layer over two features): no loop. */
    private boolean forwardFused2(int k, int o) {
        double[] v = val;
        double[] p = packed;
        int xk = x[k];
        double x0 = v[xk];
        double x1 = v[xk + 1];
        int q = o + FUSED;
        return store(k, p[o] + p[q] * x0 + p[q + 8] * x1,    // (z + w0 * x0) + w1 * x1, as the loop adds
                p[o + 1] + p[q + 1] * x0 + p[q + 9] * x1,
                p[o + 2] + p[q + 2] * x0 + p[q + 10] * x1,
                p[o + 3] + p[q + 3] * x0 + p[q + 11] * x1,
                p[o + 4] + p[q + 4] * x0 + p[q + 12] * x1,
                p[o + 5] + p[q + 5] * x0 + p[q + 13] * x1,
                p[o + 6] + p[q + 6] * x0 + p[q + 14] * x1,
                p[o + 7] + p[q + 7] * x0 + p[q + 15] * x1);
    }

    /** A fused group over any number of inputs. */
    private boolean forwardFusedLoop(int k, int o) {
        double[] v = val;
        double[] p = packed;
        int n = b[k];
        int xk = x[k];
        double z0 = p[o];
        double z1 = p[o + 1];
        double z2 = p[o + 2];
        double z3 = p[o + 3];
        double z4 = p[o + 4];
        double z5 = p[o + 5];
        double z6 = p[o + 6];
        double z7 = p[o + 7];
        for (int j = 0; j < n; j++) {
            double xj = v[xk + j];
            int q = o + FUSED + FUSED * j;                    // input j's eight weights
            z0 += p[q] * xj;
            z1 += p[q + 1] * xj;
            z2 += p[q + 2] * xj;
            z3 += p[q + 3] * xj;
            z4 += p[q + 4] * xj;
            z5 += p[q + 5] * xj;
            z6 += p[q + 6] * xj;
            z7 += p[q + 7] * xj;
        }
        return store(k, z0, z1, z2, z3, z4, z5, z6, z7);
    }

    /**
     * Stores the outputs of fused group k for its sums z0..z7; returns whether their sum is finite (so false
     * when one is not, and, harmlessly, when the sum overflows).
     */
    private boolean store(int k, double z0, double z1, double z2, double z3, double z4, double z5, double z6,
            double z7) {
        if (kind[k] == WSUM_RELU) {                           // a group is all ReLU or all linear (fusable)
            relu(k, z0);
            relu(k - 1, z1);
            relu(k - 2, z2);
            relu(k - 3, z3);
            relu(k - 4, z4);
            relu(k - 5, z5);
            relu(k - 6, z6);
            relu(k - 7, z7);
        } else {
            activate(k, z0);
            activate(k - 1, z1);
            activate(k - 2, z2);
            activate(k - 3, z3);
            activate(k - 4, z4);
            activate(k - 5, z5);
            activate(k - 6, z6);
            activate(k - 7, z7);
        }
        return Double.isFinite(z0 + z1 + z2 + z3 + z4 + z5 + z6 + z7);   // an overflow only makes this false
    }

    /*
     * A weighted sum stores only its output. Its slope is found again by backward() from the output (see
     * slope(k)), and whether its sum was finite matters only after a forward() that met a non-finite number,
     * when backward() computes the sum again (see finiteSum(k)): two stores fewer per sum.
     */

    /** Stores ReLU weighted sum k's output for the sum z. */
    private void relu(int k, double z) {
        val[leafCount + k] = Value.Unop.RELU.value(z, 0.0);
    }

    /** Stores weighted sum k's output for the sum z; returns whether z is finite. */
    private boolean activate(int k, double z) {
        val[leafCount + k] = kind[k] == WSUM_RELU ? Value.Unop.RELU.value(z, 0.0) : z;
        return Double.isFinite(z);
    }

    /**
     * Returns weighted sum k's activation slope at its last sum z, from its output y: ReLU's slope is a function
     * of its output too ({@code z <= 0} exactly when {@code max(0, z) <= 0}, and a NaN gives NaN), so
     * {@code RELU.slope(y, 0, y)} is {@code RELU.slope(z, 0, y)} bit for bit.
     */
    private double slope(int k) {
        if (kind[k] != WSUM_RELU) {
            return 1.0;
        }
        double y = val[leafCount + k];
        return Value.Unop.RELU.slope(y, 0.0, y);
    }

    /** Whether weighted sum k's last sum was finite: always after a finite forward(), else computed again. */
    private boolean finiteSum(int k) {
        return allFinite || Double.isFinite(sum(k));
    }

    /** The slot of element j of an array recorded as {@code code}: consecutive from code, or listed in pool. */
    private int slot(int code, int j) {
        return code >= 0 ? code + j : pool[~code + j];
    }

    /**
     * Computes the gradient of the root with respect to every recorded node, as {@code root.backward()} would:
     * the root is seeded with 1, every leaf's {@link Value#grad()} accumulates (add to what it holds, until
     * {@code zeroGrad()}), interior gradients are recomputed (read them with {@link #grad(Value)}). Uses the
     * local derivatives of the last {@link #forward()} (or of the recording).
     */
    public void backward() {
        double[] g = grad;
        Value[] leaves = nodes;
        int base = leafCount;
        for (int i = 0; i < base; i++) {
            g[i] = leaves[i].grad;
        }
        propagate(null);
        for (int i = 0; i < base; i++) {
            leaves[i].grad = g[i];
        }
        gradientLeaves = null;
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
     * {@code wrt}. The pass may leave out the shares into leaves that are not in {@code wrt} (a weighted sum over
     * an input array of such leaves skips them), so {@code grad(leaf)} of another leaf throws until the next
     * {@code backward()}. The slots of the values of {@code wrt} are looked up once and kept while the next call
     * passes the same values in the same order (checked by identity, element by element), so a training loop
     * pays for the lookup once.
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
        double[] g = grad;
        Arrays.fill(g, 0, leafCount, 0.0);
        propagate(inputsUnused);
        int[] s = wrtSlots;
        for (int i = 0; i < n; i++) {
            into[i] = s[i] < 0 ? 0.0 : g[s[i]];
        }
        gradientLeaves = wrtLeaves;
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

    /** Looks up the slots of {@code wrt}'s values, and which weighted sums' input arrays none of them is in. */
    private void resolve(List<? extends Value> wrt) {
        int n = wrt.size();
        Value[] values = new Value[n];
        int[] s = new int[n];
        boolean[] leaves = new boolean[leafCount];
        for (int i = 0; i < n; i++) {
            Value v = wrt.get(i);
            if (v == null) {
                throw new NullPointerException("wrt.get(" + i + ") == null");
            }
            values[i] = v;
            s[i] = find(v);
            if (s[i] >= 0 && s[i] < leafCount) {
                leaves[s[i]] = true;
            }
        }
        int[] wanted = new int[leafCount + 1];            // prefix counts of the leaves in wrt
        for (int i = 0; i < leafCount; i++) {
            wanted[i + 1] = wanted[i] + (leaves[i] ? 1 : 0);
        }
        boolean[] unused = new boolean[kind.length];
        for (int k = 0; k < kind.length; k++) {
            int xk = x[k];
            unused[k] = (kind[k] == WSUM || kind[k] == WSUM_RELU) && w[k] >= 0 && xk >= 0 && xk + b[k] <= leafCount
                    && wanted[xk + b[k]] == wanted[xk];
        }
        wrtValues = values;
        wrtSlots = s;
        wrtLeaves = leaves;
        inputsUnused = unused;
    }

    /**
     * The chain rule from the root, into the leaves' gradients already in {@code grad}. A weighted sum k for which
     * {@code inputsUnused[k]} holds adds nothing into its inputs (null: every share is added).
     */
    private void propagate(boolean[] inputsUnused) {
        double[] g = grad;
        int base = leafCount;
        Arrays.fill(g, base, g.length, 0.0);
        g[base] = 1.0;
        boolean finite = allFinite;
        for (int k = 0; k < kind.length; k++) {
            if (group[k] == LAST) {
                if (finite) {
                    backwardGroup(k, inputsUnused != null && inputsUnused[k]);
                    k += FUSED - 1;
                    continue;
                }
                if (skipsFused(k)) {
                    k += FUSED - 1;
                    continue;
                }
            }
            double gk = g[base + k];
            switch (kind[k]) {
                case UNARY -> g[a[k]] += da[w[k]] * gk;
                case BINARY -> {
                    g[a[k]] += da[w[k]] * gk;
                    g[b[k]] += db[w[k]] * gk;
                }
                case SUM -> {
                    for (int j = a[k], end = j + b[k]; j < end; j++) {
                        g[pool[j]] += gk;
                    }
                }
                case CUSTOM -> {
                    for (int j = a[k], end = j + b[k]; j < end; j++) {
                        g[pool[j]] += poolPartials[j] * gk;
                    }
                }
                default -> {
                    if (!backwardWeightedSum(k, gk, inputsUnused != null && inputsUnused[k])) {
                        gk = 0;                               // it added nothing, as a zero gradient would
                    }
                }
            }
            int end = skipTo[k];
            if (gk == 0 && end != 0 && finite) {
                k = end - 1;                                  // what only k feeds would add exact zeros
            }
        }
    }

    /**
     * Weighted sums k to k+7 of a fused group after a finite forward(), in propagation order, each as
     * backwardWeightedSum would (a dead unit, share exactly 0, adds nothing), without a trip through propagate's
     * loop each. None of them starts a run that could be jumped over (skipTo): besides leaves, they read only
     * their inputs, which all eight read.
     */
    private void backwardGroup(int k, boolean weightsOnly) {
        double[] g = grad;
        int base = leafCount;
        for (int i = k; i < k + FUSED; i++) {
            double s = slope(i) * g[base + i];
            if (s != 0) {
                backwardShares(i, s, weightsOnly);
            }
        }
    }

    /**
     * Whether the fused weighted sums k to k+7 would all be skipped, after a forward() that met a non-finite number
     * (after a finite one, backwardGroup goes through them).
     */
    private boolean skipsFused(int k) {
        double[] g = grad;
        int base = leafCount;
        for (int i = k; i < k + FUSED; i++) {
            if (g[base + i] * slope(i) != 0 || !finiteSum(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As the eager node: skipped when every share would be an exact 0, else bias, then w[j] and x[j] in order; with
     * {@code weightsOnly}, the shares into the inputs (consecutive leaves nobody asked for) are left out. Returns
     * whether it added anything.
     */
    private boolean backwardWeightedSum(int k, double gk, boolean weightsOnly) {
        double s = slope(k) * gk;
        if (s == 0 && finiteSum(k)) {
            return false;
        }
        backwardShares(k, s, weightsOnly);
        return true;
    }

    /** Adds weighted sum k's shares of the gradient {@code s = slope * grad}: bias, then w[j] and x[j] in order. */
    private void backwardShares(int k, double s, boolean weightsOnly) {
        double[] g = grad;
        double[] v = val;
        g[a[k]] += s;
        int n = b[k];
        int wk = w[k];
        int xk = x[k];
        if (weightsOnly) {
            for (int j = 0; j < n; j++) {
                g[wk + j] += v[xk + j] * s;
            }
        } else if (wk == xk && wk >= 0) {                     // sum(w[j] * w[j]): w[j] gets w[j] * s twice
            for (int j = 0; j < n; j++) {
                double share = v[wk + j] * s;
                g[wk + j] = g[wk + j] + share + share;
            }
        } else if (wk >= 0 && xk >= 0) {
            for (int j = 0; j < n; j++) {
                g[wk + j] += v[xk + j] * s;
                g[xk + j] += v[wk + j] * s;
            }
        } else {
            for (int j = 0; j < n; j++) {
                int wj = slot(wk, j);
                int xj = slot(xk, j);
                g[wj] += v[xj] * s;
                g[xj] += v[wj] * s;
            }
        }
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
        return val[slotOf(node)];
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
        int s = slotOf(node);
        if (s < leafCount && gradientLeaves != null && !gradientLeaves[s]) {
            throw new IllegalStateException("leaf " + node + " was not in the list of the last gradient() pass, "
                    + "which computes only those leaves' gradients; list it there, or call backward()");
        }
        return grad[s];
    }

    private int slotOf(Value node) {
        Objects.requireNonNull(node, "node == null");
        int s = find(node);
        if (s < 0) {
            throw new IllegalArgumentException("node " + node + " was not recorded by this tape: it is not in the "
                    + "graph below the recorded root (a node built after recording must be recorded again)");
        }
        return s;
    }

    /** Returns a node's slot, or -1 if it was not recorded. */
    private int find(Value node) {
        int marked = markedSlot(node, nodes);
        if (marked >= 0) {
            return marked;                                    // the slot recording left, still in place
        }
        Integer s;
        if (node instanceof Value.Node) {
            if (interiorSlots == null) {
                interiorSlots = table(leafCount, nodes.length);
            }
            s = interiorSlots.get(node);
        } else {
            if (leafSlots == null) {
                leafSlots = table(0, leafCount);
            }
            s = leafSlots.get(node);
        }
        return s == null ? -1 : s;
    }

    /** The slot that a recording left in v's mark, if it is v's slot among {@code nodes}; else -1. */
    private static int markedSlot(Value v, Value[] nodes) {
        return v.mark instanceof Integer s && s < nodes.length && nodes[s] == v ? s : -1;
    }

    /** Returns the slots from..to-1 by their nodes. */
    private Map<Value, Integer> table(int from, int to) {
        Map<Value, Integer> map = new IdentityHashMap<>(to - from);
        for (int s = from; s < to; s++) {
            map.put(nodes[s], s);
        }
        return map;
    }

    /**
     * Returns the number of recorded nodes, leaves included.
     *
     * @return the number of nodes the tape computes or reads
     */
    public int size() {
        return nodes.length;
    }

    /**
     * Returns {@code Tape(<size> nodes: <leaves> leaves, <operations> operations)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Tape(" + nodes.length + " nodes: " + leafCount + " leaves, " + kind.length + " operations)";
    }

    /**
     * Lays the graph out in slots: the leaves (those in weighted sums' arrays first, so that each array sits in
     * consecutive slots), then the interior nodes in propagation order. Runs of eight weighted sums over the same
     * inputs, none of which reads another's output, are marked to be computed together (see fusable), their
     * biases and weights laid out in a block that the groups with the same ones share (see block).
     */
    private static final class Recorder {
        final Value[] nodes;
        final int leafCount;
        final byte[] kind;
        final byte[] group;
        int[] skipTo;
        final Object[] op;
        final int[] a;
        final int[] b;
        final int[] w;
        final int[] x;
        /** The unary nodes' constants: each unary and binary node has a number (see number), its index here. */
        double[] c = new double[16];
        int elementary;
        int[] pool = new int[16];
        int poolSize;
        int[] packFrom = new int[64];
        int packSize;
        int[] blockAt = new int[16];
        int groups;
        /** The fused groups' blocks by what they hold (see block), so that groups with the same weights share one. */
        private final Map<BlockKey, Integer> blocks = new HashMap<>();
        int maxArity;
        /** The weighted sums' weight arrays by identity, and their numbers in arrays. */
        private final Map<Value[], Integer> arrayIds = new IdentityHashMap<>();
        /** The weighted sums' arrays, numbered in the order met (see newArray), and their codes (see encode). */
        private final List<Value[]> arrays = new ArrayList<>();
        private int[] codes;
        private final List<Value> leaves = new ArrayList<>();
        /** For each interior node, the smallest position of a node that reads it. */
        private int[] firstConsumer;

        Recorder(List<Value.Node> order) {
            int m = order.size();
            a = new int[m];
            b = new int[m];
            w = new int[m];
            x = new int[m];
            // the weighted sums' arrays' leaves first, each leaf once, so that each array met first sits in
            // consecutive slots; w[k] and x[k] hold the arrays' numbers until describe() replaces them by their
            // codes. In forward order: in a loss such as micrograd's, data loss plus regularizer, the sum over all
            // the parameters is computed first and lays them out in its order, which keeps each neuron's weights
            // side by side too (with the operands the other way round it comes last and reads them through the
            // pool: the same numbers, a little slower)
            Value[] lastInputs = null;
            int lastInputsId = -1;
            for (int k = m - 1; k >= 0; k--) {
                if (order.get(k) instanceof Value.WeightedSum ws) {
                    w[k] = arrayId(ws.w);
                    if (ws.x != lastInputs) {                 // a layer's neurons share their input array
                        lastInputs = ws.x;
                        lastInputsId = ws.x == ws.w ? w[k] : newArray(ws.x);
                    }
                    x[k] = lastInputsId;
                }
            }
            // then the other leaves; a[k] and b[k] keep a leaf operand's slot (one lookup per operand)
            for (int k = 0; k < m; k++) {
                Value.Node n = order.get(k);
                if (n instanceof Value.Unary u) {
                    a[k] = addLeaf(u.a);
                } else if (n instanceof Value.Binary bin) {
                    a[k] = addLeaf(bin.a);
                    b[k] = addLeaf(bin.b);
                } else if (n instanceof Value.Nary nary) {
                    addLeaves(nary.operands);
                } else {
                    a[k] = addLeaf(((Value.WeightedSum) n).bias);
                }
            }
            leafCount = leaves.size();
            nodes = leaves.toArray(new Value[leafCount + m]);
            for (int s = 0; s < leafCount; s++) {
                if (markedSlot(nodes[s], nodes) != s) {
                    throw movedBy(nodes[s]);
                }
            }
            for (int k = 0; k < m; k++) {
                Value.Node n = order.get(k);
                nodes[leafCount + k] = n;
                n.mark = leafCount + k;                       // the node's slot, until a pass marks it again
            }
            kind = new byte[m];
            group = new byte[m];
            op = new Object[m];
            codes = new int[arrays.size()];
            Arrays.fill(codes, Integer.MIN_VALUE);            // not yet encoded
            for (int k = 0; k < m; k++) {
                describe(k, order.get(k));
            }
            skipTo = spans(m);
            for (int k = m - 1; k >= FUSED - 1; ) {
                if (fusable(k)) {
                    group[k] = FIRST;
                    group[k - FUSED + 1] = LAST;
                    blockAt = room(blockAt, groups);
                    blockAt[groups++] = block(k);
                    k -= FUSED;
                } else {
                    k--;
                }
            }
        }

        /** Returns {@link Tape#skipTo}: for each node, the end of the run of nodes that only it feeds, if safe. */
        private int[] spans(int m) {
            firstConsumer = new int[m];
            Arrays.fill(firstConsumer, Integer.MAX_VALUE);
            int[] unsafe = new int[m + 1];                    // prefix counts of nodes that add into leaves
            int lastInputs = Integer.MIN_VALUE;               // no array yet
            for (int k = 0; k < m; k++) {
                boolean leafOperand;
                switch (kind[k]) {
                    case UNARY -> leafOperand = used(a[k], k);
                    case BINARY -> leafOperand = used(a[k], k) | used(b[k], k);
                    case SUM, CUSTOM -> {
                        leafOperand = false;
                        for (int j = a[k]; j < a[k] + b[k]; j++) {
                            leafOperand |= used(pool[j], k);
                        }
                    }
                    default -> {
                        used(a[k], k);
                        noteArray(w[k], b[k], k);
                        if (x[k] != lastInputs) {             // else the layer's first neuron noted them
                            noteArray(x[k], b[k], k);
                            lastInputs = x[k];
                        }
                        leafOperand = false;                  // a weighted sum skips a zero pass itself
                    }
                }
                boolean risky = kind[k] == CUSTOM || leafOperand;
                unsafe[k + 1] = unsafe[k] + (risky ? 1 : 0);
            }
            int[] end = new int[m];
            int[] skip = new int[m];
            for (int k = m - 1; k >= 0; k--) {
                int e = k + 1;
                while (e < m && firstConsumer[e] >= k) {
                    e = end[e];                               // e and all that only e feeds
                }
                end[k] = e;
                skip[k] = e > k + 1 && unsafe[e] == unsafe[k + 1] ? e : 0;
            }
            return skip;
        }

        /** Notes that weighted sum k reads the n elements of the array recorded as code. */
        private void noteArray(int code, int n, int k) {
            if (code >= 0 && code + n <= leafCount) {
                return;                                       // consecutive leaves: nothing to note
            }
            for (int j = 0; j < n; j++) {
                used(code >= 0 ? code + j : pool[~code + j], k);
            }
        }

        /** Notes that node k reads slot s; returns whether s is a leaf. */
        private boolean used(int s, int k) {
            if (s < leafCount) {
                return true;
            }
            firstConsumer[s - leafCount] = Math.min(firstConsumer[s - leafCount], k);
            return false;
        }

        private void addLeaves(Value[] values) {
            for (Value v : values) {
                addLeaf(v);
            }
        }

        /**
         * Adds a leaf once, leaving its slot in its mark; returns its slot, or -1 for an interior node. A mark is
         * only a hint (another tape may have left it): it counts when this recording's leaf at that slot is v.
         */
        private int addLeaf(Value v) {
            if (v instanceof Value.Node) {
                return -1;
            }
            if (v.mark instanceof Integer s && s < leaves.size() && leaves.get(s) == v) {
                return s;
            }
            int s = leaves.size();
            v.mark = s;
            leaves.add(v);
            return s;
        }

        /** The error for a value whose slot another thread moved while this recording ran. */
        private static ConcurrentModificationException movedBy(Value v) {
            return new ConcurrentModificationException("the slot that recording left in " + v + " was changed "
                    + "while it ran: another thread recorded (or differentiated) a graph sharing this value at the "
                    + "same time; record graphs that share values one at a time");
        }

        /** Returns a weighted sum's weight array's number, adding its leaves the first time it is met. */
        private int arrayId(Value[] array) {
            Integer id = arrayIds.get(array);
            if (id == null) {
                id = newArray(array);
                arrayIds.put(array, id);
            }
            return id;
        }

        /**
         * Numbers an array and adds its leaves. Input arrays are numbered this way whenever a weighted sum's
         * inputs differ from the previous one's, without a lookup: one met again later gets a second number,
         * which encode() gives the same code (or a second copy in pool).
         */
        private int newArray(Value[] array) {
            arrays.add(array);
            addLeaves(array);
            return arrays.size() - 1;
        }

        /** The slot left in a recorded value's mark, checked. */
        private int slot(Value v) {
            int s = markedSlot(v, nodes);
            if (s < 0) {
                throw movedBy(v);
            }
            return s;
        }

        /** The slot of an operand whose slot addLeaf returned ({@code leaf}, -1 for an interior node). */
        private int slot(Value v, int leaf) {
            return leaf >= 0 ? leaf : slot(v);
        }

        private void describe(int k, Value.Node n) {
            if (n instanceof Value.Unary u) {
                kind[k] = UNARY;
                op[k] = u.op;
                a[k] = slot(u.a, a[k]);
                w[k] = number(u.c);
            } else if (n instanceof Value.Binary bin) {
                kind[k] = BINARY;
                op[k] = bin.op;
                a[k] = slot(bin.a, a[k]);
                b[k] = slot(bin.b, b[k]);
                w[k] = number(0.0);
            } else if (n instanceof Value.Nary nary) {
                kind[k] = nary.isSum() ? SUM : CUSTOM;
                op[k] = nary.fn;
                a[k] = poolSize;
                b[k] = nary.operands.length;
                maxArity = Math.max(maxArity, nary.operands.length);
                for (Value v : nary.operands) {
                    append(slot(v));
                }
            } else {
                Value.WeightedSum ws = (Value.WeightedSum) n;
                kind[k] = ws.relu ? WSUM_RELU : WSUM;
                a[k] = slot(ws.bias, a[k]);
                b[k] = ws.w.length;
                w[k] = encode(w[k]);
                x[k] = encode(x[k]);
            }
        }

        /**
         * Returns the code of array number id: the first slot when its elements sit in consecutive slots, else
         * ~(offset in pool).
         */
        private int encode(int id) {
            if (codes[id] != Integer.MIN_VALUE) {
                return codes[id];
            }
            Value[] array = arrays.get(id);
            int first = array.length == 0 ? 0 : slot(array[0]);
            boolean consecutive = true;
            for (int j = 1; j < array.length && consecutive; j++) {
                consecutive = slot(array[j]) == first + j;
            }
            int code = first;
            if (!consecutive) {
                code = ~poolSize;
                for (Value v : array) {
                    append(slot(v));
                }
            }
            codes[id] = code;
            return code;
        }

        /**
         * Returns the offset in packed of the block of fused group k (nodes k, k-1, ..., k-7), laid out the first
         * time such a group is met: the eight biases' slots, then for each input j the eight weights' slots.
         */
        private int block(int k) {
            int n = b[k];
            int[] held = new int[2 * FUSED + 1];
            held[2 * FUSED] = n;
            for (int i = 0; i < FUSED; i++) {
                held[i] = a[k - i];
                held[FUSED + i] = w[k - i];                   // with n, the weights' consecutive slots
            }
            BlockKey key = new BlockKey(held);
            Integer known = blocks.get(key);
            if (known != null) {
                return known;
            }
            int at = packSize;
            for (int i = 0; i < FUSED; i++) {
                appendPacked(a[k - i]);
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < FUSED; i++) {
                    appendPacked(w[k - i] + j);
                }
            }
            blocks.put(key, at);
            return at;
        }

        private void appendPacked(int s) {
            packFrom = room(packFrom, packSize);
            packFrom[packSize++] = s;
        }

        /** A fused group's bias slots, first weight slots and input count, compared by value. */
        private record BlockKey(int[] held) {
            @Override
            public boolean equals(Object o) {
                return o instanceof BlockKey other && Arrays.equals(held, other.held);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(held);
            }
        }

        /** Numbers a unary or binary node, whose constant (0 for a binary node) goes into c; returns its number. */
        private int number(double constant) {
            if (elementary == c.length) {
                c = Arrays.copyOf(c, elementary * 2);
            }
            c[elementary] = constant;
            return elementary++;
        }

        private void append(int s) {
            pool = room(pool, poolSize);
            pool[poolSize++] = s;
        }

        /** Returns {@code array}, or a copy twice as long when its {@code size} elements fill it. */
        private static int[] room(int[] array, int size) {
            return size == array.length ? Arrays.copyOf(array, size * 2) : array;
        }

        /**
         * Whether nodes k, k-1, ..., k-7 are weighted sums of one kind (all ReLU or all linear) over one input array
         * in consecutive slots that holds none of their outputs (the consecutive slots of k-7..k; what they read may
         * be shared, as they only read it), with weights in consecutive slots and biases that are all leaves (so
         * that forward() can gather them into a block before computing any node): then computing them together adds
         * the same numbers in the same order into every sum.
         */
        private boolean fusable(int k) {
            int n = b[k];
            int inputs = x[k];
            for (int i = k; i > k - FUSED; i--) {
                if ((kind[i] != WSUM && kind[i] != WSUM_RELU) || kind[i] != kind[k] || b[i] != n || x[i] != inputs
                        || inputs < 0 || n == 0
                        || w[i] < 0 || w[i] + n > leafCount || a[i] >= leafCount) {
                    return false;
                }
            }
            return !overlaps(inputs, n, leafCount + k - FUSED + 1, leafCount + k);
        }

        /** Whether slots s..s+n-1 and from..to share a slot. */
        private static boolean overlaps(int s, int n, int from, int to) {
            return s <= to && s + n - 1 >= from;
        }
    }
}
