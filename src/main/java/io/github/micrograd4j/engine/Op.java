package io.github.micrograd4j.engine;

import java.util.Locale;

/**
 * One operation of the engine, defined once: its name, its value, its local partial derivatives as numbers (for
 * {@link Value#backward()} and {@link Tape}), the same partials as {@code Value}s (for {@link Autograd}), and the
 * text of the value and of each partial that the pictures show. Every interior node holds the {@code Op} that made
 * it; the built-in ones are in {@link Ops}, and {@link CustomOp} is this same definition made public.
 *
 * <p>An operation reads its operands' values {@code x[0..n)} and, for the ops of one operand and a constant
 * ({@code x + c}, {@code x ** c}), the node's constant {@code c} (0 for the others). In the texts, {@code x0},
 * {@code x1}, ... stand for the operands' data, {@code y} for the node's own data and {@code c} for the constant.
 * Operations of one or two operands implement {@link Unary} or {@link Binary}, whose scalar methods let a node and
 * a tape compute them without arrays.
 */
abstract class Op {

    final String name;

    Op(String name) {
        this.name = name;
    }

    /** Returns the value at the operands' values {@code x}. */
    abstract double value(double[] x, double c);

    /** Stores d(value)/d(x[i]) in {@code out[at + i]} for every operand, given the value {@code y}. */
    abstract void partials(double[] x, double c, double y, double[] out, int at);

    /**
     * Stores in {@code shares[i]}, for each operand {@code i} with {@code wanted[i]}, the share {@code g * partial}
     * of the gradient node {@code g}, built as a graph from the operand nodes {@code x} and the node {@code y}
     * itself; a share left null is identically 0.
     */
    abstract void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares);

    /** Returns what the node computes, such as {@code "x0 * x1"}, for {@code n} operands. */
    abstract String expression(int n, double c);

    /** Returns the text of d(value)/d(x[i]), such as {@code "x1"} for a product, for {@code n} operands. */
    abstract String formula(int i, int n, double c);

    @Override
    public String toString() {
        return name;
    }

    /** Writes a constant as the texts show it: {@code 2.0}, {@code 0.5}, {@code 1e-04}, six significant digits. */
    static String number(double c) {
        if (c == Math.rint(c) && Math.abs(c) < 1e15) {
            return (long) c + ".0";
        }
        String s = String.format(Locale.ROOT, "%.6g", c);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    /** Returns {@code template} with the word {@code c} replaced by the constant's {@link #number(double) text}. */
    static String withConstant(String template, double c) {
        return template.replaceAll("\\bc\\b", number(c));
    }

    /**
     * An operation of one operand {@code x} and the node's constant {@code c}. Its texts are templates in
     * {@code x0}, {@code y} and {@code c}.
     */
    abstract static class Unary extends Op {
        private final String expression;
        private final String formula;

        Unary(String name, String expression, String formula) {
            super(name);
            this.expression = expression;
            this.formula = formula;
        }

        abstract double value(double x, double c);

        /** Returns d(value)/dx, given the value {@code y}. */
        abstract double partial(double x, double c, double y);

        /** Returns {@code g * d(value)/dx} as a graph of {@code x} and {@code y}, or null where it is 0. */
        abstract Value chain(Value g, Value x, double c, Value y);

        @Override
        final double value(double[] x, double c) {
            return value(x[0], c);
        }

        @Override
        final void partials(double[] x, double c, double y, double[] out, int at) {
            out[at] = partial(x[0], c, y);
        }

        @Override
        final void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
            shares[0] = wanted[0] ? chain(g, x[0], c, y) : null;
        }

        @Override
        final String expression(int n, double c) {
            return withConstant(expression, c);
        }

        @Override
        final String formula(int i, int n, double c) {
            return withConstant(formula, c);
        }
    }

    /** An operation of two operands {@code a} and {@code b}. Its texts are templates in {@code x0}, {@code x1}, {@code y}. */
    abstract static class Binary extends Op {
        private final String expression;
        private final String formulaA;
        private final String formulaB;

        Binary(String name, String expression, String formulaA, String formulaB) {
            super(name);
            this.expression = expression;
            this.formulaA = formulaA;
            this.formulaB = formulaB;
        }

        abstract double value(double a, double b);

        /** Returns d(value)/da, given the value {@code y}. */
        abstract double partialA(double a, double b, double y);

        /** Returns d(value)/db, given the value {@code y}. */
        abstract double partialB(double a, double b, double y);

        /** Returns {@code g * d(value)/da} as a graph, or null where it is 0. */
        abstract Value chainA(Value g, Value a, Value b, Value y);

        /** Returns {@code g * d(value)/db} as a graph, or null where it is 0. */
        abstract Value chainB(Value g, Value a, Value b, Value y);

        @Override
        final double value(double[] x, double c) {
            return value(x[0], x[1]);
        }

        @Override
        final void partials(double[] x, double c, double y, double[] out, int at) {
            out[at] = partialA(x[0], x[1], y);
            out[at + 1] = partialB(x[0], x[1], y);
        }

        @Override
        final void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
            shares[0] = wanted[0] ? chainA(g, x[0], x[1], y) : null;
            shares[1] = wanted[1] ? chainB(g, x[0], x[1], y) : null;
        }

        @Override
        final String expression(int n, double c) {
            return expression;
        }

        @Override
        final String formula(int i, int n, double c) {
            return i == 0 ? formulaA : formulaB;
        }
    }
}
