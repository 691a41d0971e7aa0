package io.github.micrograd4j.engine;

import java.util.List;

/**
 * An interior node of the graph as the traversals see it: made by an {@link Op} from its operands, holding the
 * local partial derivative for each operand, taken from the operands' data when it was made. {@link #propagate()}
 * is the chain rule at this node: each operand's gradient gets {@code partial * grad}, added, in operand order.
 *
 * <p>Three shapes store the same thing at three sizes: {@link Unary} (one operand and a constant), {@link Binary}
 * and {@link Nary} (arrays). A {@link Linear} layer's application is a node too ({@link Linear.Application}), whose
 * outputs are the layer's rows.
 *
 * <p>{@link #mark} and {@link #position} belong to the {@link Pass} that last ordered this node, and mean something
 * only to it (it compares the mark with tokens of its own): a traversal reads them only while it orders the graph,
 * before any user code runs, so a nested or concurrent pass over the same nodes cannot mislead it.
 */
abstract sealed class Node extends Value permits Node.Unary, Node.Binary, Node.Nary, Linear.Application {

    /** The token of the pass that last reached this node: whether that pass has it open or closed. */
    Object mark;
    /** This node's index in the forward order of the pass whose {@code closed} token {@link #mark} holds. */
    int position;

    Node(double data) {
        super(data);
    }

    /** Offers each operand to the pass that is ordering the graph. */
    abstract void visitOperands(Pass pass);

    /**
     * The chain rule at this node: adds {@code partial * grad} to each operand's gradient, in operand order; for a
     * layer, for each of its outputs that {@code pass} reached.
     */
    abstract void propagate(Pass pass);

    /** Sets this node's gradient (for an application, its rows' gradients) to 0, as a backward pass starts. */
    void resetGrad() {
        grad = 0.0;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    /** One operand {@code a} and a constant {@code c}: {@code a.grad += da * grad}. */
    static final class Unary extends Node {
        final Op.Unary op;
        final Value a;
        final double c;
        final double da;

        Unary(Op.Unary op, Value a, double c) {
            super(op.value(a.data, c));
            this.op = op;
            this.a = a;
            this.c = c;
            this.da = op.partial(a.data, c, data);
        }

        @Override
        void visitOperands(Pass pass) {
            pass.visit(a);
        }

        @Override
        void propagate(Pass pass) {
            a.grad += da * grad;
        }

        @Override
        Op operation() {
            return op;
        }

        @Override
        double constant() {
            return c;
        }

        @Override
        public List<Value> children() {
            return List.of(a);
        }

        @Override
        public double partial(int i) {
            checkChild(i, 1);
            return da;
        }
    }

    /** Two operands: {@code a.grad += da * grad; b.grad += db * grad}. */
    static final class Binary extends Node {
        final Op.Binary op;
        final Value a;
        final Value b;
        final double da;
        final double db;

        Binary(Op.Binary op, Value a, Value b) {
            super(op.value(a.data, b.data));
            this.op = op;
            this.a = a;
            this.b = b;
            this.da = op.partialA(a.data, b.data, data);
            this.db = op.partialB(a.data, b.data, data);
        }

        @Override
        void visitOperands(Pass pass) {
            pass.visit(a);
            pass.visit(b);
        }

        @Override
        void propagate(Pass pass) {
            a.grad += da * grad;
            b.grad += db * grad;
        }

        @Override
        Op operation() {
            return op;
        }

        @Override
        public List<Value> children() {
            return List.of(a, b);
        }

        @Override
        public double partial(int i) {
            checkChild(i, 2);
            return i == 0 ? da : db;
        }
    }

    /** Any number of operands, one partial each: a sum, a dot product or a {@link CustomOp}. */
    static final class Nary extends Node {
        final Op op;
        final Value[] operands;
        final double[] partials;

        /** Makes the node of {@code op} over {@code operands}, an array the node keeps (the caller's own copy). */
        Nary(Op op, Value[] operands) {
            this(op, operands, values(operands));
        }

        private Nary(Op op, Value[] operands, double[] x) {
            super(op.value(x, 0.0));
            this.op = op;
            this.operands = operands;
            this.partials = new double[operands.length];
            op.partials(x, 0.0, data, partials, 0);
        }

        private static double[] values(Value[] operands) {
            double[] x = new double[operands.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = operands[i].data;
            }
            return x;
        }

        @Override
        void visitOperands(Pass pass) {
            for (Value v : operands) {
                pass.visit(v);
            }
        }

        @Override
        void propagate(Pass pass) {
            for (int i = 0; i < operands.length; i++) {
                operands[i].grad += partials[i] * grad;
            }
        }

        @Override
        Op operation() {
            return op;
        }

        @Override
        public List<Value> children() {
            return List.of(operands);
        }

        @Override
        public double partial(int i) {
            checkChild(i, operands.length);
            return partials[i];
        }

    }
}
