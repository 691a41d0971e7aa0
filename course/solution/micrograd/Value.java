package micrograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One number of a computation, and how it was made: micrograd's {@code Value}. Each node keeps its operands
 * (its children) and the local derivative of its value with respect to each of them, worked out when the
 * node is made; {@link #backward()} then only multiplies and adds (the chain rule).
 */
public final class Value {

    private double data;
    private double grad;
    private final Value[] children;
    private final double[] localGrads;   // localGrads[i] = d(this) / d(children[i])
    private final String op;

    /**
     * Makes a leaf: an input or a parameter, with no children and grad 0.
     *
     * @param data the value
     */
    public Value(double data) {
        this(data, new Value[0], new double[0], "");
    }

    /**
     * Makes a node from its value, its children and the local derivative with respect to each child.
     *
     * @param data       the value
     * @param children   the operands
     * @param localGrads d(this)/d(children[i]) for each i
     * @param op         the operation's label, as micrograd writes it: "+", "*", "**" + k, "ReLU", "tanh", "exp",
     *                   "log"
     */
    Value(double data, Value[] children, double[] localGrads, String op) {
        this.data = data;
        this.children = children;
        this.localGrads = localGrads;
        this.op = op;
    }

    /** Returns the value. */
    public double data() {
        return data;
    }

    /** Returns d(root)/d(this) after backward(). */
    public double grad() {
        return grad;
    }

    /** Sets the value (an optimizer's step). */
    public void setData(double data) {
        this.data = data;
    }

    /** Sets the gradient. */
    public void setGrad(double grad) {
        this.grad = grad;
    }

    /** Returns the operands, in order. */
    public List<Value> children() {
        return List.of(children);
    }

    /** Returns d(this)/d(child i) for each child, in order. */
    public double[] localGrads() {
        return localGrads.clone();
    }

    /**
     * Returns the label of the operation that made this node, as micrograd writes it: "+" (add), "*" (mul),
     * "**" + k (pow, such as "**2.0"), "ReLU", "tanh", "exp", "log"; "" for a leaf. The tests check it (Task 2.4 checks
     * that neg, sub and div are made of those primitives by their labels).
     */
    public String op() {
        return op;
    }

    // ---- Part 2: the forward value and the local derivatives of each operation ----

    /**
     * Task 2.1. Returns {@code this + other}: a node labelled "+" with children {this, other}, and the local
     * derivatives d(this + other)/d(this) and d(this + other)/d(other): how far the sum moves when one operand
     * moves by 1.
     *
     * @param other the other operand
     * @return the sum
     */
    public Value add(Value other) {
        return new Value(data + other.data, new Value[] {this, other}, new double[] {1, 1}, "+");
    }

    /**
     * Task 2.1. Returns {@code this + other} for a constant: micrograd wraps it in a leaf.
     *
     * @param other the constant
     * @return the sum
     */
    public Value add(double other) {
        return add(new Value(other));
    }

    /**
     * Task 2.2. Returns {@code this * other}: a node labelled "*" with children {this, other}, and the local
     * derivatives d(this * other)/d(this) and d(this * other)/d(other) (you worked out the same in Task 1.3's
     * {@code ByHand.product}).
     *
     * @param other the other operand
     * @return the product
     */
    public Value mul(Value other) {
        return new Value(data * other.data, new Value[] {this, other}, new double[] {other.data, data}, "*");
    }

    /**
     * Task 2.2. Returns {@code this * other} for a constant.
     *
     * @param other the constant
     * @return the product
     */
    public Value mul(double other) {
        return mul(new Value(other));
    }

    /**
     * Task 2.3. Returns {@code this ^ k} for a constant exponent: a node labelled {@code "**" + k} (such as
     * "**2.0") with the one child {this} (k is a number, not a node), and the local derivative d(this^k)/d(this)
     * (the power rule, as in Task 1.3's {@code ByHand.polynomial}).
     *
     * @param k the exponent
     * @return the power
     */
    public Value pow(double k) {
        return new Value(Math.pow(data, k), new Value[] {this}, new double[] {k * Math.pow(data, k - 1)}, "**" + k);
    }

    /**
     * Task 2.4. Returns {@code -this}, as micrograd does: {@code this * -1}.
     *
     * @return the negation
     */
    public Value neg() {
        return mul(-1);
    }

    /**
     * Task 2.4. Returns {@code this - other} as {@code this + (-other)}.
     *
     * @param other the other operand
     * @return the difference
     */
    public Value sub(Value other) {
        return add(other.neg());
    }

    /**
     * Task 2.4. Returns {@code this - other} for a constant.
     *
     * @param other the constant
     * @return the difference
     */
    public Value sub(double other) {
        return add(-other);
    }

    /**
     * Task 2.4. Returns {@code this / other} as {@code this * other^-1}.
     *
     * @param other the other operand
     * @return the quotient
     */
    public Value div(Value other) {
        return mul(other.pow(-1));
    }

    /**
     * Task 2.4. Returns {@code this / other} for a constant, as {@code this * other^-1}.
     *
     * @param other the constant
     * @return the quotient
     */
    public Value div(double other) {
        return mul(Math.pow(other, -1));
    }

    /**
     * Task 2.5. Returns {@code max(0, this)}: a node labelled "ReLU" with the child {this}, and its local
     * derivative (its slope on each side of 0; at exactly 0, where it has no slope, micrograd takes 0).
     *
     * @return the rectified value
     */
    public Value relu() {
        return new Value(data < 0 ? 0 : data, new Value[] {this}, new double[] {data > 0 ? 1 : 0}, "ReLU");
    }

    /**
     * Task 2.5. Returns {@code tanh(this)}: a node labelled "tanh" with the child {this}, and its local
     * derivative (the inner slope of Task 1.3's {@code ByHand.tanhSquared}).
     *
     * @return the hyperbolic tangent
     */
    public Value tanh() {
        double t = Math.tanh(data);
        return new Value(t, new Value[] {this}, new double[] {1 - t * t}, "tanh");
    }

    /**
     * Task 2.5. Returns {@code e^this}: a node labelled "exp" with the child {this}, and its local derivative.
     *
     * @return the exponential
     */
    public Value exp() {
        double e = Math.exp(data);
        return new Value(e, new Value[] {this}, new double[] {e}, "exp");
    }

    /**
     * Task 6.1. Returns {@code ln(this)}, the natural logarithm: a node labelled "log" with the child {this}, and
     * its local derivative. microgpt adds it (with exp) to micrograd's operations: the loss of a language model is
     * {@code -log(probability of the right next token)}.
     *
     * @return the natural logarithm
     */
    public Value log() {
        return new Value(Math.log(data), new Value[] {this}, new double[] {1 / data}, "log");
    }

    // ---- Part 3: backward ----

    /**
     * Task 3.1. Returns every node this one was made from (and this one), each once, every node after all
     * of its children, so this node comes last. Iterative: a chain of any depth must work.
     *
     * @return the nodes in topological order
     */
    public List<Value> topologicalOrder() {
        List<Value> order = new ArrayList<>();
        Map<Value, Boolean> visited = new IdentityHashMap<>();
        // micrograd's depth-first build_topo, with an explicit stack of (node, next child to visit)
        Deque<Value> nodes = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        visited.put(this, true);
        nodes.push(this);
        next.push(0);
        while (!nodes.isEmpty()) {
            Value v = nodes.peek();
            int i = next.pop();
            if (i < v.children.length) {
                next.push(i + 1);
                Value child = v.children[i];
                if (visited.put(child, true) == null) {
                    nodes.push(child);
                    next.push(0);
                }
            } else {
                nodes.pop();
                order.add(v);
            }
        }
        return order;
    }

    /**
     * Task 3.2. One step of the chain rule: adds {@code localGrads[i] * grad} to each child's grad. Adds,
     * never assigns: a child used twice (or by two nodes) collects both contributions.
     */
    public void propagate() {
        for (int i = 0; i < children.length; i++) {
            children[i].grad += localGrads[i] * grad;
        }
    }

    /**
     * Task 3.3. Sets this node's grad to 1 (d this / d this) and propagates it to every node it was made from,
     * in reverse topological order, so each node passes its grad on only once it is complete.
     */
    public void backward() {
        List<Value> order = topologicalOrder();
        grad = 1;
        for (int i = order.size() - 1; i >= 0; i--) {
            order.get(i).propagate();
        }
    }

    /**
     * Task 3.4. Sets the grad of every given value to 0: grads add up across backward passes, so a training
     * step starts from zero.
     *
     * @param values the values, usually a model's parameters
     */
    public static void zeroGrad(Iterable<Value> values) {
        for (Value v : values) {
            v.grad = 0;
        }
    }

    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + ")";
    }
}
