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
 * backward goes through it from the end). Only interior nodes are visited: leaves are never marked, so graphs that
 * share parameters can be ordered on several threads at once.
 *
 * <h2>Whose marks</h2>
 * A node's {@link Node#mark} holds this pass's own {@code open} or {@code closed} token (new objects, so marks left
 * by any other pass read as unvisited) and {@link Node#position} its index in {@link #nodes}. A backward pass reads
 * them only while it orders and propagates, with no user code in between. A pass that is <em>checked</em> (a
 * recording, {@code Autograd}, the pictures) verifies its order when it is done (every node once, each at its
 * position); its lookups ({@link #position}) then find a node whose mark a later pass has moved (a nested one,
 * inside a {@link CustomOp}'s code) in a table of its own order. If another thread ordering a graph that shares
 * <em>interior</em> nodes moved a mark while the search ran, the checked pass orders again with a table instead of
 * marks.
 *
 * <h2>A layer's outputs</h2>
 * A layer's node computes all its outputs, but the graph may use only some: {@link #reached} tells which, from a
 * set of the outputs that the ordered nodes use, made the first time it is asked (a backward pass asks only about
 * an output whose gradient is 0 in a layer that met a non-finite number, where taking part would add a NaN).
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
    private Value root;
    /** Null while the marks are this pass's own; after a disturbed search, each node's state. */
    private Map<Node, Object> searched;
    /** For each layer's node (by position), which of its outputs the ordered nodes use; made when first asked. */
    private long[][] reachedRows;
    /** The nodes' positions, made when a lookup finds a mark moved by a later pass. */
    private Map<Node, Integer> positions;

    /**
     * @param resetGrads whether to set each node's gradient to 0 when it is first reached (a backward pass does)
     */
    Pass(boolean resetGrads) {
        this.resetGrads = resetGrads;
    }

    /**
     * Orders the nodes that {@code root} depends on, the one that computes it included, into {@code nodes[0..size)};
     * with {@code check}, verifies the order (see the class comment; a backward pass, which writes the gradients
     * of the nodes it orders, need not).
     */
    void order(Value root, boolean check) {
        this.root = root;
        search(root);
        if (check && !ordered()) {
            searched = new IdentityHashMap<>();
            size = 0;
            search(root);
        }
    }

    private void search(Value rootValue) {
        push(Value.vertex(rootValue));
        while (depth > 0) {
            Node n = stack[depth - 1];
            Object state = state(n);
            if (state == closed) {
                depth--;                                  // reached twice before it was closed
            } else if (state == open) {
                depth--;                                  // every operand is closed: close it
                close(n);
            } else {
                setOpen(n);                               // first visit: explore its operands
                if (resetGrads) {
                    n.resetGrad();
                }
                n.visitOperands(this);
            }
        }
    }

    /** Offers an operand: the node that computes it, if any and not yet closed, is explored. */
    void visit(Value operand) {
        Node n = Value.vertex(operand);
        if (n != null && state(n) != closed && (depth == 0 || stack[depth - 1] != n)) {
            push(n);                                      // (a layer's outputs share one node: pushed once)
        }
    }

    /** Whether some ordered node uses the layer output {@code r}, or it is the root. */
    boolean reached(Linear.Row r) {
        if (reachedRows == null) {
            reachedRows = new long[size][];
            note(root);
            for (int k = 0; k < size; k++) {
                for (Value v : nodes[k].children()) {    // (a layer's children are its inputs)
                    note(v);
                }
            }
        }
        int k = position(r);
        return k >= 0 && reachedRows[k] != null && (reachedRows[k][r.j >>> 6] & 1L << r.j) != 0;
    }

    /** Notes a layer output that is used. */
    private void note(Value v) {
        if (v instanceof Linear.Row r) {
            int k = position(r);
            if (k >= 0) {
                if (reachedRows[k] == null) {
                    reachedRows[k] = new long[(r.app.rows.length + 63) >>> 6];
                }
                reachedRows[k][r.j >>> 6] |= 1L << r.j;
            }
        }
    }

    /**
     * Returns the index in {@link #nodes} of the node that computes {@code v}, or -1 for a leaf or a value this
     * pass did not order.
     */
    int position(Value v) {
        Node n = Value.vertex(v);
        if (n == null) {
            return -1;
        }
        if (searched != null) {
            return searched.get(n) instanceof Integer k ? k : -1;
        }
        int k = n.position;
        if (positions == null && n.mark == closed && k >= 0 && k < size && nodes[k] == n) {
            return k;
        }
        if (positions == null) {                          // a later pass moved marks: find nodes by identity
            positions = new IdentityHashMap<>(2 * size);
            for (int i = 0; i < size; i++) {
                positions.put(nodes[i], i);
            }
        }
        return positions.getOrDefault(n, -1);
    }

    /** Whether every ordered node still holds this pass's mark and its own position (no other pass moved one). */
    private boolean ordered() {
        for (int k = 0; k < size; k++) {
            Node n = nodes[k];
            if (n.mark != closed || n.position != k) {
                return false;
            }
        }
        return true;
    }

    private Object state(Node n) {
        if (searched == null) {
            return n.mark;
        }
        Object s = searched.get(n);
        return s instanceof Integer ? closed : s;
    }

    private void setOpen(Node n) {
        if (searched == null) {
            n.mark = open;
        } else {
            searched.put(n, open);
        }
    }

    private void close(Node n) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        if (searched == null) {
            n.mark = closed;
            n.position = size;
        } else {
            searched.put(n, size);
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
