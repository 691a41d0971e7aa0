package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One scalar node of a computation graph: a {@code double} and the gradient of some root with respect to it.
 *
 * <p>A {@code Value} made with {@code new} is a <em>leaf</em> (an input or a parameter). Every operation returns
 * a new {@code Value} that remembers its operands and the local partial derivative of its value with respect to
 * each of them, computed in the forward pass. {@link #backward()} then orders the graph topologically and applies
 * the chain rule from the root to the leaves: every operand receives {@code partial * grad}, added ({@code +=}) to
 * what it already has, so a value used twice is right by construction.
 *
 * <pre>{@code
 * Value a = new Value(-4.0, "a");
 * Value b = new Value(2.0, "b");
 * Value c = a.mul(b).add(b.pow(3));   // c = a*b + b^3 = 0
 * c.backward();
 * System.out.println(a.grad());       // dc/da = b = 2.0
 * System.out.println(b.grad());       // dc/db = a + 3b^2 = 8.0
 * }</pre>
 *
 * <h2>Numbers</h2>
 * Every operation follows IEEE-754: out-of-domain inputs give {@code NaN} or infinities, never an exception
 * ({@code log(0) = -Infinity}, {@code pow(-8, 1/3) = NaN}, {@code x / 0 = Infinity}). {@link #tanh()} and
 * {@link #sigmoid()} are evaluated so that they never overflow: they stay finite, with finite derivatives, for any
 * finite input. A {@code double} operand is a constant: it is folded into the node and is not a child.
 *
 * <h2>Gradients accumulate (PyTorch's semantics)</h2>
 * A leaf's gradient accumulates across {@code backward()} calls until it is reset with {@link #setGrad(double)}
 * (or a module's or optimizer's {@code zeroGrad()}). Interior gradients are recomputed on every pass, so calling
 * {@code backward()} twice on the same root adds each leaf's gradient exactly once more.
 *
 * <h2>Identity, threads and changes</h2>
 * Two values are equal only when they are the same object. A graph is not thread-safe, but graphs that share no
 * node may be built and differentiated on different threads at once: the engine has no static mutable state.
 * Local derivatives are taken when a node is made, from its operands' data at that moment; calling
 * {@link #setData(double)} on a node that already has consumers does not update them, so rebuild the graph after
 * changing data (as a training loop does on every step).
 *
 * <h2>Custom operations</h2>
 * {@link #custom(String, double, Value, double)} and its overloads make a new differentiable node from its value,
 * its operands and the local partial derivatives: the scalar analogue of PyTorch's {@code autograd.Function}.
 * For example, softplus, {@code log(1 + e^x)}, whose derivative is the sigmoid:
 *
 * <pre>{@code
 * static Value softplus(Value x) {
 *     double v = x.data();
 *     double value = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));   // log(1 + e^v), stable
 *     double slope = 1 / (1 + Math.exp(-v));                                 // d/dv = sigmoid(v)
 *     return Value.custom("softplus", value, x, slope);
 * }
 *
 * Value x = new Value(-0.4);
 * Value y = softplus(x);
 * y.backward();
 * System.out.println(y.data());   // 0.5130152523999525
 * System.out.println(x.grad());   // 0.401312339887548
 * }</pre>
 */
public sealed class Value permits Value.Node {

    double data;
    double grad;
    private String label;

    /**
     * Creates a leaf (an input or a parameter) with gradient 0.
     *
     * @param data the value
     */
    public Value(double data) {
        this.data = data;
    }

    /**
     * Creates a labelled leaf with gradient 0. The label shows in graph pictures.
     *
     * @param data  the value
     * @param label a name for this value, such as {@code "w0"}
     * @throws NullPointerException if {@code label} is null
     */
    public Value(double data, String label) {
        this.data = data;
        this.label = Objects.requireNonNull(label, "label == null");
    }

    // ---- state ------------------------------------------------------------------------------------------------

    /**
     * Returns the forward value.
     *
     * @return the value held by this node
     */
    public double data() {
        return data;
    }

    /**
     * Returns the gradient of the last {@link #backward()} root with respect to this value: accumulated over
     * calls for a leaf, recomputed on each call for an interior node.
     *
     * @return d(root)/d(this)
     */
    public double grad() {
        return grad;
    }

    /**
     * Replaces the value, as an optimizer does with a parameter. Consumers made before the change keep the
     * local derivatives they took from the old value.
     *
     * @param data the new value
     */
    public void setData(double data) {
        this.data = data;
    }

    /**
     * Replaces the gradient; {@code setGrad(0)} is what {@code zeroGrad()} does to each parameter.
     *
     * @param grad the new gradient
     */
    public void setGrad(double grad) {
        this.grad = grad;
    }

    /**
     * Returns the label, or {@code null} when none was given.
     *
     * @return the label or null
     */
    public String label() {
        return label;
    }

    /**
     * Sets the label shown in graph pictures ({@code null} removes it). Labels have no effect on the math.
     *
     * @param label a name such as {@code "loss"}, or null
     */
    public void setLabel(String label) {
        this.label = label;
    }

    // ---- operations: each returns a new node holding its value and the local derivative for each operand -----

    /**
     * Returns {@code this + other}. Local derivatives: d/dthis = 1, d/dother = 1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value add(Value other) {
        Objects.requireNonNull(other, "other == null");
        return new Binary("+", data + other.data, this, 1.0, other, 1.0);
    }

    /**
     * Returns {@code this + c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value add(double c) {
        return new Unary("+", data + c, this, 1.0);
    }

    /**
     * Returns {@code this - other}. Local derivatives: d/dthis = 1, d/dother = -1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value sub(Value other) {
        Objects.requireNonNull(other, "other == null");
        return new Binary("-", data - other.data, this, 1.0, other, -1.0);
    }

    /**
     * Returns {@code this - c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value sub(double c) {
        return new Unary("-", data - c, this, 1.0);
    }

    /**
     * Returns {@code this * other}. Local derivatives: d/dthis = other, d/dother = this.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value mul(Value other) {
        Objects.requireNonNull(other, "other == null");
        return new Binary("*", data * other.data, this, other.data, other, data);
    }

    /**
     * Returns {@code this * c} for a constant {@code c}. Local derivative: d/dthis = c.
     *
     * @param c the constant
     * @return a new node
     */
    public Value mul(double c) {
        return new Unary("*", data * c, this, c);
    }

    /**
     * Returns {@code this / other}. Local derivatives: d/dthis = 1/other, d/dother = -this/other<sup>2</sup>.
     *
     * @param other the divisor
     * @return a new node
     */
    public Value div(Value other) {
        Objects.requireNonNull(other, "other == null");
        double q = data / other.data;
        return new Binary("/", q, this, 1.0 / other.data, other, -q / other.data);
    }

    /**
     * Returns {@code this / c} for a constant {@code c}. Local derivative: d/dthis = 1/c.
     *
     * @param c the divisor
     * @return a new node
     */
    public Value div(double c) {
        return new Unary("/", data / c, this, 1.0 / c);
    }

    /**
     * Returns {@code this ** k} for a constant exponent, as {@link Math#pow(double, double)} computes it.
     * Local derivative: d/dthis = k * this<sup>k-1</sup> (and exactly 0 when {@code k == 0}, as in PyTorch).
     *
     * @param k the exponent, any real number
     * @return a new node
     */
    public Value pow(double k) {
        double slope = k == 0 ? 0.0 : k * Math.pow(data, k - 1);
        return new Unary("**", Math.pow(data, k), this, slope);
    }

    /**
     * Returns {@code this ** exponent}, differentiable in both operands. Local derivatives:
     * d/dthis = e * this<sup>e-1</sup> (0 when e = 0) and d/dexponent = this<sup>e</sup> * ln(this)
     * (0 when this = 0 and e &ge; 0, as in PyTorch; NaN for a negative base).
     *
     * @param exponent the exponent
     * @return a new node
     */
    public Value pow(Value exponent) {
        Objects.requireNonNull(exponent, "exponent == null");
        double e = exponent.data;
        double out = Math.pow(data, e);
        double dBase = e == 0 ? 0.0 : e * Math.pow(data, e - 1);
        double dExponent = data == 0 && e >= 0 ? 0.0 : out * Math.log(data);
        return new Binary("**", out, this, dBase, exponent, dExponent);
    }

    /**
     * Returns {@code -this}. Local derivative: d/dthis = -1.
     *
     * @return a new node
     */
    public Value neg() {
        return new Unary("neg", -data, this, -1.0);
    }

    /**
     * Returns {@code max(0, this)}. Local derivative: 1 where this &gt; 0, and 0 where this &le; 0 (so exactly 0
     * at 0, as in micrograd). A NaN input gives NaN and passes the gradient on, as PyTorch does.
     *
     * @return a new node
     */
    public Value relu() {
        return new Unary("relu", Math.max(0.0, data), this, data <= 0 ? 0.0 : 1.0);
    }

    /**
     * Returns {@code tanh(this)}. Local derivative: 1 - tanh<sup>2</sup>(this), taken from the output, so it is
     * finite (0) for large inputs.
     *
     * @return a new node
     */
    public Value tanh() {
        double t = Math.tanh(data);
        return new Unary("tanh", t, this, 1 - t * t);
    }

    /**
     * Returns {@code e ** this}. Local derivative: e<sup>this</sup> (the output itself). Overflows to Infinity
     * above about 709.78, as {@link Math#exp(double)} does.
     *
     * @return a new node
     */
    public Value exp() {
        double e = Math.exp(data);
        return new Unary("exp", e, this, e);
    }

    /**
     * Returns the natural logarithm {@code ln(this)}. Local derivative: 1/this. {@code ln(0) = -Infinity} and a
     * negative input gives NaN.
     *
     * @return a new node
     */
    public Value log() {
        return new Unary("log", Math.log(data), this, 1.0 / data);
    }

    /**
     * Returns the logistic function {@code 1 / (1 + e^-this)}, computed without overflow for any input. Local
     * derivative: s * (1 - s) where s is the output.
     *
     * @return a new node
     */
    public Value sigmoid() {
        double s = data >= 0 ? 1 / (1 + Math.exp(-data)) : Math.exp(data) / (1 + Math.exp(data));
        return new Unary("sigmoid", s, this, s * (1 - s));
    }

    /**
     * Returns the sum of the given values as one n-ary node (not a chain of additions). Local derivative: 1 for
     * each operand; a value listed twice receives the gradient twice.
     *
     * @param values the terms, at least one
     * @return a new node
     * @throws NullPointerException     if {@code values} or one of them is null
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Value sum(Iterable<Value> values) {
        Objects.requireNonNull(values, "values == null");
        List<Value> list = new ArrayList<>();
        values.forEach(list::add);
        return sumOf(list.toArray(new Value[0]));
    }

    /**
     * Returns the sum of the given values as one n-ary node. See {@link #sum(Iterable)}.
     *
     * @param values the terms, at least one
     * @return a new node
     * @throws NullPointerException     if {@code values} or one of them is null
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Value sum(Value... values) {
        Objects.requireNonNull(values, "values == null");
        return sumOf(values.clone());
    }

    private static Value sumOf(Value[] terms) {
        if (terms.length == 0) {
            throw new IllegalArgumentException("values is empty: a sum needs at least one term");
        }
        double total = 0.0;
        for (int i = 0; i < terms.length; i++) {
            total += Objects.requireNonNull(terms[i], () -> "values contains null").data;
        }
        return new Nary("sum", total, terms, null);
    }

    /**
     * Returns {@code bias + sum(weights[i] * inputs[i])} as one node: a neuron's weighted sum without the
     * {@code 2n} intermediate nodes of a chain of {@code mul} and {@code add}. Local derivatives:
     * d/dbias = 1, d/dweights[i] = inputs[i], d/dinputs[i] = weights[i]. The terms are added in index order,
     * starting from the bias, as micrograd's {@code sum(w*x, b)} does.
     *
     * <p>The arrays are shared, not copied (a neuron builds many nodes over one weight array): do not change
     * their elements while the node is in use. Its {@link #children()} are the bias, then the weights, then
     * the inputs.
     *
     * @param bias    the bias
     * @param weights the weights
     * @param inputs  the inputs, as many as weights
     * @return a new node
     * @throws NullPointerException     if an argument or an element is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Value weightedSum(Value bias, Value[] weights, Value[] inputs) {
        Objects.requireNonNull(bias, "bias == null");
        Objects.requireNonNull(weights, "weights == null");
        Objects.requireNonNull(inputs, "inputs == null");
        if (weights.length != inputs.length) {
            throw new IllegalArgumentException(
                    "weights.length (" + weights.length + ") != inputs.length (" + inputs.length + ")");
        }
        double z = bias.data;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i].data * inputs[i].data;
        }
        return new WeightedSum(z, bias, weights, inputs);
    }

    // ---- custom operations ------------------------------------------------------------------------------------

    /**
     * Returns a new node of one operand, for an operation defined outside this class (see the class comment's
     * softplus example).
     *
     * @param op      the operation's name, shown by {@link #op()} and in graph pictures
     * @param data    the operation's value
     * @param operand the operand
     * @param partial d(value)/d(operand) at this point
     * @return a new node
     * @throws NullPointerException if {@code op} or {@code operand} is null
     */
    public static Value custom(String op, double data, Value operand, double partial) {
        Objects.requireNonNull(op, "op == null");
        Objects.requireNonNull(operand, "operand == null");
        return new Unary(op, data, operand, partial);
    }

    /**
     * Returns a new node of two operands, for an operation defined outside this class.
     *
     * @param op       the operation's name
     * @param data     the operation's value
     * @param a        the first operand
     * @param partialA d(value)/d(a) at this point
     * @param b        the second operand
     * @param partialB d(value)/d(b) at this point
     * @return a new node
     * @throws NullPointerException if {@code op}, {@code a} or {@code b} is null
     */
    public static Value custom(String op, double data, Value a, double partialA, Value b, double partialB) {
        Objects.requireNonNull(op, "op == null");
        Objects.requireNonNull(a, "a == null");
        Objects.requireNonNull(b, "b == null");
        return new Binary(op, data, a, partialA, b, partialB);
    }

    /**
     * Returns a new node of any number of operands, for an operation defined outside this class. The arrays
     * are copied.
     *
     * @param op       the operation's name
     * @param data     the operation's value
     * @param operands the operands, at least one
     * @param partials d(value)/d(operands[i]) at this point, one for each operand
     * @return a new node
     * @throws NullPointerException     if an argument or an operand is null
     * @throws IllegalArgumentException if there are no operands, or not one partial for each
     */
    public static Value custom(String op, double data, Value[] operands, double[] partials) {
        Objects.requireNonNull(op, "op == null");
        Objects.requireNonNull(operands, "operands == null");
        Objects.requireNonNull(partials, "partials == null");
        if (operands.length == 0) {
            throw new IllegalArgumentException("operands is empty: a custom op needs at least one operand");
        }
        if (operands.length != partials.length) {
            throw new IllegalArgumentException(
                    "operands.length (" + operands.length + ") != partials.length (" + partials.length + ")");
        }
        for (int i = 0; i < operands.length; i++) {
            Objects.requireNonNull(operands[i], "operands[" + i + "] == null");
        }
        return new Nary(op, data, operands.clone(), partials.clone());
    }

    // ---- backpropagation --------------------------------------------------------------------------------------

    /**
     * Computes d(this)/d(v) for every value v this one depends on, by the chain rule in reverse topological
     * order. The seed d(this)/d(this) = 1 is added to {@link #grad()} when this is a leaf. Interior gradients
     * are recomputed; leaf gradients accumulate.
     *
     * <p>The pass is iterative (Kahn's algorithm: a first sweep counts each interior node's consumers, a second
     * releases a node once all of them have sent it their share), so any depth that fits in memory works. It
     * keeps its bookkeeping in the nodes, not in static state.
     */
    public void backward() {
        if (!(this instanceof Node root)) {
            grad += 1.0;
            return;
        }
        Worklist work = new Worklist();
        try {
            work.push(root);                         // 1. count consumers; reset interior grads on first visit
            while (work.size > 0) {
                work.pop().countOperands(work);
            }
            root.grad = 1.0;                         // 2. chain rule, each node once all its consumers are done
            work.push(root);
            while (work.size > 0) {
                work.pop().propagate(work);
            }
        } catch (RuntimeException | Error e) {
            resetPending(root);
            throw e;
        }
    }

    /** Clears the pass bookkeeping after a failed pass, so that the graph can be used again. */
    private static void resetPending(Node root) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Value> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Value v = todo.remove(todo.size() - 1);
            if (v instanceof Node n && seen.add(n)) {
                n.pending = 0;
                todo.addAll(n.children());
            }
        }
    }

    // ---- structure --------------------------------------------------------------------------------------------

    /**
     * Returns the operation that made this node ({@code "+"}, {@code "*"}, {@code "relu"}, ...), or {@code ""}
     * for a leaf.
     *
     * @return the operation's name
     */
    public String op() {
        return "";
    }

    /**
     * Returns the {@code Value} operands in order; empty for a leaf. Constants are not children.
     *
     * @return an unmodifiable list
     */
    public List<Value> children() {
        return List.of();
    }

    /**
     * Returns whether this value has no operands (an input or a parameter).
     *
     * @return true for a leaf
     */
    public boolean isLeaf() {
        return true;
    }

    /**
     * Returns {@code Value(data=<data>, grad=<grad>)}, as micrograd prints a value.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + ")";
    }

    // ---- the node shapes: how each kind of interior node stores its operands and local derivatives ----------

    /**
     * An interior node. {@code countOperands} and {@code propagate} are the two sweeps of {@link #backward()};
     * {@code pending} counts the consumers that have yet to send this node their share of the gradient.
     */
    abstract static sealed class Node extends Value permits Unary, Binary, Nary, WeightedSum {
        private final String op;
        int pending;

        Node(String op, double data) {
            super(data);
            this.op = op;
        }

        abstract void countOperands(Worklist work);

        abstract void propagate(Worklist work);

        /** Counts one more consumer of {@code operand}; on the first, resets its grad and visits it. */
        static void count(Value operand, Worklist work) {
            if (operand instanceof Node n && n.pending++ == 0) {
                n.grad = 0.0;
                work.push(n);
            }
        }

        /** Adds a share to {@code operand}'s grad; once its last consumer has sent, it is ready. */
        static void send(Value operand, double share, Worklist work) {
            operand.grad += share;
            if (operand instanceof Node n && --n.pending == 0) {
                work.push(n);
            }
        }

        @Override
        public String op() {
            return op;
        }

        @Override
        public boolean isLeaf() {
            return false;
        }
    }

    /** One operand, one partial: {@code a.grad += da * grad}. */
    static final class Unary extends Node {
        private final Value a;
        private final double da;

        Unary(String op, double data, Value a, double da) {
            super(op, data);
            this.a = a;
            this.da = da;
        }

        @Override
        void countOperands(Worklist work) {
            count(a, work);
        }

        @Override
        void propagate(Worklist work) {
            send(a, da * grad, work);
        }

        @Override
        public List<Value> children() {
            return List.of(a);
        }
    }

    /** Two operands, two partials. */
    static final class Binary extends Node {
        private final Value a;
        private final Value b;
        private final double da;
        private final double db;

        Binary(String op, double data, Value a, double da, Value b, double db) {
            super(op, data);
            this.a = a;
            this.b = b;
            this.da = da;
            this.db = db;
        }

        @Override
        void countOperands(Worklist work) {
            count(a, work);
            count(b, work);
        }

        @Override
        void propagate(Worklist work) {
            send(a, da * grad, work);
            send(b, db * grad, work);
        }

        @Override
        public List<Value> children() {
            return List.of(a, b);
        }
    }

    /** Any number of operands; {@code partials == null} means every partial is 1 (a sum). */
    static final class Nary extends Node {
        private final Value[] operands;
        private final double[] partials;

        Nary(String op, double data, Value[] operands, double[] partials) {
            super(op, data);
            this.operands = operands;
            this.partials = partials;
        }

        @Override
        void countOperands(Worklist work) {
            for (Value v : operands) {
                count(v, work);
            }
        }

        @Override
        void propagate(Worklist work) {
            for (int i = 0; i < operands.length; i++) {
                send(operands[i], partials == null ? grad : partials[i] * grad, work);
            }
        }

        @Override
        public List<Value> children() {
            return List.of(operands);
        }
    }

    /** {@code bias + sum(w[i] * x[i])}: the partials are the other factor's data, read from the shared arrays. */
    static final class WeightedSum extends Node {
        private final Value bias;
        private final Value[] w;
        private final Value[] x;

        WeightedSum(double data, Value bias, Value[] w, Value[] x) {
            super("wsum", data);
            this.bias = bias;
            this.w = w;
            this.x = x;
        }

        @Override
        void countOperands(Worklist work) {
            count(bias, work);
            for (int i = 0; i < w.length; i++) {
                count(w[i], work);
                count(x[i], work);
            }
        }

        @Override
        void propagate(Worklist work) {
            double g = grad;
            send(bias, g, work);
            for (int i = 0; i < w.length; i++) {
                send(w[i], x[i].data * g, work);
                send(x[i], w[i].data * g, work);
            }
        }

        @Override
        public List<Value> children() {
            List<Value> all = new ArrayList<>(1 + 2 * w.length);
            all.add(bias);
            all.addAll(Arrays.asList(w));
            all.addAll(Arrays.asList(x));
            return Collections.unmodifiableList(all);
        }
    }

    /** The stack of nodes a backward sweep has still to visit; local to one pass. */
    static final class Worklist {
        private Node[] items = new Node[64];
        int size;

        void push(Node n) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = n;
        }

        Node pop() {
            return items[--size];
        }
    }
}
