package io.github.micrograd4j.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checked backward pass, in the spirit of PyTorch's {@code detect_anomaly}: it computes exactly what
 * {@link Value#backward()} computes, but stops at the first gradient that turns NaN or infinite and throws an
 * {@link AnomalyException} naming the operation, its operand values and the path from the root, instead of
 * silently filling a model with NaN.
 *
 * <pre>{@code
 * Value x = new Value(0.0, "x");
 * Value loss = x.log().mul(2).add(1);
 * AnomalyMode.backward(loss);
 * // AnomalyException: backward of 'log' made the gradient of operand 0 Infinity (operand values [0.0],
 * //   incoming gradient 2.0); path from the root: + <- * <- log
 * }</pre>
 *
 * It is opt-in and separate: {@code Value.backward()} has no checks in it, so the mode costs nothing when it
 * is not used. When it is used, each node's operands are inspected after its step (a few times slower).
 */
public final class AnomalyMode {

    private AnomalyMode() {
    }

    /**
     * Runs {@code root.backward()}, checking after each node's step that every operand's gradient that was
     * finite is still finite.
     *
     * @param root the value to differentiate
     * @throws AnomalyException     at the first gradient that turns non-finite; gradients up to that step
     *                              have been accumulated
     * @throws NullPointerException if {@code root} is null
     */
    public static void backward(Value root) {
        Objects.requireNonNull(root, "root == null");
        Node top = Value.vertex(root);
        if (top == null) {
            root.backward();
            return;
        }
        Pass pass = new Pass(true);
        pass.order(root, false);
        root.grad = 1.0;
        for (int k = pass.size - 1; k >= 0; k--) {
            Node n = pass.nodes[k];
            List<Value> operands = operands(n);
            double[] before = new double[operands.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = operands.get(i).grad;
            }
            n.propagate(pass);
            for (int i = 0; i < before.length; i++) {
                if (Double.isFinite(before[i]) && !Double.isFinite(operands.get(i).grad)) {
                    throw anomaly(root, culprit(n, operands.get(i)), operands.get(i));
                }
            }
        }
    }

    /** The values a node adds into: its operands, or for a layer every output's bias, weights and inputs. */
    private static List<Value> operands(Node n) {
        if (n instanceof Linear.Application app) {
            List<Value> all = new ArrayList<>();
            for (Linear.Row r : app.rows) {
                all.addAll(r.children());
            }
            return all;
        }
        return n.children();
    }

    /**
     * The value whose share made {@code operand}'s gradient non-finite: the node, or the layer's first output whose
     * share to it is non-finite (the first output that uses it when only the sum of finite shares overflowed).
     */
    private static Value culprit(Node n, Value operand) {
        if (n instanceof Linear.Application app) {
            for (Linear.Row r : app.rows) {
                List<Value> children = r.children();
                for (int i = 0; i < children.size(); i++) {
                    if (children.get(i) == operand && !Double.isFinite(r.partial(i) * r.grad)) {
                        return r;
                    }
                }
            }
            for (Linear.Row r : app.rows) {
                if (r.children().contains(operand)) {
                    return r;
                }
            }
        }
        return n;
    }

    private static AnomalyException anomaly(Value root, Value node, Value operand) {
        List<Value> operands = node.children();
        List<Double> values = new ArrayList<>();
        for (Value v : operands) {
            values.add(v.data());
        }
        return new AnomalyException(node.op(), values, operands.indexOf(operand), node.grad(), operand.grad(),
                path(root, node));
    }

    /** The operations on a shortest path from root to target, root first (breadth-first, off the hot path). */
    private static List<String> path(Value root, Value target) {
        Map<Value, Value> parent = new IdentityHashMap<>();
        ArrayDeque<Value> queue = new ArrayDeque<>(List.of(root));
        parent.put(root, root);
        while (!queue.isEmpty()) {
            Value v = queue.poll();
            if (v == target) {
                break;
            }
            for (Value c : v.children()) {
                if (!parent.containsKey(c)) {
                    parent.put(c, v);
                    queue.add(c);
                }
            }
        }
        List<String> path = new ArrayList<>();
        for (Value v = target; ; v = parent.get(v)) {
            path.add(v.label() == null ? v.op() : v.op() + " \"" + v.label() + "\"");
            if (v == root) {
                break;
            }
        }
        Collections.reverse(path);
        return path;
    }
}
