package io.github.micrograd4j.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * A new operation, defined outside {@link Value} by functions of its operands' values: its value, and its local
 * partial derivatives at that value (the scalar analogue of PyTorch's {@code autograd.Function}). It is the same
 * kind of definition as the built-in operations, so its nodes go everywhere theirs go: {@link Value#backward()},
 * {@link Tape} (which calls the functions again at every {@code forward()}), {@link AnomalyMode}, the pictures and,
 * given its partials as {@code Value}s too, {@link Autograd}.
 *
 * <p>Softplus, {@code log(1 + e^x)}, whose derivative is the sigmoid:
 *
 * <pre>{@code
 * CustomOp softplus = CustomOp.of("softplus",
 *         x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),     // log(1 + e^x), stable
 *         (x, y) -> 1 / (1 + Math.exp(-x)));                             // d/dx = sigmoid(x), y is the value
 *
 * Value x = new Value(-0.4);
 * Value y = softplus.apply(x);
 * y.backward();
 * System.out.println(y.data());   // 0.5130152523999526
 * System.out.println(x.grad());   // 0.401312339887548
 *
 * Tape tape = Tape.record(y);
 * x.setData(2.0);
 * System.out.println(tape.forward());   // 2.1269280110429727, softplus(2)
 * }</pre>
 *
 * Operations of several operands take the operands' values as an array and fill one partial per operand, for
 * example {@code hypot(a, b) = sqrt(a^2 + b^2)}:
 *
 * <pre>{@code
 * CustomOp hypot = CustomOp.of("hypot", 2,
 *         v -> Math.hypot(v[0], v[1]),
 *         (v, y, partials) -> {
 *             partials[0] = v[0] / y;   // d/da = a / hypot
 *             partials[1] = v[1] / y;   // d/db = b / hypot
 *         });
 * Value h = hypot.apply(new Value(3), new Value(4));   // 5.0
 * }</pre>
 *
 * The functions are called when a node is made and on every {@link Tape#forward()}: they should be pure (depend
 * only on their arguments) and must not keep the arrays they are given. Check the derivatives with
 * {@link GradCheck}.
 *
 * <h2>Derivatives of derivatives</h2>
 * {@link Autograd#grad(Value, List) Autograd.grad} builds a gradient as a graph of {@code Value}s, so it needs
 * each partial as a {@code Value} too, built from the operand nodes and the output node with {@code Value}'s
 * operations. Give it with {@link #withGraphDerivative withGraphDerivative} (one operand) or
 * {@link #withGraphPartials withGraphPartials}; an operation without one works with {@code backward()} and
 * {@link Tape} as before, and {@code Autograd.grad} refuses it with a message naming it. The numeric and the
 * graph partials must agree: check them with {@link #checkGraphPartials checkGraphPartials}.
 *
 * <pre>{@code
 * CustomOp softplus = CustomOp.of("softplus",
 *                 x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
 *                 (x, y) -> 1 / (1 + Math.exp(-x)))
 *         .withGraphDerivative((x, y) -> x.sigmoid());                // d/dx = sigmoid(x), as a node
 *
 * // log-sum-exp: d/dx_i = e^(x_i - y), where y is the output node
 * CustomOp logSumExp = CustomOp.of("logsumexp", 2,
 *                 v -> { double m = Math.max(v[0], v[1]);
 *                        return m + Math.log(Math.exp(v[0] - m) + Math.exp(v[1] - m)); },
 *                 (v, y, p) -> { p[0] = Math.exp(v[0] - y); p[1] = Math.exp(v[1] - y); })
 *         .withGraphPartials((x, y, p) -> { p[0] = x[0].sub(y).exp(); p[1] = x[1].sub(y).exp(); });
 *
 * Value x = new Value(0.5);
 * Value d2 = Autograd.grad(Autograd.grad(softplus.apply(x), x).get(0), x).get(0);
 * System.out.println(d2.data());   // 0.2350037122015945, sigmoid(0.5) * (1 - sigmoid(0.5))
 * }</pre>
 */
public final class CustomOp extends Op {

    /** Computes an operation's local partial derivatives at one point. */
    @FunctionalInterface
    public interface Partials {
        /**
         * Stores d(value)/d(x[i]) in {@code partials[i]} for every operand {@code i}.
         *
         * @param x        the operands' values
         * @param value    the operation's value at {@code x}
         * @param partials where to store the partials, one for each operand, all 0 on entry
         */
        void compute(double[] x, double value, double[] partials);
    }

    /** Builds an operation's local partial derivatives as {@code Value}s, so that they can be differentiated. */
    @FunctionalInterface
    public interface GraphPartials {
        /**
         * Stores d(value)/d(x[i]) in {@code partials[i]} for every operand {@code i}, as a new {@code Value} built
         * with {@code Value}'s operations (or other differentiable custom ops) from {@code x} and {@code value}; a
         * partial left null is identically 0.
         *
         * @param x        the operand nodes
         * @param value    the operation's node (its output)
         * @param partials where to store the partials, one for each operand, all null on entry
         */
        void build(Value[] x, Value value, Value[] partials);
    }

    private final int arity;
    private final ToDoubleFunction<double[]> value;
    private final Partials partials;
    private final GraphPartials graphPartials;

    private CustomOp(String name, int arity, ToDoubleFunction<double[]> value, Partials partials,
            GraphPartials graphPartials) {
        super(name);
        this.arity = arity;
        this.value = value;
        this.partials = partials;
        this.graphPartials = graphPartials;
    }

    /**
     * Returns an operation of one operand {@code x}, given its value {@code y = f(x)} and its derivative
     * {@code f'(x)}, which may use {@code y}.
     *
     * @param name       the operation's name, shown by {@link Value#op()} and in graph pictures
     * @param value      x &rarr; f(x)
     * @param derivative (x, y) &rarr; f'(x), where y = f(x)
     * @return the operation
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static CustomOp of(String name, DoubleUnaryOperator value, DoubleBinaryOperator derivative) {
        requireName(name);
        Objects.requireNonNull(value, "value == null");
        Objects.requireNonNull(derivative, "derivative == null");
        return new CustomOp(name, 1, x -> value.applyAsDouble(x[0]),
                (x, y, p) -> p[0] = derivative.applyAsDouble(x[0], y), null);
    }

    /**
     * Returns an operation of {@code arity} operands, given its value and its partial derivatives as functions of
     * the operands' values.
     *
     * @param name     the operation's name, shown by {@link Value#op()} and in graph pictures
     * @param arity    the number of operands, at least 1
     * @param value    the operands' values &rarr; the operation's value
     * @param partials fills the partial derivative with respect to each operand
     * @return the operation
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code name} is empty or {@code arity < 1}
     */
    public static CustomOp of(String name, int arity, ToDoubleFunction<double[]> value, Partials partials) {
        requireName(name);
        Objects.requireNonNull(value, "value == null");
        Objects.requireNonNull(partials, "partials == null");
        if (arity < 1) {
            throw new IllegalArgumentException("arity (" + arity + ") must be >= 1");
        }
        return new CustomOp(name, arity, value, partials, null);
    }

    /**
     * Returns this operation with its partial derivatives also given as {@code Value}s, so that
     * {@link Autograd#grad(Value, List) Autograd.grad} can differentiate through it (and differentiate the result
     * again). They must be the same derivatives as the numeric ones given to {@code of}.
     *
     * @param graphPartials builds d(value)/d(x[i]) from the operand nodes and the output node
     * @return a new operation with the same name, arity and functions
     * @throws NullPointerException if {@code graphPartials} is null
     */
    public CustomOp withGraphPartials(GraphPartials graphPartials) {
        Objects.requireNonNull(graphPartials, "graphPartials == null");
        return new CustomOp(name, arity, value, partials, graphPartials);
    }

    /**
     * Returns this operation of one operand with its derivative also given as a {@code Value}: see
     * {@link #withGraphPartials(GraphPartials)}.
     *
     * @param derivative (x, y) &rarr; f'(x) as a new node built from the operand node x and the output node y
     * @return a new operation with the same name and functions
     * @throws NullPointerException     if {@code derivative} is null
     * @throws IllegalStateException    if this operation does not have exactly one operand
     */
    public CustomOp withGraphDerivative(BinaryOperator<Value> derivative) {
        Objects.requireNonNull(derivative, "derivative == null");
        if (arity != 1) {
            throw new IllegalStateException("withGraphDerivative is for one operand, but " + name + " has arity "
                    + arity + ": use withGraphPartials");
        }
        return withGraphPartials((x, y, p) -> p[0] = derivative.apply(x[0], y));
    }

    /**
     * Returns whether this operation has graph partials, so that {@link Autograd#grad(Value, List)} accepts it.
     *
     * @return true after {@link #withGraphPartials} or {@link #withGraphDerivative}
     */
    public boolean hasGraphPartials() {
        return graphPartials != null;
    }

    /**
     * Returns the largest difference between the numeric partials and the graph partials' values at
     * {@code point}, measured as {@code |numeric - graph| / max(1, |numeric|)}: a check that the two forms of the
     * derivative agree (it should be near 1e-15).
     *
     * @param point the operands' values, exactly {@link #arity()} of them
     * @return the worst difference over the operands
     * @throws IllegalStateException    if this operation has no graph partials
     * @throws IllegalArgumentException if {@code point} has not {@link #arity()} values
     */
    public double checkGraphPartials(double... point) {
        Objects.requireNonNull(point, "point == null");
        Value[] x = new Value[point.length];
        for (int i = 0; i < point.length; i++) {
            x[i] = new Value(point[i]);
        }
        Value y = apply(x);
        double[] numeric = new double[arity];
        partials(point.clone(), 0.0, y.data, numeric, 0);
        Value[] graph = graphPartials(x, y);
        double worst = 0.0;
        for (int i = 0; i < arity; i++) {
            double g = graph[i] == null ? 0.0 : graph[i].data;
            double error = Math.abs(numeric[i] - g) / Math.max(1.0, Math.abs(numeric[i]));
            worst = Math.max(worst, error);                        // a NaN error stays: Math.max keeps NaN
        }
        return worst;
    }

    /** Returns the partials of the node {@code y} = this op applied to {@code x}, as nodes. */
    Value[] graphPartials(Value[] x, Value y) {
        if (graphPartials == null) {
            throw new IllegalArgumentException("custom op \"" + name + "\" has no differentiable derivative, so "
                    + "Autograd.grad cannot build its gradient as a graph: give it one with "
                    + "withGraphDerivative((x, y) -> ...) (one operand) or withGraphPartials((x, y, partials) -> ...),"
                    + " building each partial from the operand and output Values");
        }
        Value[] p = new Value[arity];
        graphPartials.build(x.clone(), y, p);
        return p;
    }

    /**
     * Returns a new node: this operation applied to the operands' current values, with its local partial
     * derivatives. A {@link Tape} that records it recomputes both on every {@code forward()}.
     *
     * @param operands the operands, exactly {@link #arity()} of them
     * @return a new node whose {@link Value#children()} are the operands
     * @throws NullPointerException     if {@code operands} or one of them is null
     * @throws IllegalArgumentException if there are not {@link #arity()} operands
     */
    public Value apply(Value... operands) {
        Objects.requireNonNull(operands, "operands == null");
        if (operands.length != arity) {
            throw new IllegalArgumentException(
                    "operands.length (" + operands.length + ") != arity (" + arity + ") of " + name);
        }
        for (Value v : operands) {
            Objects.requireNonNull(v, "operands contains null");
        }
        return new Node.Nary(this, operands.clone());
    }

    @Override
    double value(double[] x, double c) {
        return value.applyAsDouble(x);
    }

    @Override
    void partials(double[] x, double c, double y, double[] out, int at) {
        double[] p = new double[x.length];                  // the user's function sees an array of its own
        partials.compute(x, y, p);
        System.arraycopy(p, 0, out, at, p.length);
    }

    @Override
    void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
        Value[] p = graphPartials(x, y);
        for (int i = 0; i < shares.length; i++) {
            shares[i] = wanted[i] && p[i] != null ? g.mul(p[i]) : null;
        }
    }

    @Override
    String expression(int n, double c) {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "x" : ", x").append(i);
        }
        return s.append(')').toString();
    }

    @Override
    String formula(int i, int n, double c) {
        return "\u2202y/\u2202x" + i;
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name == null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty: an operation needs a name (\"\" is a leaf's op())");
        }
    }

    /**
     * Returns the operation's name.
     *
     * @return the name given to {@code of}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of operands.
     *
     * @return the arity, at least 1
     */
    public int arity() {
        return arity;
    }

    /**
     * Returns {@code CustomOp(<name>, <arity>)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "CustomOp(" + name + ", " + arity + ")";
    }
}
