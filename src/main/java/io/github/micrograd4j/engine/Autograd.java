package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gradients as graphs: derivatives that can be differentiated again (PyTorch's
 * {@code torch.autograd.grad(y, x, create_graph=True)}).
 *
 * <p>{@link Value#backward()} writes plain numbers into {@link Value#grad()}. {@link #grad(Value, List)} instead
 * returns each derivative as a new {@code Value}, built with {@code Value}'s own operations from the nodes of the
 * graph, so a derivative can be differentiated again, recorded by a {@link Tape} and drawn by {@code viz.GraphDot}.
 * It changes no node's {@code grad}. The derivative of {@code x^3} is {@code 3x^2}, and its derivative {@code 6x}:
 *
 * <pre>{@code
 * Value x = new Value(2.0);
 * Value y = x.pow(3);
 * Value dy = Autograd.grad(y, x).get(0);      // 3x^2, a graph
 * Value d2y = Autograd.grad(dy, x).get(0);    // 6x
 * System.out.println(dy.data());              // 12.0
 * System.out.println(d2y.data());             // 12.0
 * System.out.println(Autograd.grad(d2y, x).get(0).data());   // 6.0
 * }</pre>
 *
 * <h2>How it works</h2>
 * Reverse mode, as {@code backward()}, on graphs instead of numbers: the nodes reachable from the output are put
 * in topological order (iteratively, so any depth that fits in memory works), the seed d(output)/d(output) is the
 * constant 1, and each node, consumers first, gives each operand that leads to an input its share
 * {@code g * partial} as a new node, where {@code g} is the node's own gradient node (the sum of the shares it
 * received). Each operation's partials are written once in the engine, as numbers for {@code backward()} and,
 * beside them, as a graph for this class. ReLU's derivative is a step node, 0 or 1, whose own derivative is 0, so
 * ReLU's second derivative is 0. A {@link CustomOp} takes part when it has
 * {@link CustomOp#withGraphPartials graph partials}; one without them is refused, naming it.
 */
public final class Autograd {

    private Autograd() {
    }

    /**
     * Returns d(output)/d(input) for each input, as new nodes that can be differentiated again. An input the output
     * does not depend on gets a constant 0, and an output that is itself an input gets the constant 1. No node's
     * {@link Value#grad()} changes.
     *
     * @param output the value to differentiate
     * @param inputs the values to differentiate with respect to (leaves or interior nodes)
     * @return one gradient node per input, in order
     * @throws NullPointerException     if an argument or an input is null
     * @throws IllegalArgumentException if a node on the way is a custom op without graph partials
     */
    public static List<Value> grad(Value output, List<Value> inputs) {
        Objects.requireNonNull(output, "output == null");
        Objects.requireNonNull(inputs, "inputs == null");
        Value[] in = inputs.toArray(new Value[0]);
        for (int i = 0; i < in.length; i++) {
            Objects.requireNonNull(in[i], "inputs[" + i + "] == null");
        }
        return Arrays.asList(new Run().grad(output, in));
    }

    /**
     * Returns d(output)/d(input) for each input, as new nodes. See {@link #grad(Value, List)}.
     *
     * @param output the value to differentiate
     * @param inputs the values to differentiate with respect to
     * @return one gradient node per input, in order
     * @throws NullPointerException     if an argument or an input is null
     * @throws IllegalArgumentException if a node on the way is a custom op without graph partials
     */
    public static List<Value> grad(Value output, Value... inputs) {
        Objects.requireNonNull(inputs, "inputs == null");
        return grad(output, Arrays.asList(inputs));
    }

    /**
     * Returns the Hessian {@code H[i][j] = d2(output)/d(input_i)d(input_j)}: the gradient graphs of
     * {@link #grad(Value, List)} differentiated once more, one row per input. Each pair {@code H[i][j]},
     * {@code H[j][i]} (equal up to rounding) is replaced by its mean, so the matrix is exactly symmetric.
     *
     * @param output the value to differentiate twice
     * @param inputs the variables, n of them
     * @return an n-by-n symmetric matrix
     * @throws NullPointerException     if an argument or an input is null
     * @throws IllegalArgumentException if a node on the way is a custom op without graph partials
     */
    public static double[][] hessian(Value output, List<Value> inputs) {
        List<Value> first = grad(output, inputs);
        int n = first.size();
        double[][] h = new double[n][];
        for (int i = 0; i < n; i++) {
            List<Value> row = grad(first.get(i), inputs);
            h[i] = new double[n];
            for (int j = 0; j < n; j++) {
                h[i][j] = row.get(j).data;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = mean;
                h[j][i] = mean;
            }
        }
        return h;
    }

    /**
     * Returns the Hessian times {@code v} without forming the Hessian: the gradient of
     * {@code sum(grad_i * v_i)}, two reverse passes whatever the number of inputs (Pearlmutter's trick).
     *
     * @param output the value to differentiate twice
     * @param inputs the variables, n of them
     * @param v      the vector, n entries
     * @return {@code H v}, n entries
     * @throws NullPointerException     if an argument or an input is null
     * @throws IllegalArgumentException if {@code v} has not one entry per input, or a node on the way is a custom
     *                                  op without graph partials
     */
    public static double[] hessianVectorProduct(Value output, List<Value> inputs, double[] v) {
        Objects.requireNonNull(v, "v == null");
        if (v.length != inputs.size()) {
            throw new IllegalArgumentException(
                    "v.length (" + v.length + ") != inputs.size() (" + inputs.size() + ")");
        }
        List<Value> first = grad(output, inputs);
        List<Value> terms = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            terms.add(first.get(i).mul(v[i]));
        }
        if (terms.isEmpty()) {
            return new double[0];
        }
        List<Value> hv = grad(Value.sum(terms), inputs);
        double[] out = new double[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = hv.get(i).data;
        }
        return out;
    }

    /**
     * One call of {@code grad}. The graph is ordered by one {@link Pass} and each value numbered (the leaves in a
     * table of the run's own, the computed values by their node's place in the order) before any operation's code
     * runs; from then on the run reads only its own arrays, so an operation whose derivative runs a pass of its own
     * (a nested {@code Autograd.grad}) cannot disturb it.
     */
    private static final class Run {
        private final Map<Value, Integer> leafIds = new IdentityHashMap<>();
        private final Pass pass = new Pass(false);
        /** The computed values in forward order (a layer's outputs side by side), their operands and their ids. */
        private final List<Value> outputs = new ArrayList<>();
        private final List<Value[]> operands = new ArrayList<>();
        private final List<int[]> operandIds = new ArrayList<>();
        private int[] firstId;
        private int leafCount;

        Value[] grad(Value output, Value[] inputs) {
            if (!output.isLeaf()) {
                pass.order(output, true);
                number();
            }
            int[] in = new int[inputs.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = id(inputs[i]);
            }
            int total = leafCount + outputs.size();
            boolean[] needs = new boolean[total];
            for (int id : in) {
                if (id >= 0) {
                    needs[id] = true;
                }
            }
            for (int o = 0; o < outputs.size(); o++) {                // forward: which values lead to an input
                for (int id : operandIds.get(o)) {
                    needs[leafCount + o] |= needs[id];
                }
            }
            Object[] shares = new Object[total];
            int root = id(output);
            if (root >= 0) {
                shares[root] = new Value(1.0);
            }
            for (int o = outputs.size() - 1; o >= 0; o--) {           // backward: each value's shares to its operands
                int self = leafCount + o;
                Value g = total(shares, self);
                if (g == null || !needs[self]) {
                    continue;
                }
                Value y = outputs.get(o);
                Value[] x = operands.get(o);
                int[] ids = operandIds.get(o);
                boolean[] wanted = new boolean[x.length];
                for (int i = 0; i < x.length; i++) {
                    wanted[i] = needs[ids[i]];
                }
                Value[] out = new Value[x.length];
                y.operation().chain(g, x, y.constant(), y, wanted, out);
                for (int i = 0; i < x.length; i++) {
                    if (out[i] != null) {
                        add(shares, ids[i], out[i]);
                    }
                }
            }
            Value[] result = new Value[inputs.length];
            for (int i = 0; i < result.length; i++) {
                Value g = in[i] < 0 ? null : total(shares, in[i]);
                result[i] = g != null ? g : new Value(inputs[i] == output ? 1.0 : 0.0);
            }
            return result;
        }

        /** Numbers the leaves and the computed values, and lists each computed value's operands by number. */
        private void number() {
            Node[] nodes = pass.nodes;
            firstId = new int[pass.size];
            List<Value> computed = new ArrayList<>();
            for (int k = 0; k < pass.size; k++) {
                firstId[k] = computed.size();
                if (nodes[k] instanceof Linear.Application app) {
                    computed.addAll(Arrays.asList(app.rows));
                } else {
                    computed.add(nodes[k]);
                }
                for (Value v : computed.subList(firstId[k], computed.size())) {
                    for (Value x : v.children()) {
                        if (x.isLeaf()) {
                            leafIds.putIfAbsent(x, leafIds.size());
                        }
                    }
                }
            }
            leafCount = leafIds.size();
            for (Value v : computed) {
                Value[] x = v.children().toArray(new Value[0]);
                int[] ids = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    ids[i] = id(x[i]);
                }
                outputs.add(v);
                operands.add(x);
                operandIds.add(ids);
            }
        }

        /**
         * Returns a value's number in this run, or -1 when the output does not depend on it (an output of a layer in
         * the graph that nothing uses has a number, and receives no share).
         */
        private int id(Value v) {
            if (v.isLeaf()) {
                Integer id = leafIds.get(v);
                return id == null ? -1 : id;
            }
            int k = pass.position(v);
            if (k < 0) {
                return -1;
            }
            return leafCount + firstId[k] + (v instanceof Linear.Row r ? r.j : 0);
        }

        /** Returns the sum of the shares received by {@code id} as one node (null when none), and keeps it. */
        private static Value total(Object[] shares, int id) {
            if (shares[id] instanceof List<?> list) {
                List<Value> terms = new ArrayList<>(list.size());
                for (Object o : list) {
                    terms.add((Value) o);
                }
                Value sum = Value.sum(terms);
                shares[id] = sum;
                return sum;
            }
            return (Value) shares[id];
        }

        @SuppressWarnings("unchecked")
        private static void add(Object[] shares, int id, Value share) {
            Object had = shares[id];
            if (had == null) {
                shares[id] = share;
            } else if (had instanceof List<?> list) {
                ((List<Value>) list).add(share);
            } else {
                List<Value> list = new ArrayList<>(4);
                list.add((Value) had);
                list.add(share);
                shares[id] = list;
            }
        }
    }
}
