package io.github.micrograd4j.engine;

import java.util.ArrayList;
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
 * <h2>One definition of each operation</h2>
 * Each operation (its value, its local derivatives as numbers and as a graph, and the text the pictures show) is
 * written once, in the package's op table; the methods below only make its node. {@link CustomOp} makes new
 * operations of the same kind, which {@code backward()}, {@link Tape}, {@link Autograd} and the pictures all take.
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
 * <h2>Values are taken when a node is made</h2>
 * A node's value and its local derivatives are computed from its operands' data when it is made, and never
 * again: after {@link #setData(double)} on an operand, the nodes made before keep their numbers (for every
 * operation alike). So rebuild the graph after changing data, as a training loop does on every step, or record it
 * once with {@link Tape} and replay it.
 *
 * <h2>Identity and threads</h2>
 * Two values are equal only when they are the same object. Graphs that share leaves (one model's parameters) may
 * be ordered, recorded ({@link Tape#record}) and differentiated ({@link Autograd}, {@link Tape#gradient}) on
 * different threads at the same time: a traversal keeps its state to itself. {@code backward()} adds into the
 * leaves' gradients, so two of them on graphs that share leaves must not run at once; nor may one thread change
 * a value's data while another reads it.
 */
public sealed class Value permits Node, Linear.Row {

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
     * Creates a labelled leaf with gradient 0. The label shows in graph pictures. As for
     * {@link #setLabel(String)}, {@code null} means no label: {@code new Value(x, null)} is {@code new Value(x)}.
     *
     * @param data  the value
     * @param label a name for this value, such as {@code "w0"}, or null for none
     */
    public Value(double data, String label) {
        this.data = data;
        this.label = label;
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
     * Replaces the value of a leaf, as an optimizer does with a parameter. Nodes made before the change keep the
     * numbers they took from the old value. A computed value's data is what its operation computed, and stays so.
     *
     * @param data the new value
     * @throws IllegalStateException if this value is not a leaf
     */
    public void setData(double data) {
        if (!isLeaf()) {
            throw new IllegalStateException("setData on a computed value (op \"" + op() + "\"): only a leaf (an input "
                    + "or a parameter) holds data that may change; rebuild the graph from new leaf data instead");
        }
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
     * Sets the label shown in graph pictures ({@code null} removes it, the same rule as the constructor's).
     * Labels have no effect on the math.
     *
     * @param label a name such as {@code "loss"}, or null
     */
    public void setLabel(String label) {
        this.label = label;
    }

    // ---- operations: each makes one node of an op of the table, which computes its value and partials --------

    /**
     * Returns {@code this + other}. Local derivatives: d/dthis = 1, d/dother = 1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value add(Value other) {
        return new Node.Binary(Ops.ADD, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this + c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value add(double c) {
        return new Node.Unary(Ops.ADD_C, this, c);
    }

    /**
     * Returns {@code this - other}. Local derivatives: d/dthis = 1, d/dother = -1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value sub(Value other) {
        return new Node.Binary(Ops.SUB, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this - c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value sub(double c) {
        return new Node.Unary(Ops.SUB_C, this, c);
    }

    /**
     * Returns {@code c - this} for a constant {@code c} (micrograd's {@code c - x}, Python's {@code __rsub__}),
     * as one node. Local derivative: d/dthis = -1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value rsub(double c) {
        return new Node.Unary(Ops.RSUB, this, c);
    }

    /**
     * Returns {@code this * other}. Local derivatives: d/dthis = other, d/dother = this.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value mul(Value other) {
        return new Node.Binary(Ops.MUL, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this * c} for a constant {@code c}. Local derivative: d/dthis = c.
     *
     * @param c the constant
     * @return a new node
     */
    public Value mul(double c) {
        return new Node.Unary(Ops.MUL_C, this, c);
    }

    /**
     * Returns {@code this / other}. Local derivatives: d/dthis = 1/other, d/dother = -this/other<sup>2</sup>.
     *
     * @param other the divisor
     * @return a new node
     */
    public Value div(Value other) {
        return new Node.Binary(Ops.DIV, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this / c} for a constant {@code c}. Local derivative: d/dthis = 1/c.
     *
     * @param c the divisor
     * @return a new node
     */
    public Value div(double c) {
        return new Node.Unary(Ops.DIV_C, this, c);
    }

    /**
     * Returns {@code c / this} for a constant {@code c} (micrograd's {@code c / x}, Python's {@code __rtruediv__}),
     * as one node. Local derivative: d/dthis = -c/this<sup>2</sup>, computed as {@code -(c/this)/this}. Dividing
     * by 0 follows IEEE-754 ({@code 1 / 0 = Infinity}).
     *
     * @param c the dividend
     * @return a new node
     */
    public Value rdiv(double c) {
        return new Node.Unary(Ops.RDIV, this, c);
    }

    /**
     * Returns {@code this ** k} for a constant exponent, as {@link Math#pow(double, double)} computes it.
     * Local derivative: d/dthis = k * this<sup>k-1</sup> (and exactly 0 when {@code k == 0}, as in PyTorch).
     *
     * @param k the exponent, any real number
     * @return a new node
     */
    public Value pow(double k) {
        return new Node.Unary(Ops.POW_C, this, k);
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
        return new Node.Binary(Ops.POW, this, Objects.requireNonNull(exponent, "exponent == null"));
    }

    /**
     * Returns {@code -this}. Local derivative: d/dthis = -1.
     *
     * @return a new node
     */
    public Value neg() {
        return new Node.Unary(Ops.NEG, this, 0.0);
    }

    /**
     * Returns {@code max(0, this)}. Local derivative: 1 where this &gt; 0, and 0 where this &le; 0 (so exactly 0
     * at 0, as in micrograd). A NaN input gives NaN and passes the gradient on, as PyTorch does.
     *
     * @return a new node
     */
    public Value relu() {
        return new Node.Unary(Ops.RELU, this, 0.0);
    }

    /**
     * Returns {@code tanh(this)}. Local derivative: 1 - tanh<sup>2</sup>(this), taken from the output, so it is
     * finite (0) for large inputs.
     *
     * @return a new node
     */
    public Value tanh() {
        return new Node.Unary(Ops.TANH, this, 0.0);
    }

    /**
     * Returns {@code e ** this}. Local derivative: e<sup>this</sup> (the output itself). Overflows to Infinity
     * above about 709.78, as {@link Math#exp(double)} does.
     *
     * @return a new node
     */
    public Value exp() {
        return new Node.Unary(Ops.EXP, this, 0.0);
    }

    /**
     * Returns the natural logarithm {@code ln(this)}. Local derivative: 1/this. {@code ln(0) = -Infinity} and a
     * negative input gives NaN.
     *
     * @return a new node
     */
    public Value log() {
        return new Node.Unary(Ops.LOG, this, 0.0);
    }

    /**
     * Returns the logistic function {@code 1 / (1 + e^-this)}, computed without overflow for any input. Local
     * derivative: s * (1 - s) where s is the output.
     *
     * @return a new node
     */
    public Value sigmoid() {
        return new Node.Unary(Ops.SIGMOID, this, 0.0);
    }

    /** Returns ReLU's derivative at a ReLU's output as a node: 1 where this &gt; 0 (or NaN), else 0. */
    Value step() {
        return new Node.Unary(Ops.STEP, this, 0.0);
    }

    /**
     * Returns the sum of the given values as one n-ary node (not a chain of additions), added from 0 in order as
     * Python's {@code sum} does. Local derivative: 1 for each operand; a value listed twice receives the gradient
     * twice.
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
        for (Value v : terms) {
            Objects.requireNonNull(v, "values contains null");
        }
        return new Node.Nary(Ops.SUM, terms);
    }

    /**
     * Returns the dot product {@code a0*b0 + a1*b1 + ...} as one node, added from 0 in order (as Python's
     * {@code sum(ai * bi for ...)}), without the {@code 2n} intermediate nodes of products and additions. Local
     * derivatives: d/da<sub>i</sub> = b<sub>i</sub>, d/db<sub>i</sub> = a<sub>i</sub>. Its {@link #children()} are
     * the {@code a}s, then the {@code b}s; a value in both lists (as in {@code dot(p, p)}, a sum of squares)
     * receives both shares.
     *
     * @param a the first factors
     * @param b the second factors, as many
     * @return a new node
     * @throws NullPointerException     if a list or an element is null
     * @throws IllegalArgumentException if the lists are empty or differ in size
     */
    public static Value dot(List<Value> a, List<Value> b) {
        Objects.requireNonNull(a, "a == null");
        Objects.requireNonNull(b, "b == null");
        int n = a.size();
        if (n != b.size()) {
            throw new IllegalArgumentException("a.size() (" + n + ") != b.size() (" + b.size() + ")");
        }
        if (n == 0) {
            throw new IllegalArgumentException("a is empty: a dot product needs at least one pair");
        }
        Value[] operands = new Value[2 * n];
        for (int i = 0; i < n; i++) {
            operands[i] = Objects.requireNonNull(a.get(i), "a contains null");
            operands[n + i] = Objects.requireNonNull(b.get(i), "b contains null");
        }
        return new Node.Nary(Ops.DOT, operands);
    }

    // ---- backpropagation --------------------------------------------------------------------------------------

    /**
     * Computes d(this)/d(v) for every value v this one depends on, by the chain rule in reverse topological
     * order. The seed d(this)/d(this) = 1 is added to {@link #grad()} when this is a leaf. Interior gradients
     * are recomputed; leaf gradients accumulate.
     *
     * <p>The topological order comes from an iterative depth-first search (no recursion, so any depth that fits
     * in memory works); then each node, consumers before the values they consume, adds {@code partial * grad}
     * to each operand's gradient.
     */
    public void backward() {
        Node top = vertex(this);
        if (top == null) {
            grad += 1.0;
            return;
        }
        Pass pass = new Pass(true);
        pass.order(this, false);
        grad = 1.0;
        Node[] order = pass.nodes;
        for (int k = pass.size - 1; k >= 0; k--) {
            order[k].propagate(pass);
        }
    }

    /**
     * Returns the interior values that {@link #backward()} passes the gradient through, in the order it does:
     * this value first, and each value before the values it was made from (a reverse topological order, the one
     * {@code backward()} computes). Leaves are not listed. The graph is read, not changed.
     *
     * @return a new list, empty when this is a leaf
     */
    public List<Value> backwardOrder() {
        Node top = vertex(this);
        if (top == null) {
            return List.of();
        }
        Pass pass = new Pass(false);
        pass.order(this, true);
        List<Value> out = new ArrayList<>(pass.size);
        for (int k = pass.size - 1; k >= 0; k--) {
            pass.nodes[k].addOutputs(out, pass);
        }
        return Collections.unmodifiableList(out);
    }

    /** Returns the node that computes {@code v} (itself, or a layer row's application), or null for a leaf. */
    static Node vertex(Value v) {
        if (v instanceof Node n) {
            return n;
        }
        return v instanceof Linear.Row r ? r.app : null;
    }

    // ---- structure: what made this node, as the pictures read it -----------------------------------------------

    /**
     * Returns the operation that made this node ({@code "+"}, {@code "*"}, {@code "relu"}, ...), or {@code ""}
     * for a leaf.
     *
     * @return the operation's name
     */
    public String op() {
        Op op = operation();
        return op == null ? "" : op.name;
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
     * Returns the local partial derivative d(this)/d(child i), as this node took it when it was made:
     * {@code backward()} adds {@code partial(i) * grad()} to the gradient of {@code children().get(i)}, child
     * after child in order.
     *
     * @param i the child's index
     * @return the partial derivative
     * @throws IndexOutOfBoundsException if there is no child {@code i} (a leaf has none)
     */
    public double partial(int i) {
        throw new IndexOutOfBoundsException("a leaf has no children (index " + i + ")");
    }

    /**
     * Returns what this node computes, as the pictures write it: {@code "x0 * x1"}, {@code "x0 + 2.0"},
     * {@code "tanh(x0)"}, where {@code x0}, {@code x1}, ... stand for the children's data; {@code ""} for a leaf.
     *
     * @return the expression
     */
    public String expression() {
        Op op = operation();
        return op == null ? "" : op.expression(arity(), constant());
    }

    /**
     * Returns the text of the local derivative d(this)/d(child i), as the pictures write it: {@code "x1"} for the
     * first factor of a product, {@code "1 - y²"} for {@code tanh}, where {@code x0}, {@code x1}, ... stand for
     * the children's data and {@code y} for this node's.
     *
     * @param i the child's index
     * @return the formula
     * @throws IndexOutOfBoundsException if there is no child {@code i}
     */
    public String formula(int i) {
        checkChild(i, arity());
        return operation().formula(i, arity(), constant());
    }

    /** The op that made this node, null for a leaf. */
    Op operation() {
        return null;
    }

    /** The node's constant ({@code c} of {@code x + c}), 0 for nodes without one. */
    double constant() {
        return 0.0;
    }

    /** The number of children. */
    int arity() {
        return children().size();
    }

    static void checkChild(int i, int arity) {
        if (i < 0 || i >= arity) {
            throw new IndexOutOfBoundsException("child " + i + " of a node with " + arity + " children");
        }
    }

    /** Adds the values this node computes that {@code pass} reached to {@code out}, in backward()'s order. */
    void addOutputs(List<Value> out, Pass pass) {
        out.add(this);
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
}
