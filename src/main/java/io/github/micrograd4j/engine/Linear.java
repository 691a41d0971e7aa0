package io.github.micrograd4j.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A dense layer over parameters: for an input vector {@code x} of {@code Value}s, the outputs
 * {@code y[j] = b[j] + w[j][0]*x[0] + w[j][1]*x[1] + ...}, each summed from its bias in index order as micrograd's
 * neuron does (from 0 when there are no biases, as Python's {@code sum}), optionally followed by a ReLU. One
 * {@link #apply} makes one <em>layer-level node</em>: {@code nout} output values that {@code backward()},
 * {@link Tape} and {@link Autograd} treat as one step of the graph, so a tape runs the layer as a dense loop.
 *
 * <pre>{@code
 * Value[][] w = {{new Value(0.5), new Value(-1.0)}, {new Value(2.0), new Value(0.25)}};
 * Value[] b = {new Value(0.1), new Value(-0.2)};
 * Linear layer = new Linear(w, b, true);           // relu(W x + b)
 * Value[] y = layer.apply(new Value[] {new Value(1.0), new Value(2.0)});
 * System.out.println(y[0].data() + " " + y[1].data());   // 0.0 2.3
 * y[1].backward();                                 // dy1/dw10 = x0 = 1.0
 * System.out.println(w[1][0].grad());              // 1.0
 * }</pre>
 *
 * <h2>Each output is an ordinary node</h2>
 * Output {@code j} has op {@code "linear"} (or {@code "relu(linear)"}), children {@code b[j], w[j][0..n),
 * x[0..n)} and the local derivatives of any such node: {@code s} for the bias, {@code s*x[i]} for {@code w[j][i]},
 * {@code s*w[j][i]} for {@code x[i]}, where {@code s} is the ReLU's slope (0 or 1, so that {@code s * x * grad}
 * is the same number in any order) or 1; they come from the data the operands had when {@code apply} ran, as for
 * every node. {@code backward()} goes through the outputs in order {@code j = 0, 1, ...}, each adding its shares
 * to its bias, its weights and then its inputs; an output whose share is exactly 0 with every number finite (a
 * ReLU that is off) adds nothing and is skipped, and an output that no node of the graph uses takes no part.
 *
 * <h2>Memory</h2>
 * An application keeps a copy of its inputs' data and shares, with the other applications of this layer, one copy
 * of the weights' data, taken again only when a weight's data has changed since (after an optimizer's step).
 */
public final class Linear {

    private final Value[][] w;
    private final Value[] b;
    private final int nin;
    private final int nout;
    private final RowOp op;
    /** The weights' data, row after row, as the last application found them; shared while they are unchanged. */
    private double[] snapshot;

    /**
     * Creates a layer over the given weights ({@code nout} rows of {@code nin}) and biases (one per row, or null
     * for none). The arrays are copied; the values are shared, not copied, so an optimizer that changes them
     * changes the layer.
     *
     * @param weights the rows of the weight matrix, {@code weights[j][i]} multiplying input {@code i} in output
     *                {@code j}; all of one length
     * @param biases  one bias per row, or null for a layer without biases
     * @param relu    whether each output is {@code max(0, ...)} of its sum
     * @throws NullPointerException     if {@code weights}, a row or a value is null
     * @throws IllegalArgumentException if there are no rows, a row is empty or of another length than the first,
     *                                  {@code biases} is not one per row, or a weight or bias is not a leaf
     *                                  (made by an operation: use {@link Value#dot} for computed factors)
     */
    public Linear(Value[][] weights, Value[] biases, boolean relu) {
        Objects.requireNonNull(weights, "weights == null");
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights is empty: a layer needs at least one row");
        }
        this.nout = weights.length;
        this.nin = Objects.requireNonNull(weights[0], "weights[0] == null").length;
        if (nin == 0) {
            throw new IllegalArgumentException("weights[0] is empty: a layer needs at least one input");
        }
        this.w = new Value[nout][];
        for (int j = 0; j < nout; j++) {
            Value[] row = Objects.requireNonNull(weights[j], "weights[" + j + "] == null");
            if (row.length != nin) {
                throw new IllegalArgumentException(
                        "weights[" + j + "].length (" + row.length + ") != weights[0].length (" + nin + ")");
            }
            w[j] = row.clone();
            for (int i = 0; i < nin; i++) {
                if (w[j][i] == null || !w[j][i].isLeaf()) {              // named only when it fails
                    requireLeaf(w[j][i], "weights[" + j + "][" + i + "]");
                }
            }
        }
        if (biases != null) {
            if (biases.length != nout) {
                throw new IllegalArgumentException(
                        "biases.length (" + biases.length + ") != number of rows (" + nout + ")");
            }
            this.b = biases.clone();
            for (int j = 0; j < nout; j++) {
                requireLeaf(b[j], "biases[" + j + "]");
            }
        } else {
            this.b = null;
        }
        this.op = RowOp.of(b != null, relu);
    }

    private static void requireLeaf(Value v, String what) {
        Objects.requireNonNull(v, () -> what + " == null");
        if (!v.isLeaf()) {
            throw new IllegalArgumentException(what + " is computed (op \"" + v.op() + "\"): a layer's weights and "
                    + "biases are parameters, leaves; use Value.dot for factors made by operations");
        }
    }

    /**
     * Returns the layer's outputs for the inputs {@code x}: one new layer-level node and its {@code nout} values.
     *
     * @param x the inputs, {@code nin} of them
     * @return the outputs, a new array
     * @throws NullPointerException     if {@code x} or an element is null
     * @throws IllegalArgumentException if {@code x.length != nin()}
     */
    public Value[] apply(Value... x) {
        Objects.requireNonNull(x, "x == null");
        if (x.length != nin) {
            throw new IllegalArgumentException("expected " + nin + " inputs, got " + x.length);
        }
        return Arrays.copyOf(node(x.clone()).rows, nout, Value[].class);       // a Value[], which callers may fill
    }

    /** Makes the application of this layer to {@code in}, an array it keeps, checked here. */
    private Application node(Value[] in) {
        boolean leaves = false;
        for (Value v : in) {
            leaves |= Objects.requireNonNull(v, "x contains null").isLeaf();
        }
        return new Application(this, in, leaves ? data(in) : null, weights());
    }

    /** The values' data. */
    static double[] data(Value[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i].data;
        }
        return d;
    }

    /**
     * Returns the layer's outputs for the inputs {@code x}. See {@link #apply(Value...)}.
     *
     * @param x the inputs, {@code nin} of them
     * @return the outputs, an unmodifiable list
     * @throws NullPointerException     if {@code x} or an element is null
     * @throws IllegalArgumentException if {@code x.size() != nin()}
     */
    public List<Value> apply(List<Value> x) {
        Objects.requireNonNull(x, "x == null");
        if (x.size() != nin) {
            throw new IllegalArgumentException("expected " + nin + " inputs, got " + x.size());
        }
        return Collections.unmodifiableList(Arrays.asList(node(x.toArray(new Value[0])).rows));
    }

    /** Returns the weights' data, row after row: the last copy when no weight has changed since, else a new one. */
    private double[] weights() {
        double[] last = snapshot;
        if (last != null && unchanged(last)) {
            return last;
        }
        double[] now = new double[nout * nin];              // the old copy stays with the nodes that use it
        for (int j = 0, k = 0; j < nout; j++) {
            for (int i = 0; i < nin; i++, k++) {
                now[k] = w[j][i].data;
            }
        }
        snapshot = now;
        return now;
    }

    /** Whether every weight's data has the bits it has in {@code copy}. */
    private boolean unchanged(double[] copy) {
        for (int j = 0, k = 0; j < nout; j++) {
            Value[] row = w[j];
            for (int i = 0; i < nin; i++, k++) {
                if (Double.doubleToRawLongBits(row[i].data) != Double.doubleToRawLongBits(copy[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Returns the number of inputs.
     *
     * @return the length of each row
     */
    public int nin() {
        return nin;
    }

    /**
     * Returns the number of outputs.
     *
     * @return the number of rows
     */
    public int nout() {
        return nout;
    }

    /**
     * Returns whether each output is passed through a ReLU.
     *
     * @return true for {@code relu(W x + b)}
     */
    public boolean relu() {
        return op.relu;
    }

    /** The weight {@code w[j][i]}. */
    Value weight(int j, int i) {
        return w[j][i];
    }

    /** The bias of row {@code j}, for a layer that {@link #hasBiases() has biases}. */
    Value bias(int j) {
        return b[j];
    }

    boolean hasBiases() {
        return b != null;
    }

    /** The op of each output. */
    Op rowOp() {
        return op;
    }

    /**
     * Returns {@code Linear(<nin> -> <nout>[, relu])}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Linear(" + nin + " -> " + nout + (op.relu ? ", relu" : "") + ")";
    }

    /**
     * One application of the layer: the node that computes its outputs (its {@link #rows}) and, in backward, the
     * chain rule at each of them, rows in order. It is internal: the outputs are the values handed out.
     */
    static final class Application extends Node {
        final Linear layer;
        final Value[] x;
        /**
         * The inputs' data when the layer was applied, or null when they are all computed values (whose data never
         * changes, see {@link Value#setData}): then it is read from them.
         */
        final double[] xs;
        /** The weights' data when the layer was applied, row after row (shared with other applications). */
        final double[] ws;
        final Row[] rows;
        /** Whether every output's sum was finite: then a zero share is a zero in every operand. */
        final boolean finite;

        Application(Linear layer, Value[] x, double[] xs, double[] ws) {
            super(Double.NaN);
            this.layer = layer;
            this.x = x;
            this.xs = xs;
            this.ws = ws;
            this.rows = new Row[layer.nout];
            double[] z = sums(layer, ws, xs != null ? xs : Linear.data(x));
            boolean allFinite = true;
            for (int j = 0; j < rows.length; j++) {
                allFinite &= Double.isFinite(z[j]);
                rows[j] = new Row(this, j, layer.op.relu ? Ops.RELU.value(z[j], 0.0) : z[j]);
            }
            this.finite = allFinite;
        }

        @Override
        void visitOperands(Pass pass) {
            for (Value xi : x) {                         // the weights and biases are leaves
                pass.visit(xi);
            }
        }

        /**
         * Returns each output's sum {@code b[j] + w[j][0]*x[0] + w[j][1]*x[1] + ...}, added in that order; four rows
         * at a time, so that four independent chains of additions are in flight (the same numbers as one by one).
         */
        private static double[] sums(Linear layer, double[] ws, double[] in) {
            int nin = layer.nin;
            double[] z = new double[layer.nout];
            for (int j = 0; j < z.length; j++) {
                z[j] = layer.b == null ? 0.0 : layer.b[j].data;
            }
            int j = 0;
            for (; j + 4 <= z.length; j += 4) {
                double z0 = z[j];
                double z1 = z[j + 1];
                double z2 = z[j + 2];
                double z3 = z[j + 3];
                int r0 = j * nin;
                int r1 = r0 + nin;
                int r2 = r1 + nin;
                int r3 = r2 + nin;
                for (int i = 0; i < nin; i++) {
                    double xi = in[i];
                    z0 += ws[r0 + i] * xi;
                    z1 += ws[r1 + i] * xi;
                    z2 += ws[r2 + i] * xi;
                    z3 += ws[r3 + i] * xi;
                }
                z[j] = z0;
                z[j + 1] = z1;
                z[j + 2] = z2;
                z[j + 3] = z3;
            }
            for (; j < z.length; j++) {
                double s = z[j];
                for (int i = 0, k = j * nin; i < nin; i++, k++) {
                    s += ws[k] * in[i];
                }
                z[j] = s;
            }
            return z;
        }

        /** Input i's data when the layer was applied. */
        double input(int i) {
            return xs != null ? xs[i] : x[i].data;
        }

        @Override
        void resetGrad() {
            for (Row r : rows) {
                r.grad = 0.0;
            }
        }

        @Override
        void propagate(Pass pass) {
            int nin = layer.nin;
            for (int j = 0; j < rows.length; j++) {
                double g = rows[j].slope() * rows[j].grad;
                if (g == 0 && (finite || !pass.reached(rows[j]))) {
                    continue;                            // every share would be an exact 0, or nothing uses it
                }
                if (layer.b != null) {
                    layer.b[j].grad += g;
                }
                Value[] wj = layer.w[j];
                if (xs != null) {
                    for (int i = 0; i < nin; i++) {
                        wj[i].grad += xs[i] * g;
                    }
                } else {
                    for (int i = 0; i < nin; i++) {
                        wj[i].grad += x[i].data * g;
                    }
                }
                for (int i = 0, k = j * nin; i < nin; i++, k++) {
                    x[i].grad += ws[k] * g;
                }
            }
        }

        @Override
        void addOutputs(List<Value> out, Pass pass) {
            for (Row r : rows) {
                if (pass.reached(r)) {
                    out.add(r);
                }
            }
        }

        @Override
        public List<Value> children() {
            return List.of(x);
        }
    }

    /** Output {@code j} of an application: a value like any other, computed by its application's node. */
    static final class Row extends Value {
        final Application app;
        final int j;

        Row(Application app, int j, double data) {
            super(data);
            this.app = app;
            this.j = j;
        }

        /** The ReLU's slope at this output (0 or 1, from the output: 0 exactly where the sum was &lt;= 0), or 1. */
        double slope() {
            return app.layer.op.relu ? Ops.RELU.partial(data, 0.0, data) : 1.0;
        }

        @Override
        Op operation() {
            return app.layer.op;
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        @Override
        public List<Value> children() {
            return List.of(operands());
        }

        /** The children: the bias (if any), the row's weights, the inputs. */
        Value[] operands() {
            Linear layer = app.layer;
            int n = layer.nin;
            int o = layer.b == null ? 0 : 1;
            Value[] all = new Value[o + 2 * n];
            if (o == 1) {
                all[0] = layer.b[j];
            }
            System.arraycopy(layer.w[j], 0, all, o, n);
            System.arraycopy(app.x, 0, all, o + n, n);
            return all;
        }

        @Override
        int arity() {
            return (app.layer.b == null ? 0 : 1) + 2 * app.layer.nin;
        }

        @Override
        public double partial(int i) {
            checkChild(i, arity());
            int n = app.layer.nin;
            int o = app.layer.b == null ? 0 : 1;
            double s = slope();
            if (i < o) {
                return s;
            }
            return i < o + n ? app.input(i - o) * s : app.ws[j * n + i - o - n] * s;
        }
    }

    /**
     * The op of an output, as one definition: {@code [relu](b + w·x)} over the operands {@code b} (when there is
     * a bias), {@code w[0..n)}, {@code x[0..n)}. The application computes the same numbers for all its rows at
     * once; {@link Autograd} and the pictures read them here.
     */
    static final class RowOp extends Op {
        private static final RowOp LINEAR = new RowOp(false, false);
        private static final RowOp RELU = new RowOp(false, true);
        private static final RowOp BIASED = new RowOp(true, false);
        private static final RowOp BIASED_RELU = new RowOp(true, true);

        final boolean bias;
        final boolean relu;

        private RowOp(boolean bias, boolean relu) {
            super(relu ? "relu(linear)" : "linear");
            this.bias = bias;
            this.relu = relu;
        }

        static RowOp of(boolean bias, boolean relu) {
            return bias ? (relu ? BIASED_RELU : BIASED) : (relu ? RELU : LINEAR);
        }

        private int offset() {
            return bias ? 1 : 0;
        }

        @Override
        double value(double[] x, double c) {
            int o = offset();
            int n = (x.length - o) / 2;
            double z = bias ? x[0] : 0.0;
            for (int i = 0; i < n; i++) {
                z += x[o + i] * x[o + n + i];
            }
            return relu ? Ops.RELU.value(z, 0.0) : z;
        }

        @Override
        void partials(double[] x, double c, double y, double[] out, int at) {
            int o = offset();
            int n = (x.length - o) / 2;
            double s = relu ? Ops.RELU.partial(y, 0.0, y) : 1.0;
            if (bias) {
                out[at] = s;
            }
            for (int i = 0; i < n; i++) {
                out[at + o + i] = x[o + n + i] * s;
                out[at + o + n + i] = x[o + i] * s;
            }
        }

        @Override
        void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
            int o = offset();
            int n = (x.length - o) / 2;
            Value gs = g;
            if (relu) {                                       // through the ReLU: its step at the sum, built anew
                Value[] w = Arrays.copyOfRange(x, o, o + n);
                Value z = new Linear(new Value[][] {w}, bias ? new Value[] {x[0]} : null, false)
                        .apply(Arrays.copyOfRange(x, o + n, o + 2 * n))[0];
                gs = Ops.RELU.chain(g, z, 0.0, null);
            }
            if (bias) {
                shares[0] = wanted[0] ? gs : null;
            }
            for (int i = 0; i < n; i++) {
                shares[o + i] = wanted[o + i] ? gs.mul(x[o + n + i]) : null;
                shares[o + n + i] = wanted[o + n + i] ? gs.mul(x[o + i]) : null;
            }
        }

        @Override
        String expression(int arity, double c) {
            int o = offset();
            int n = (arity - o) / 2;
            StringBuilder s = new StringBuilder(bias ? "x0" : "");
            for (int i = 0; i < n; i++) {
                s.append(s.length() == 0 ? "" : " + ").append('x').append(o + i).append('·').append('x')
                        .append(o + n + i);
            }
            return relu ? "relu(" + s + ")" : s.toString();
        }

        @Override
        String formula(int i, int arity, double c) {
            int o = offset();
            int n = (arity - o) / 2;
            String slope = relu ? "(y > 0 ? 1 : 0)" : "";
            if (i < o) {
                return relu ? slope : "1";
            }
            String other = "x" + (i < o + n ? i + n : i - n);
            return relu ? other + "·" + slope : other;
        }
    }
}
