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
 * graph, so a derivative can be differentiated again, recorded by a {@link Tape} and drawn by {@link GraphDot}.
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
 * {@link CustomOp#withGraphPartials graph partials}; nodes made by {@code Value.custom} are refused.
 */
public final class Autograd {

    private Autograd() {
    }

    /** Where a node's {@code chain} offers its operands' shares. */
    interface Adjoints {
        /** Returns whether {@code operand} leads to an input, so that it needs its share. */
        boolean needs(Value operand);

        /** Adds {@code share} (null for an identically zero share) to {@code operand}'s gradient. */
        void add(Value operand, Value share);
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
        return Arrays.asList(new Run(in).grad(output));
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
     * One node's bookkeeping in one run, kept in the node's mark (a leaf's in a table) while the run lasts: its
     * place in the search, whether it leads to an input, and the shares of its gradient received so far.
     */
    private static final class Slot {
        boolean open;
        boolean closed;
        boolean needs;
        /** null, one share, or a list of shares; replaced by the summed gradient once the node is reached. */
        Object shares;
    }

    /** One call of {@code grad}: its slots and its search. */
    private static final class Run implements Adjoints {
        private final Value[] inputs;
        private final Map<Value, Slot> leafSlots = new IdentityHashMap<>();
        private final List<Value.Node> marked = new ArrayList<>();

        Run(Value[] inputs) {
            this.inputs = inputs;
        }

        Value[] grad(Value output) {
            try {
                for (Value v : inputs) {
                    slot(v).needs = true;
                }
                List<Value.Node> order = order(output);
                Value seed = new Value(1.0);
                slot(output).shares = seed;
                for (int k = order.size() - 1; k >= 0; k--) {
                    Value.Node n = order.get(k);
                    Slot s = slot(n);
                    Value g = total(s);
                    if (g != null && s.needs) {
                        n.chain(g, this);
                    }
                }
                Value[] out = new Value[inputs.length];
                for (int i = 0; i < out.length; i++) {
                    Value g = total(slot(inputs[i]));
                    out[i] = g != null ? g : new Value(0.0);
                }
                return out;
            } finally {
                for (Value.Node n : marked) {
                    n.mark = null;                           // no node keeps this run's gradients alive
                }
            }
        }

        /** Returns the interior nodes reachable from {@code root}, operands before consumers, with needs set. */
        private List<Value.Node> order(Value root) {
            List<Value.Node> order = new ArrayList<>();
            if (!(root instanceof Value.Node)) {
                return order;
            }
            List<Value> stack = new ArrayList<>();
            stack.add(root);
            while (!stack.isEmpty()) {
                Value.Node n = (Value.Node) stack.get(stack.size() - 1);
                Slot s = slot(n);
                if (s.closed) {
                    stack.remove(stack.size() - 1);
                } else if (s.open) {
                    stack.remove(stack.size() - 1);       // every operand is closed: close it
                    s.closed = true;
                    for (Value c : n.children()) {
                        s.needs |= slot(c).needs;
                    }
                    order.add(n);
                } else {
                    s.open = true;
                    for (Value c : n.children()) {
                        if (c instanceof Value.Node && !slot(c).closed) {
                            stack.add(c);
                        }
                    }
                }
            }
            return order;
        }

        private Slot slot(Value v) {
            if (v instanceof Value.Node n) {
                if (n.mark instanceof Slot s) {                // this run's: each run clears its marks
                    return s;
                }
                Slot s = new Slot();
                n.mark = s;
                marked.add(n);
                return s;
            }
            return leafSlots.computeIfAbsent(v, k -> new Slot());
        }

        /** Returns the sum of a slot's shares as one node (null when it has none), and keeps it. */
        private static Value total(Slot s) {
            Object shares = s.shares;
            if (shares instanceof List<?> list) {
                List<Value> terms = new ArrayList<>(list.size());
                for (Object o : list) {
                    terms.add((Value) o);
                }
                Value sum = Value.sum(terms);
                s.shares = sum;
                return sum;
            }
            return (Value) shares;
        }

        @Override
        public boolean needs(Value operand) {
            return slot(operand).needs;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void add(Value operand, Value share) {
            if (share == null) {
                return;
            }
            Slot s = slot(operand);
            Object shares = s.shares;
            if (shares == null) {
                s.shares = share;
            } else if (shares instanceof List<?> list) {
                ((List<Value>) list).add(share);
            } else {
                List<Value> list = new ArrayList<>(4);
                list.add((Value) shares);
                list.add(share);
                s.shares = list;
            }
        }
    }
}
