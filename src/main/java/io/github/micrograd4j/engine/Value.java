package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
 * Local derivatives are taken when a node is made, from its operands' data at that moment (a
 * {@link #weightedSum weighted sum}, which shares its factors' arrays, reads their data when {@code backward()}
 * runs); a node's value is never recomputed. So rebuild the graph after changing data with
 * {@link #setData(double)}, as a training loop does on every step.
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
 * System.out.println(y.data());   // 0.5130152523999526
 * System.out.println(x.grad());   // 0.401312339887548
 *
 * // check the derivative against finite differences at a few points (throws AssertionError if it is off)
 * for (double at : new double[] {-3, -0.4, 0.5, 7}) {
 *     GradCheck.assertGradients(in -> softplus(in.get(0)), 1e-8, at);
 * }
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
     * their elements while the node is in use. The partials are read from the factors' data when
     * {@code backward()} runs. Its {@link #children()} are the bias, then the weights, then the inputs.
     *
     * @param bias    the bias
     * @param weights the weights
     * @param inputs  the inputs, as many as weights
     * @return a new node
     * @throws NullPointerException     if an argument or an element is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Value weightedSum(Value bias, Value[] weights, Value[] inputs) {
        return weightedSum(bias, weights, inputs, false);
    }

    /**
     * Returns {@code bias + sum(weights[i] * inputs[i])}, or with {@code relu} its ReLU
     * {@code max(0, bias + sum(weights[i] * inputs[i]))}, as one node: micrograd's whole neuron. Local
     * derivatives are those of {@link #weightedSum(Value, Value[], Value[])} times the ReLU's slope (1 where
     * the sum is &gt; 0, else 0), so a neuron that is off passes no gradient back. The arrays are shared, not
     * copied.
     *
     * @param bias    the bias
     * @param weights the weights
     * @param inputs  the inputs, as many as weights
     * @param relu    whether to apply the ReLU to the sum
     * @return a new node
     * @throws NullPointerException     if an argument or an element is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Value weightedSum(Value bias, Value[] weights, Value[] inputs, boolean relu) {
        Objects.requireNonNull(bias, "bias == null");
        Objects.requireNonNull(weights, "weights == null");
        Objects.requireNonNull(inputs, "inputs == null");
        if (weights.length != inputs.length) {
            throw new IllegalArgumentException(
                    "weights.length (" + weights.length + ") != inputs.length (" + inputs.length + ")");
        }
        double z = bias.data;
        boolean weightsAreLeaves = true;
        for (int i = 0; i < weights.length; i++) {
            Value w = weights[i];
            z += w.data * inputs[i].data;
            weightsAreLeaves &= !(w instanceof Node);
        }
        return relu
                ? new WeightedSum("wsum_relu", Math.max(0.0, z), z <= 0 ? 0.0 : 1.0, z, bias, weights, inputs,
                        weightsAreLeaves)
                : new WeightedSum("wsum", z, 1.0, z, bias, weights, inputs, weightsAreLeaves);
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
     * <p>The topological order comes from an iterative depth-first search (no recursion, so any depth that fits
     * in memory works), kept as a list linked through the nodes; each node then adds {@code partial * grad} to
     * each operand, consumers before the values they consume. The search marks nodes with tokens of its own
     * pass, not with static state.
     */
    public void backward() {
        if (!(this instanceof Node root)) {
            grad += 1.0;
            return;
        }
        Node first = new Pass().order(root);
        root.grad = 1.0;
        for (Node n = first; n != null; ) {
            n.propagate();
            Node following = n.next;
            n.next = null;                                // so that no node keeps an old graph alive
            n = following;
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

    // ---- for GraphHtml, which replays a backward pass on screen -----------------------------------------------

    /**
     * Reports each addition {@code operand.grad += factor * node.grad} that {@code node}'s step of
     * {@link #backward()} makes, in the order it makes them; nothing for a leaf. A weighted sum's factors are read
     * from its arrays now and include its slope, which is 0 or 1, so {@code (x * slope) * grad} is
     * {@code x * (slope * grad)} to the bit (its skipped zero shares add only zeros).
     */
    static void forEachShare(Value node, java.util.function.ObjDoubleConsumer<Value> share) {
        if (node instanceof Unary u) {
            share.accept(u.a, u.da);
        } else if (node instanceof Binary b) {
            share.accept(b.a, b.da);
            share.accept(b.b, b.db);
        } else if (node instanceof Nary n) {
            for (int i = 0; i < n.operands.length; i++) {
                share.accept(n.operands[i], n.partials == null ? 1.0 : n.partials[i]);
            }
        } else if (node instanceof WeightedSum s) {
            share.accept(s.bias, s.slope);
            for (int i = 0; i < s.w.length; i++) {
                share.accept(s.w[i], s.x[i].data * s.slope);
                share.accept(s.x[i], s.w[i].data * s.slope);
            }
        }
    }

    // ---- the node shapes: how each kind of interior node stores its operands and local derivatives ----------

    /**
     * An interior node. {@code visitOperands} offers the interior operands to a backward pass's search;
     * {@code propagate} adds {@code partial * grad} to each operand's gradient.
     */
    abstract static sealed class Node extends Value permits Unary, Binary, Nary, WeightedSum {
        private final String op;
        /** The pass that last reached this node: its {@code open} token while exploring, then {@code closed}. */
        Object mark;
        /** The node after this one in the running pass's propagation order. */
        Node next;

        Node(String op, double data) {
            super(data);
            this.op = op;
        }

        abstract void visitOperands(Pass pass);

        abstract void propagate();

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
        void visitOperands(Pass pass) {
            pass.visit(a);
        }

        @Override
        void propagate() {
            a.grad += da * grad;
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
        void visitOperands(Pass pass) {
            pass.visit(a);
            pass.visit(b);
        }

        @Override
        void propagate() {
            a.grad += da * grad;
            b.grad += db * grad;
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
        void visitOperands(Pass pass) {
            for (Value v : operands) {
                pass.visit(v);
            }
        }

        @Override
        void propagate() {
            for (int i = 0; i < operands.length; i++) {
                operands[i].grad += partials == null ? grad : partials[i] * grad;
            }
        }

        @Override
        public List<Value> children() {
            return List.of(operands);
        }
    }

    /**
     * {@code act(bias + sum(w[i] * x[i]))} with {@code slope = act'(sum)}: the partials are {@code slope} times
     * the other factor's data, read from the shared arrays. When {@code slope * grad} is exactly 0 and the sum
     * is finite (so every factor was finite and every share would be a zero), the shares are skipped and only
     * the bookkeeping is done: the gradients are exactly those of the full pass, and a NaN or infinite factor
     * still propagates.
     */
    static final class WeightedSum extends Node {
        private final Value bias;
        private final Value[] w;
        private final Value[] x;
        private final double slope;
        private final boolean finiteSum;
        private final boolean weightsAreLeaves;

        WeightedSum(String op, double data, double slope, double sum, Value bias, Value[] w, Value[] x,
                    boolean weightsAreLeaves) {
            super(op, data);
            this.slope = slope;
            this.finiteSum = Double.isFinite(sum);
            this.bias = bias;
            this.w = w;
            this.x = x;
            this.weightsAreLeaves = weightsAreLeaves;
        }

        @Override
        void visitOperands(Pass pass) {
            pass.visit(bias);
            if (!weightsAreLeaves) {
                for (Value wi : w) {
                    pass.visit(wi);
                }
            }
            if (x != pass.orderedInputs) {               // a layer's neurons share one input array
                for (Value xi : x) {
                    pass.visit(xi);
                }
            }
        }

        @Override
        void propagate() {
            double g = slope * grad;
            if (g == 0 && finiteSum) {
                return;                                   // every share would be exactly 0
            }
            bias.grad += g;
            for (int i = 0; i < w.length; i++) {
                Value wi = w[i];
                Value xi = x[i];
                wi.grad += xi.data * g;
                xi.grad += wi.data * g;
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

    /**
     * One backward pass's depth-first search. A node is open while its operands are explored and closed once
     * every interior node it depends on is closed; closing puts it at the front of the propagation order, so
     * consumers come before what they consume. The tokens are new for each pass, so marks left by an earlier
     * pass read as unvisited.
     */
    static final class Pass {
        private final Object open = new Object();
        private final Object closed = new Object();
        private Node[] stack = new Node[64];
        private int depth;
        /** The inputs of the last weighted sum closed: all of them are closed too, so they need no visit. */
        private Value[] orderedInputs;

        /** Offers an operand to the search: an interior node not yet closed in this pass is explored. */
        void visit(Value operand) {
            if (operand instanceof Node n && n.mark != closed) {
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                stack[depth++] = n;
            }
        }

        /** Returns the first of the interior nodes reachable from {@code root}, linked in propagation order. */
        Node order(Node root) {
            Node first = null;
            visit(root);
            while (depth > 0) {
                Node n = stack[depth - 1];
                if (n.mark == closed) {
                    depth--;                              // reached twice before it was closed
                } else if (n.mark == open) {
                    depth--;                              // all its operands are closed: close it
                    n.mark = closed;
                    n.next = first;
                    first = n;
                    if (n instanceof WeightedSum ws) {
                        orderedInputs = ws.x;
                    }
                } else {
                    n.mark = open;                        // first visit: reset its grad, explore operands
                    n.grad = 0.0;
                    n.visitOperands(this);
                }
            }
            return first;
        }
    }
}
