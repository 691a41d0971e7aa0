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
 * under the same token, which of its outputs the pass reached. A backward pass reads them only while it orders and
 * propagates, with no user code in between. A pass that is <em>checked</em> (a recording, {@code Autograd}, the
 * pictures) verifies its order when it is done (every node once, each at its position, every reached output
 * counted) and keeps a copy of which outputs it reached; its lookups ({@link #position}, {@link #reached}) then find
 * a node whose mark a later pass has moved (a nested one, inside a {@link CustomOp}'s code) in a table of its own
 * order. If another thread ordering a graph that shares <em>interior</em> nodes moved a mark while the search ran,
 * the checked pass orders again with a table instead of marks.
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
    /** How many layer outputs this pass reached. */
    private int rowsReached;
    /**
     * Null while the marks are this pass's own; after a disturbed search, each node's state ({@code open}, or its
     * position once closed) and {@code closed} for each layer output reached.
     */
    private Map<Value, Object> searched;
    /** After a checked order: for each layer's node (by position), which of its outputs this pass reached. */
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
        search(root);
        if (!check) {
            return;
        }
        if (!ordered()) {
            searched = new IdentityHashMap<>();
            size = 0;
            rowsReached = 0;
            search(root);
            return;
        }
        reachedRows = new long[size][];
        for (int k = 0; k < size; k++) {
            if (nodes[k] instanceof Linear.Application app && app.reachedBy == closed) {
                reachedRows[k] = app.reached.clone();
            }
        }
    }

    private void search(Value rootValue) {
        if (rootValue instanceof Linear.Row r) {
            reach(r);
        }
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

    /**
     * Offers an operand: the node that computes it, if any and not yet closed, is explored. A layer's output is
     * noted as reached (its node adds the shares of the outputs that some node uses, and only those).
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
        if (searched == null ? r.app.reach(r.j, closed) : searched.put(r, closed) == null) {
            rowsReached++;
        }
    }

    /** Whether this pass reached the layer output {@code r} (some ordered node uses it, or it is the root). */
    boolean reached(Linear.Row r) {
        if (searched != null) {
            return searched.get(r) == closed;
        }
        if (reachedRows == null) {
            return r.app.reached(r.j, closed);            // a backward pass, right after ordering
        }
        int k = position(r);
        return k >= 0 && reachedRows[k] != null && (reachedRows[k][r.j >>> 6] & 1L << r.j) != 0;
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

    /**
     * Whether every ordered node still holds this pass's mark and its own position, and every output it reached
     * its note (no other pass moved one).
     */
    private boolean ordered() {
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
