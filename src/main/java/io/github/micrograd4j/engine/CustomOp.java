package io.github.micrograd4j.engine;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * An operation defined outside {@link Value}, given as functions of its operands' values: its value, and its local
 * partial derivatives at that value. Unlike {@link Value#custom(String, double, Value, double) Value.custom}, whose
 * nodes hold the numbers of one point, a node made by a {@code CustomOp} can be recomputed at new operand values,
 * so a {@link Tape} replays it.
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
 */
public final class CustomOp {

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

    private final String name;
    private final int arity;
    private final ToDoubleFunction<double[]> value;
    private final Partials partials;

    private CustomOp(String name, int arity, ToDoubleFunction<double[]> value, Partials partials) {
        this.name = name;
        this.arity = arity;
        this.value = value;
        this.partials = partials;
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
        Value.requireName(name, "name");
        Objects.requireNonNull(value, "value == null");
        Objects.requireNonNull(derivative, "derivative == null");
        return new CustomOp(name, 1, x -> value.applyAsDouble(x[0]),
                (x, y, p) -> p[0] = derivative.applyAsDouble(x[0], y));
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
        Value.requireName(name, "name");
        Objects.requireNonNull(value, "value == null");
        Objects.requireNonNull(partials, "partials == null");
        if (arity < 1) {
            throw new IllegalArgumentException("arity (" + arity + ") must be >= 1");
        }
        return new CustomOp(name, arity, value, partials);
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
        double[] x = new double[arity];
        for (int i = 0; i < arity; i++) {
            x[i] = Objects.requireNonNull(operands[i], () -> "operands contains null").data;
        }
        double[] p = new double[arity];
        double y = evaluate(x, p);
        return new Value.Nary(name, y, operands.clone(), p, this);
    }

    /** Returns the value at {@code x} and stores the partials in {@code p}: for a new node and for a replay. */
    double evaluate(double[] x, double[] p) {
        Arrays.fill(p, 0.0);
        double y = value.applyAsDouble(x);
        partials.compute(x, y, p);
        return y;
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
