package io.github.micrograd4j.engine;

import java.util.function.ToIntFunction;

/**
 * The speed-up {@link Tape.Speedup#DENSE_LAYERS}: a {@link Linear} layer's application replayed as one dense step
 * instead of one step per output.
 *
 * <p>What it does. The recording lays each layer's weights out side by side in the tape, row after row, and its
 * biases after them. At each {@code forward()} the weights are also copied into {@link #packed}, eight outputs at a
 * time, input after input: the eight weights that multiply input {@code i} side by side. An application then sums
 * eight outputs at once, each in a register of its own and each from its bias in index order, the same additions as
 * the node's own loop (so the same numbers), with eight independent chains of additions in flight. In
 * {@code backward()} each output's shares go to its bias, to its weights and to its inputs, in the order the node's
 * {@code propagate()} adds them, in plain loops over side-by-side slots; an output whose share is exactly 0 is
 * skipped, as the node skips it, and in {@link Tape#gradient} the shares into input leaves nobody asked for are left
 * out. Inputs that sit side by side in the tape (a layer's outputs do) are read in place, others gathered first.
 *
 * <p>What it buys: the replay is 9x faster on the moons training, 5x on digits, 1.6x to 2.5x on microgpt.
 * BENCHMARKS.md, "The tape's speed-ups"; {@code bash bench/tape-speedups.sh}.
 */
final class DenseKernel {

    private final int nin;
    private final int nout;
    private final boolean relu;
    /** The weights' slots, row after row; {@link #wBase} when they sit side by side there, else -1. */
    private final int[] w;
    private final int wBase;
    /** The biases' slots, or null for a layer without biases. */
    private final int[] b;
    /** The weights, row after row, from the tape at the last forward() (the tape's own slots when side by side). */
    private final double[] rows;
    /** For each group of eight outputs, input after input, the eight weights that multiply it, side by side. */
    private final double[] packed;
    /** The biases (0 for a layer without), from the tape at the last forward(). */
    private final double[] biases;
    private final double[] xs;

    /** Lays out the layer's weights (row after row) and biases, taking each leaf's slot from {@code leafSlot}. */
    DenseKernel(Linear layer, ToIntFunction<Value> leafSlot) {
        nin = layer.nin();
        nout = layer.nout();
        relu = layer.relu();
        w = new int[nin * nout];
        boolean sideBySide = true;
        for (int j = 0, k = 0; j < nout; j++) {
            for (int i = 0; i < nin; i++, k++) {
                w[k] = leafSlot.applyAsInt(layer.weight(j, i));
                sideBySide &= w[k] == w[0] + k;
            }
        }
        wBase = sideBySide ? w[0] : -1;
        if (layer.hasBiases()) {
            b = new int[nout];
            for (int j = 0; j < nout; j++) {
                b[j] = leafSlot.applyAsInt(layer.bias(j));
            }
        } else {
            b = null;
        }
        rows = sideBySide ? null : new double[nin * nout];
        packed = new double[(nout / 8) * 8 * nin];
        biases = new double[nout];
        xs = new double[nin];
    }

    int nout() {
        return nout;
    }

    /** Returns the first of an application's input slots when they sit side by side, else -1. */
    static int sideBySide(int[] slots, int from, int n) {
        for (int i = 1; i < n; i++) {
            if (slots[from + i] != slots[from] + i) {
                return -1;
            }
        }
        return slots[from];
    }

    /** Copies the weights and biases from the tape's values, once per forward() for all the applications. */
    void gather(double[] v) {
        if (rows != null) {
            for (int k = 0; k < rows.length; k++) {
                rows[k] = v[w[k]];
            }
        }
        double[] wv = rows == null ? v : rows;
        int o = rows == null ? wBase : 0;
        for (int q = 0, j = 0; j + 8 <= nout; j += 8) {
            for (int i = 0; i < nin; i++) {
                for (int r = 0; r < 8; r++) {
                    packed[q++] = wv[o + (j + r) * nin + i];
                }
            }
        }
        if (b != null) {
            for (int j = 0; j < nout; j++) {
                biases[j] = v[b[j]];
            }
        }
    }

    /**
     * Computes one application: the inputs at {@code args[a..a+nin)} (side by side from {@code xBase} when it is
     * not -1), the outputs into slots {@code out..out+nout)}. Returns whether every sum was finite.
     */
    boolean forward(Tape t, int a, int out, int xBase) {
        double[] v = t.val;
        double[] x = v;
        int xo = xBase;
        if (xBase < 0) {
            x = gatherInputs(v, t.args, a);
            xo = 0;
        }
        boolean finite = true;
        int j = 0;
        for (; j + 8 <= nout; j += 8) {                          // eight outputs at a time, each in its own order
            double z0 = biases[j];
            double z1 = biases[j + 1];
            double z2 = biases[j + 2];
            double z3 = biases[j + 3];
            double z4 = biases[j + 4];
            double z5 = biases[j + 5];
            double z6 = biases[j + 6];
            double z7 = biases[j + 7];
            double[] p = packed;
            int q = j * nin;
            for (int i = 0; i < nin; i++) {
                double xi = x[xo + i];
                int e = q + 8 * i;
                z0 += p[e] * xi;
                z1 += p[e + 1] * xi;
                z2 += p[e + 2] * xi;
                z3 += p[e + 3] * xi;
                z4 += p[e + 4] * xi;
                z5 += p[e + 5] * xi;
                z6 += p[e + 6] * xi;
                z7 += p[e + 7] * xi;
            }
            store(v, out + j, z0, z1, z2, z3);
            store(v, out + j + 4, z4, z5, z6, z7);
            finite &= Double.isFinite(z0 + z1 + z2 + z3 + z4 + z5 + z6 + z7);   // an overflow only says false
        }
        double[] wv = rows == null ? v : rows;
        int o = rows == null ? wBase : 0;
        for (; j < nout; j++) {                                  // the rest one by one
            int r = o + j * nin;
            double z = biases[j];
            for (int i = 0; i < nin; i++) {
                z += wv[r + i] * x[xo + i];
            }
            v[out + j] = relu ? Ops.RELU.value(z, 0.0) : z;
            finite &= Double.isFinite(z);
        }
        return finite;
    }

    private double[] gatherInputs(double[] v, int[] args, int a) {
        for (int i = 0; i < nin; i++) {
            xs[i] = v[args[a + i]];
        }
        return xs;
    }

    /** Stores four outputs for their sums. */
    private void store(double[] v, int s, double z0, double z1, double z2, double z3) {
        if (relu) {
            v[s] = Ops.RELU.value(z0, 0.0);
            v[s + 1] = Ops.RELU.value(z1, 0.0);
            v[s + 2] = Ops.RELU.value(z2, 0.0);
            v[s + 3] = Ops.RELU.value(z3, 0.0);
        } else {
            v[s] = z0;
            v[s + 1] = z1;
            v[s + 2] = z2;
            v[s + 3] = z3;
        }
    }

    /**
     * Adds one application's shares, output after output: bias, weights, then inputs. {@code used}: the outputs the
     * graph uses (null: all); {@code skip}: an output whose share is exactly 0 may be skipped; {@code wanted}: the
     * leaves whose gradients are asked for (null: all).
     * Returns whether it added anything (false when every output was skipped).
     */
    boolean backward(Tape t, int a, int out, int xBase, boolean[] used, boolean skip, boolean[] wanted) {
        double[] v = t.val;
        double[] g = t.grad;
        int[] args = t.args;
        if (skip && allZero(g, out)) {
            return false;                                        // a layer that receives nothing adds nothing
        }
        double[] x = v;
        int xo = xBase;
        if (xBase < 0) {
            x = gatherInputs(v, args, a);
            xo = 0;
        }
        boolean inputs = wanted == null || !unwantedLeaves(args, a, wanted);
        double[] wv = rows == null ? v : rows;
        int o = rows == null ? wBase : 0;
        boolean added = !skip;
        for (int j = 0; j < nout; j++) {
            double y = v[out + j];
            double gj = (relu ? Ops.RELU.partial(y, 0.0, y) : 1.0) * g[out + j];
            if (gj == 0 && skip || used != null && !used[j]) {
                continue;                                        // every share would be an exact 0, or unused
            }
            added = true;
            if (b != null) {
                g[b[j]] += gj;
            }
            int r = j * nin;
            if (wBase >= 0) {
                for (int i = 0, s = wBase + r; i < nin; i++) {
                    g[s + i] += x[xo + i] * gj;
                }
            } else {
                for (int i = 0; i < nin; i++) {
                    g[w[r + i]] += x[xo + i] * gj;
                }
            }
            if (!inputs) {
                continue;
            }
            if (xBase >= 0) {
                for (int i = 0, wr = o + r; i < nin; i++) {
                    g[xBase + i] += wv[wr + i] * gj;
                }
            } else {
                for (int i = 0, wr = o + r; i < nin; i++) {
                    g[args[a + i]] += wv[wr + i] * gj;
                }
            }
        }
        return added;
    }

    /** Whether every input is a leaf whose gradient nobody asked for. */
    private boolean unwantedLeaves(int[] args, int a, boolean[] wanted) {
        for (int i = 0; i < nin; i++) {
            int s = args[a + i];
            if (s >= wanted.length || wanted[s]) {
                return false;
            }
        }
        return true;
    }

    /** Whether every output's gradient is exactly 0. */
    private boolean allZero(double[] g, int out) {
        for (int j = 0; j < nout; j++) {
            if (g[out + j] != 0) {
                return false;
            }
        }
        return true;
    }
}
