package io.github.micrograd4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.ObjDoubleConsumer;

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
 * {@link #setData(double)}, as a training loop does on every step, or record it once with {@link Tape} and
 * replay it.
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
 *     GradCheck.assertGradientsWithin(in -> softplus(in.get(0)), 1e-8, at);
 * }
 * }</pre>
 *
 * Such a node holds the numbers of one point, so a {@link Tape} cannot replay it; {@link CustomOp} makes the
 * same operation from functions of the operands' values, which a tape recomputes.
 *
 * <h2>One definition of each operation</h2>
 * The value and local derivatives of each built-in operation are written once, in the package-private
 * {@code Unop} and {@code Binop} below: a node calls them when it is made, and {@link Tape} when it replays.
 */
public sealed class Value permits Value.Node {

    double data;
    double grad;
    private String label;
    /**
     * Left by the last pass over a graph that reached this value: a backward pass's {@code open} or {@code closed}
     * token on an interior node (see {@link Pass}), an {@link Autograd} run's bookkeeping, or the slot of a
     * {@link Tape} that recorded it (an {@code Integer}, leaves included, which the tape checks before use).
     */
    Object mark;

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
     * Sets the label shown in graph pictures ({@code null} removes it, the same rule as the constructor's).
     * Labels have no effect on the math.
     *
     * @param label a name such as {@code "loss"}, or null
     */
    public void setLabel(String label) {
        this.label = label;
    }

    // ---- operations: each returns a new node holding its value and the local derivative for each operand -----
    // (the math of each operation is written once, in Unop and Binop below, and shared with Tape's replay)

    /**
     * Returns {@code this + other}. Local derivatives: d/dthis = 1, d/dother = 1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value add(Value other) {
        return new Binary(Binop.ADD, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this + c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value add(double c) {
        return new Unary(Unop.ADD, this, c);
    }

    /**
     * Returns {@code this - other}. Local derivatives: d/dthis = 1, d/dother = -1.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value sub(Value other) {
        return new Binary(Binop.SUB, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this - c} for a constant {@code c}. Local derivative: d/dthis = 1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value sub(double c) {
        return new Unary(Unop.SUB, this, c);
    }

    /**
     * Returns {@code c - this} for a constant {@code c} (micrograd's {@code c - x}, Python's {@code __rsub__}),
     * as one node. Local derivative: d/dthis = -1.
     *
     * @param c the constant
     * @return a new node
     */
    public Value rsub(double c) {
        return new Unary(Unop.RSUB, this, c);
    }

    /**
     * Returns {@code this * other}. Local derivatives: d/dthis = other, d/dother = this.
     *
     * @param other the right operand
     * @return a new node
     */
    public Value mul(Value other) {
        return new Binary(Binop.MUL, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this * c} for a constant {@code c}. Local derivative: d/dthis = c.
     *
     * @param c the constant
     * @return a new node
     */
    public Value mul(double c) {
        return new Unary(Unop.MUL, this, c);
    }

    /**
     * Returns {@code this / other}. Local derivatives: d/dthis = 1/other, d/dother = -this/other<sup>2</sup>.
     *
     * @param other the divisor
     * @return a new node
     */
    public Value div(Value other) {
        return new Binary(Binop.DIV, this, Objects.requireNonNull(other, "other == null"));
    }

    /**
     * Returns {@code this / c} for a constant {@code c}. Local derivative: d/dthis = 1/c.
     *
     * @param c the divisor
     * @return a new node
     */
    public Value div(double c) {
        return new Unary(Unop.DIV, this, c);
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
        return new Unary(Unop.RDIV, this, c);
    }

    /**
     * Returns {@code this ** k} for a constant exponent, as {@link Math#pow(double, double)} computes it.
     * Local derivative: d/dthis = k * this<sup>k-1</sup> (and exactly 0 when {@code k == 0}, as in PyTorch).
     *
     * @param k the exponent, any real number
     * @return a new node
     */
    public Value pow(double k) {
        return new Unary(Unop.POW, this, k);
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
        return new Binary(Binop.POW, this, Objects.requireNonNull(exponent, "exponent == null"));
    }

    /**
     * Returns {@code -this}. Local derivative: d/dthis = -1.
     *
     * @return a new node
     */
    public Value neg() {
        return new Unary(Unop.NEG, this, 0.0);
    }

    /**
     * Returns {@code max(0, this)}. Local derivative: 1 where this &gt; 0, and 0 where this &le; 0 (so exactly 0
     * at 0, as in micrograd). A NaN input gives NaN and passes the gradient on, as PyTorch does.
     *
     * @return a new node
     */
    public Value relu() {
        return new Unary(Unop.RELU, this, 0.0);
    }

    /**
     * Returns {@code tanh(this)}. Local derivative: 1 - tanh<sup>2</sup>(this), taken from the output, so it is
     * finite (0) for large inputs.
     *
     * @return a new node
     */
    public Value tanh() {
        return new Unary(Unop.TANH, this, 0.0);
    }

    /**
     * Returns {@code e ** this}. Local derivative: e<sup>this</sup> (the output itself). Overflows to Infinity
     * above about 709.78, as {@link Math#exp(double)} does.
     *
     * @return a new node
     */
    public Value exp() {
        return new Unary(Unop.EXP, this, 0.0);
    }

    /**
     * Returns the natural logarithm {@code ln(this)}. Local derivative: 1/this. {@code ln(0) = -Infinity} and a
     * negative input gives NaN.
     *
     * @return a new node
     */
    public Value log() {
        return new Unary(Unop.LOG, this, 0.0);
    }

    /**
     * Returns the logistic function {@code 1 / (1 + e^-this)}, computed without overflow for any input. Local
     * derivative: s * (1 - s) where s is the output.
     *
     * @return a new node
     */
    public Value sigmoid() {
        return new Unary(Unop.SIGMOID, this, 0.0);
    }

    /** Returns ReLU's derivative at a ReLU's output as a node: 1 where this &gt; 0 (or NaN), else 0. */
    Value step() {
        return new Unary(Unop.STEP, this, 0.0);
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
        return new Nary("sum", total, terms, null, null);
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
        return new WeightedSum(relu, z, bias, weights, inputs, weightsAreLeaves);
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
     * @throws NullPointerException     if {@code op} or {@code operand} is null
     * @throws IllegalArgumentException if {@code op} is empty
     */
    public static Value custom(String op, double data, Value operand, double partial) {
        requireName(op, "op");
        Objects.requireNonNull(operand, "operand == null");
        return new Nary(op, data, new Value[] {operand}, new double[] {partial}, null);
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
     * @throws NullPointerException     if {@code op}, {@code a} or {@code b} is null
     * @throws IllegalArgumentException if {@code op} is empty
     */
    public static Value custom(String op, double data, Value a, double partialA, Value b, double partialB) {
        requireName(op, "op");
        Objects.requireNonNull(a, "a == null");
        Objects.requireNonNull(b, "b == null");
        return new Nary(op, data, new Value[] {a, b}, new double[] {partialA, partialB}, null);
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
     * @throws IllegalArgumentException if {@code op} is empty, there are no operands, or not one partial for each
     */
    public static Value custom(String op, double data, Value[] operands, double[] partials) {
        requireName(op, "op");
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
        return new Nary(op, data, operands.clone(), partials.clone(), null);
    }

    /** Checks the name of a custom operation: not null and not empty ({@code ""} is a leaf's {@link #op()}). */
    static String requireName(String name, String what) {
        Objects.requireNonNull(name, () -> what + " == null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: an operation needs a name (\"\" is a leaf's op())");
        }
        return name;
    }

    // ---- the math of each op: its value and local derivatives, shared by the nodes and by Tape ---------------

    /**
     * The operations of one operand {@code x} (and a constant {@code c} where the op takes one): each one's value
     * and its local derivative d(value)/dx, given x, c and the value y. The only place where their math is
     * written: a {@link Unary} node calls them when it is made, {@link Tape} when it replays.
     */
    enum Unop {
        ADD("+") {
            double value(double x, double c) { return x + c; }
            double slope(double x, double c, double y) { return 1.0; }
            Value chain(Value g, Value x, double c, Value y) { return g; }
        },
        SUB("-") {
            double value(double x, double c) { return x - c; }
            double slope(double x, double c, double y) { return 1.0; }
            Value chain(Value g, Value x, double c, Value y) { return g; }
        },
        RSUB("rsub") {
            double value(double x, double c) { return c - x; }
            double slope(double x, double c, double y) { return -1.0; }
            Value chain(Value g, Value x, double c, Value y) { return g.neg(); }
        },
        MUL("*") {
            double value(double x, double c) { return x * c; }
            double slope(double x, double c, double y) { return c; }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(c); }
        },
        DIV("/") {
            double value(double x, double c) { return x / c; }
            double slope(double x, double c, double y) { return 1.0 / c; }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(1.0 / c); }
        },
        RDIV("rdiv") {
            double value(double x, double c) { return c / x; }
            double slope(double x, double c, double y) { return -y / x; }                 // -c/x^2
            Value chain(Value g, Value x, double c, Value y) { return g.mul(y.div(x)).neg(); }
        },
        POW("**") {
            double value(double x, double c) { return Math.pow(x, c); }
            double slope(double x, double c, double y) { return c == 0 ? 0.0 : c * Math.pow(x, c - 1); }
            Value chain(Value g, Value x, double c, Value y) { return c == 0 ? null : g.mul(x.pow(c - 1).mul(c)); }
        },
        NEG("neg") {
            double value(double x, double c) { return -x; }
            double slope(double x, double c, double y) { return -1.0; }
            Value chain(Value g, Value x, double c, Value y) { return g.neg(); }
        },
        RELU("relu") {
            double value(double x, double c) { return Math.max(0.0, x); }
            double slope(double x, double c, double y) { return x <= 0 ? 0.0 : 1.0; }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(y.step()); }
        },
        TANH("tanh") {
            double value(double x, double c) { return Math.tanh(x); }
            double slope(double x, double c, double y) { return 1 - y * y; }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(y.mul(y).rsub(1.0)); }
        },
        EXP("exp") {
            double value(double x, double c) { return Math.exp(x); }
            double slope(double x, double c, double y) { return y; }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(y); }
        },
        LOG("log") {
            double value(double x, double c) { return Math.log(x); }
            double slope(double x, double c, double y) { return 1.0 / x; }
            Value chain(Value g, Value x, double c, Value y) { return g.div(x); }
        },
        SIGMOID("sigmoid") {
            double value(double x, double c) {
                return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));   // never overflows
            }
            double slope(double x, double c, double y) { return y * (1 - y); }
            Value chain(Value g, Value x, double c, Value y) { return g.mul(y.mul(y.rsub(1.0))); }
        },
        /** ReLU's derivative as a node, 1 where x &gt; 0 (or NaN) and 0 where x &le; 0: a step, whose slope is 0. */
        STEP("step") {
            double value(double x, double c) { return x <= 0 ? 0.0 : 1.0; }
            double slope(double x, double c, double y) { return 0.0; }
            Value chain(Value g, Value x, double c, Value y) { return null; }
        };

        final String symbol;

        Unop(String symbol) {
            this.symbol = symbol;
        }

        abstract double value(double x, double c);

        abstract double slope(double x, double c, double y);

        /**
         * Returns {@code g * slope} as a graph: the same derivative as {@link #slope}, built from the operand
         * node {@code x} and the output node {@code y} (for {@link Autograd}), or null where it is identically 0.
         */
        abstract Value chain(Value g, Value x, double c, Value y);
    }

    /**
     * The operations of two operands {@code a} and {@code b}: each one's value and its local derivatives
     * d(value)/da and d(value)/db, given a, b and the value y. Shared, like {@link Unop}, by {@link Binary} nodes
     * and {@link Tape}.
     */
    enum Binop {
        ADD("+") {
            double value(double a, double b) { return a + b; }
            double da(double a, double b, double y) { return 1.0; }
            double db(double a, double b, double y) { return 1.0; }
            Value chainA(Value g, Value a, Value b, Value y) { return g; }
            Value chainB(Value g, Value a, Value b, Value y) { return g; }
        },
        SUB("-") {
            double value(double a, double b) { return a - b; }
            double da(double a, double b, double y) { return 1.0; }
            double db(double a, double b, double y) { return -1.0; }
            Value chainA(Value g, Value a, Value b, Value y) { return g; }
            Value chainB(Value g, Value a, Value b, Value y) { return g.neg(); }
        },
        MUL("*") {
            double value(double a, double b) { return a * b; }
            double da(double a, double b, double y) { return b; }
            double db(double a, double b, double y) { return a; }
            Value chainA(Value g, Value a, Value b, Value y) { return g.mul(b); }
            Value chainB(Value g, Value a, Value b, Value y) { return g.mul(a); }
        },
        DIV("/") {
            double value(double a, double b) { return a / b; }
            double da(double a, double b, double y) { return 1.0 / b; }
            double db(double a, double b, double y) { return -y / b; }                     // -a/b^2
            Value chainA(Value g, Value a, Value b, Value y) { return g.div(b); }
            Value chainB(Value g, Value a, Value b, Value y) { return g.mul(y).div(b).neg(); }
        },
        POW("**") {
            double value(double a, double b) { return Math.pow(a, b); }
            double da(double a, double b, double y) { return b == 0 ? 0.0 : b * Math.pow(a, b - 1); }
            double db(double a, double b, double y) { return a == 0 && b >= 0 ? 0.0 : y * Math.log(a); }
            Value chainA(Value g, Value a, Value b, Value y) { return g.mul(b.mul(a.pow(b.sub(1.0)))); }
            Value chainB(Value g, Value a, Value b, Value y) { return g.mul(y.mul(a.log())); }
        };

        final String symbol;

        Binop(String symbol) {
            this.symbol = symbol;
        }

        abstract double value(double a, double b);

        abstract double da(double a, double b, double y);

        abstract double db(double a, double b, double y);

        /** Returns {@code g * da} as a graph built from the operand nodes and the output node {@code y}. */
        abstract Value chainA(Value g, Value a, Value b, Value y);

        /** Returns {@code g * db} as a graph built from the operand nodes and the output node {@code y}. */
        abstract Value chainB(Value g, Value a, Value b, Value y);
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

    // ---- the node shapes: how each kind of interior node stores its operands and local derivatives ----------

    /**
     * An interior node. {@code visitOperands} offers the interior operands to a backward pass's search;
     * {@code propagate} adds {@code partial * grad} to each operand's gradient.
     */
    abstract static sealed class Node extends Value permits Unary, Binary, Nary, WeightedSum {
        /** The node after this one in the running pass's propagation order. */
        Node next;

        Node(double data) {
            super(data);
        }

        abstract void visitOperands(Pass pass);

        abstract void propagate();

        /**
         * Offers each operand that {@code adjoints} needs its share {@code g * partial} of the gradient {@code g},
         * built as a graph (the differentiable form of {@link #propagate()}, for {@link Autograd}).
         */
        abstract void chain(Value g, Autograd.Adjoints adjoints);

        /**
         * Reports each addition {@code operand.grad += factor * grad} that {@link #propagate()} makes, in the order
         * it makes them (for {@link GraphHtml}, which replays them on screen). A weighted sum's factors include its
         * slope, 0 or 1, so {@code (x * slope) * grad} is {@code x * (slope * grad)} to the bit; the zero shares it
         * skips are reported too (they add only zeros).
         */
        abstract void shares(ObjDoubleConsumer<Value> share);

        @Override
        public boolean isLeaf() {
            return false;
        }
    }

    /** One operand {@code a} and a constant {@code c}, one partial: {@code a.grad += da * grad}. */
    static final class Unary extends Node {
        final Unop op;
        final Value a;
        final double c;
        private final double da;

        Unary(Unop op, Value a, double c) {
            super(op.value(a.data, c));
            this.op = op;
            this.a = a;
            this.c = c;
            this.da = op.slope(a.data, c, data);
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
        void chain(Value g, Autograd.Adjoints adjoints) {
            if (adjoints.needs(a)) {
                adjoints.add(a, op.chain(g, a, c, this));
            }
        }

        @Override
        void shares(ObjDoubleConsumer<Value> share) {
            share.accept(a, da);
        }

        @Override
        public List<Value> children() {
            return List.of(a);
        }

        @Override
        public String op() {
            return op.symbol;
        }
    }

    /** Two operands, two partials. */
    static final class Binary extends Node {
        final Binop op;
        final Value a;
        final Value b;
        private final double da;
        private final double db;

        Binary(Binop op, Value a, Value b) {
            super(op.value(a.data, b.data));
            this.op = op;
            this.a = a;
            this.b = b;
            this.da = op.da(a.data, b.data, data);
            this.db = op.db(a.data, b.data, data);
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
        void chain(Value g, Autograd.Adjoints adjoints) {
            if (adjoints.needs(a)) {
                adjoints.add(a, op.chainA(g, a, b, this));
            }
            if (adjoints.needs(b)) {
                adjoints.add(b, op.chainB(g, a, b, this));
            }
        }

        @Override
        void shares(ObjDoubleConsumer<Value> share) {
            share.accept(a, da);
            share.accept(b, db);
        }

        @Override
        public List<Value> children() {
            return List.of(a, b);
        }

        @Override
        public String op() {
            return op.symbol;
        }
    }

    /**
     * Any number of operands: a sum ({@code partials == null}: every partial is 1), or a custom operation, made
     * from numbers ({@code fn == null}) or by a {@link CustomOp} ({@code fn}, which {@link Tape} replays).
     */
    static final class Nary extends Node {
        private final String op;
        final Value[] operands;
        private final double[] partials;
        final CustomOp fn;

        Nary(String op, double data, Value[] operands, double[] partials, CustomOp fn) {
            super(data);
            this.op = op;
            this.operands = operands;
            this.partials = partials;
            this.fn = fn;
        }

        boolean isSum() {
            return partials == null;
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
        void chain(Value g, Autograd.Adjoints adjoints) {
            Value[] p = partials == null ? null : graphPartials();
            for (int i = 0; i < operands.length; i++) {
                if (adjoints.needs(operands[i])) {
                    adjoints.add(operands[i], p == null ? g : p[i] == null ? null : g.mul(p[i]));
                }
            }
        }

        /** Returns a custom op's partials as nodes, from its {@link CustomOp}'s graph partials. */
        private Value[] graphPartials() {
            if (fn == null) {
                throw new IllegalArgumentException("cannot differentiate op \"" + op + "\" as a graph: it was made "
                        + "by Value.custom, which holds the numbers of one point; make it with CustomOp.of(...)"
                        + ".withGraphPartials(...) (or withGraphDerivative for one operand) so that Autograd.grad "
                        + "can build its derivative from the operands");
            }
            return fn.graphPartials(operands, this);
        }

        @Override
        void shares(ObjDoubleConsumer<Value> share) {
            for (int i = 0; i < operands.length; i++) {
                share.accept(operands[i], partials == null ? 1.0 : partials[i]);
            }
        }

        @Override
        public List<Value> children() {
            return List.of(operands);
        }

        @Override
        public String op() {
            return op;
        }
    }

    /**
     * {@code act(bias + sum(w[i] * x[i]))} with {@code slope = act'(sum)}, where {@code act} is {@link Unop#RELU}
     * or none: the partials are {@code slope} times the other factor's data, read from the shared arrays. When
     * {@code slope * grad} is exactly 0 and the sum is finite (so every factor was finite and every share would
     * be a zero), the shares are skipped and only the bookkeeping is done: the gradients are exactly those of the
     * full pass, and a NaN or infinite factor still propagates.
     */
    static final class WeightedSum extends Node {
        final boolean relu;
        final Value bias;
        final Value[] w;
        final Value[] x;
        private final double slope;
        private final boolean finiteSum;
        private final boolean weightsAreLeaves;

        WeightedSum(boolean relu, double sum, Value bias, Value[] w, Value[] x, boolean weightsAreLeaves) {
            super(relu ? Unop.RELU.value(sum, 0.0) : sum);
            this.relu = relu;
            this.slope = relu ? Unop.RELU.slope(sum, 0.0, data) : 1.0;
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
        void chain(Value g, Autograd.Adjoints adjoints) {
            Value gs = relu ? Unop.RELU.chain(g, null, 0.0, this) : g;   // relu's derivative, as for a relu node
            if (adjoints.needs(bias)) {
                adjoints.add(bias, gs);
            }
            for (int i = 0; i < w.length; i++) {
                if (adjoints.needs(w[i])) {
                    adjoints.add(w[i], gs.mul(x[i]));
                }
                if (adjoints.needs(x[i])) {
                    adjoints.add(x[i], gs.mul(w[i]));
                }
            }
        }

        @Override
        void shares(ObjDoubleConsumer<Value> share) {
            share.accept(bias, slope);
            for (int i = 0; i < w.length; i++) {
                share.accept(w[i], x[i].data * slope);
                share.accept(x[i], w[i].data * slope);
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

        @Override
        public String op() {
            return relu ? "wsum_relu" : "wsum";
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
