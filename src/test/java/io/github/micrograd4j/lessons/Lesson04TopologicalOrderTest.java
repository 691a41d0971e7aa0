package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 4. A node may pass its gradient on only once it has received everything from all its consumers.
 * Ordering the graph so that every node comes after the values it uses (a topological order) and walking it
 * backwards guarantees that. Here we build the order ourselves, as micrograd's build_topo does, and do by hand
 * what backward() does.
 */
@DisplayName("Lesson 4: backward walks the graph in reverse topological order")
class Lesson04TopologicalOrderTest {

    /** micrograd's build_topo: a value is added after all of its children (recursion is fine for a lesson). */
    static void buildTopo(Value v, Map<Value, Boolean> visited, List<Value> topo) {
        if (visited.put(v, true) == null) {
            for (Value child : v.children()) {
                buildTopo(child, visited, topo);
            }
            topo.add(v);
        }
    }

    @Test
    @DisplayName("in the order every value comes after its children")
    void orderRespectsEdges() {
        Value a = new Value(1.0);
        Value b = a.mul(2);
        Value c = a.add(b);
        Value d = c.mul(b).tanh();
        List<Value> topo = new ArrayList<>();
        buildTopo(d, new IdentityHashMap<>(), topo);
        assertThat(topo).hasSize(5).startsWith(a).endsWith(d);
        for (Value v : topo) {
            for (Value child : v.children()) {
                assertThat(topo.indexOf(child)).isLessThan(topo.indexOf(v));
            }
        }
    }

    @Test
    @DisplayName("walking that order backwards with the local derivatives gives backward()'s gradients")
    void handMadeBackward() {
        Value x = new Value(0.5);
        Value w = new Value(-2.0);
        Value z = x.mul(w);                 // z = -1
        Value y = z.add(x).pow(2);          // y = (xw + x)^2 = 0.25

        // By hand: the local derivative of each node with respect to each child, from the formulas of Lesson 1.
        Map<Value, Double> grad = new IdentityHashMap<>();
        List<Value> topo = new ArrayList<>();
        buildTopo(y, new IdentityHashMap<>(), topo);
        Collections.reverse(topo);
        grad.put(y, 1.0);
        for (Value v : topo) {
            double g = grad.getOrDefault(v, 0.0);
            List<Value> ch = v.children();
            switch (v.op()) {
                case "*" -> {
                    grad.merge(ch.get(0), ch.get(1).data() * g, Double::sum);
                    grad.merge(ch.get(1), ch.get(0).data() * g, Double::sum);
                }
                case "+" -> ch.forEach(c -> grad.merge(c, g, Double::sum));
                case "**" -> grad.merge(ch.get(0), 2 * ch.get(0).data() * g, Double::sum);
                default -> { }                 // a leaf: nothing to pass on
            }
        }

        y.backward();
        assertThat(x.grad()).isEqualTo(grad.get(x));   // 2(xw + x)(w + 1) = 1
        assertThat(w.grad()).isEqualTo(grad.get(w));   // 2(xw + x) x = -0.5
    }
}
