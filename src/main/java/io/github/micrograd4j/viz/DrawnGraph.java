package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.Value;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values a graph picture draws ({@link GraphDot}, {@link GraphHtml}): numbered in the order a depth-first walk
 * from the root meets them (operands in order), so the same graph always gives the same numbers, and cut at
 * {@code maxNodes} values.
 */
final class DrawnGraph {

    /** The drawn values; a value's number is its index. */
    final List<Value> nodes = new ArrayList<>();
    /** Each drawn value's number. */
    final Map<Value, Integer> ids = new IdentityHashMap<>();
    /** Whether values beyond the cap were left out. */
    final boolean truncated;

    /**
     * Walks the graph that ends in {@code root}, iteratively (any depth works).
     *
     * @throws IllegalArgumentException if {@code maxNodes <= 0}
     * @throws NullPointerException     if {@code root} is null
     */
    DrawnGraph(Value root, int maxNodes) {
        Objects.requireNonNull(root, "root == null");
        if (maxNodes <= 0) {
            throw new IllegalArgumentException("maxNodes (" + maxNodes + ") must be > 0");
        }
        List<Value> stack = new ArrayList<>(List.of(root));
        boolean cut = false;
        while (!stack.isEmpty()) {
            Value v = stack.remove(stack.size() - 1);
            if (ids.containsKey(v)) {
                continue;
            }
            if (nodes.size() == maxNodes) {
                cut = true;
                break;
            }
            ids.put(v, nodes.size());
            nodes.add(v);
            List<Value> children = v.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
            }
        }
        truncated = cut;
    }
}
