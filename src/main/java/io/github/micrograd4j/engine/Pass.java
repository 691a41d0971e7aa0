package io.github.micrograd4j.engine;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The topological order of a graph, written once: {@link Value#backward()}, {@link Value#backwardOrder()},
 * {@link Tape}, {@link Autograd}, {@link AnomalyMode} and the pictures all take it from here.
 *
 * <p>An iterative depth-first search from the root (no recursion, so any depth that fits in memory works). A node
 * is <em>open</em> while its operands are explored and <em>closed</em> once every node it depends on is closed;
 * closing appends it to {@link #nodes}, so operands come before the nodes made from them (the forward order;
 * backward goes through it from the end). Only interior nodes are visited, and the outputs of a layer that some
 * node uses are noted as reached: leaves are never marked, so graphs that share parameters can be ordered on
 * several threads at once.
 *
 * <h2>Whose marks</h2>
 * A node's {@link Node#mark} holds this pass's own {@code open} or {@code closed} token (new objects, so marks left
 * by any other pass read as unvisited) and {@link Node#position} its index in {@link #nodes}; a layer's node notes,
 * under the same token, which of its outputs the pass reached. A pass reads them only
 * while it orders, and until its caller has looked up what it needs ({@link #position}), before any user code
 * runs: a nested pass (a {@link CustomOp} that calls {@code backward()} or {@code Autograd.grad}) comes later and
 * cannot mislead it. Another thread ordering a graph that shares <em>interior</em> nodes with this one could move
 * marks under it; the pass checks its order when it is done (every node once, each at its position) and, if it
 * finds one moved, orders again with a table of its own instead of marks.
 */
final class Pass {

    private final Object open = new Object();
    private final Object closed = new Object();
    private final boolean resetGrads;
    /** The nodes in forward order (operands first), {@code nodes[0..size)}. */
    Node[] nodes = new Node[64];
    int size;
    private Node[] stack = new Node[64];
    private int depth;
    /**
     * Null while the marks are this pass's own; else each node's state: {@code open}, or its position (an Integer)
     * once closed; and {@code closed} for each layer output reached.
     */
    private Map<Value, Object> table;
    /** How many layer outputs this pass reached. */
    private int rowsReached;

    /**
     * @param resetGrads whether to set each node's gradient to 0 when it is first reached (a backward pass does)
     */
    Pass(boolean resetGrads) {
        this.resetGrads = resetGrads;
    }

    /**
     * Orders the nodes that {@code root} depends on, the one that computes it included, into {@code nodes[0..size)};
     * with {@code check}, orders again with a table if another pass moved a mark meanwhile (see the class comment;
     * a backward pass, which writes the gradients of the nodes it orders, need not check).
     */
    void order(Value root, boolean check) {
        search(root);
        if (check && !ordered()) {
            table = new IdentityHashMap<>();
            size = 0;
            rowsReached = 0;
            search(root);
        }
    }

    private void search(Value rootValue) {
        Node root = Value.vertex(rootValue);
        if (rootValue instanceof Linear.Row r) {
            reach(r);
        }
        push(root);
        while (depth > 0) {
            Node n = stack[depth - 1];
            Object state = state(n);
            if (state == closed) {
                depth--;                                  // reached twice before it was closed
            } else if (state == open) {
                depth--;                                  // every operand is closed: close it
                close(n);
            } else {
                setState(n, open);                        // first visit: explore its operands
                if (resetGrads) {
                    n.resetGrad();
                }
                n.visitOperands(this);
            }
        }
    }

    /**
     * Offers an operand: the node that computes it, if any and not yet closed, is explored. A layer's output is
     * noted as reached (its application adds the shares of the outputs that some node uses, and only those).
     */
    void visit(Value operand) {
        Node n;
        if (operand instanceof Node node) {
            n = node;
        } else if (operand instanceof Linear.Row r) {
            reach(r);
            n = r.app;
        } else {
            return;                                       // a leaf
        }
        if (state(n) != closed && (depth == 0 || stack[depth - 1] != n)) {
            push(n);                                      // (a layer's outputs share one node: pushed once)
        }
    }

    private void reach(Linear.Row r) {
        if (table == null ? r.app.reach(r.j, closed) : table.put(r, closed) == null) {
            rowsReached++;
        }
    }

    /** Whether this pass reached the layer output {@code r} (some ordered node uses it, or it is the root). */
    boolean reached(Linear.Row r) {
        return table == null ? r.app.reached(r.j, closed) : table.get(r) == closed;
    }

    /**
     * Returns the index in {@link #nodes} of the node that computes {@code v}, or -1 for a leaf or a value this
     * pass did not order. A node whose mark another pass has moved since is found in a table of the order.
     */
    int position(Value v) {
        Node n = Value.vertex(v);
        if (n == null) {
            return -1;
        }
        if (table == null) {
            int k = n.position;
            if (n.mark == closed && k >= 0 && k < size && nodes[k] == n) {
                return k;
            }
            table = new IdentityHashMap<>(2 * size);
            for (int i = 0; i < size; i++) {
                table.put(nodes[i], i);
            }
        }
        return table.get(n) instanceof Integer k ? k : -1;
    }

    /**
     * Whether every ordered node still holds this pass's mark and its own position, and every output it reached
     * its mark (no other pass moved one).
     */
    boolean ordered() {
        if (table != null) {
            return true;
        }
        int rows = 0;
        for (int k = 0; k < size; k++) {
            Node n = nodes[k];
            if (n.mark != closed || n.position != k) {
                return false;
            }
            if (n instanceof Linear.Application app) {
                rows += app.reachedCount(closed);
            }
        }
        return rows == rowsReached;
    }

    private Object state(Node n) {
        return table == null ? n.mark : table.get(n) instanceof Integer ? closed : table.get(n);
    }

    private void setState(Node n, Object state) {
        if (table == null) {
            n.mark = state;
        } else {
            table.put(n, state);
        }
    }

    private void close(Node n) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        if (table == null) {
            n.mark = closed;
            n.position = size;
        } else {
            table.put(n, size);
        }
        nodes[size++] = n;
    }

    private void push(Node n) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = n;
    }
}
