package micrograd;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task3.1")
@DisplayName("Task 3.1  the topological order           Value.topologicalOrder")
class Task3_1TopologicalOrderTest {

    static final String HINT = "visit a node's children before adding the node; remember visited nodes by identity"
            + " (an IdentityHashMap or a Set from Collections.newSetFromMap(new IdentityHashMap<>()))";

    /** Checks order lists every node of the graph once, each after its children. */
    static void isTopological(String graph, List<Value> order, int size, Value root) {
        Expect.equal("the number of nodes topologicalOrder() lists for " + graph, size, order.size(),
                "each node once, the leaves included: " + HINT);
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Expect.that(position.put(order.get(i), i) == null, "no node is listed twice in the order of " + graph,
                    "each node once", "node " + order.get(i) + " again at position " + i, HINT);
        }
        for (Value v : order) {
            for (Value child : v.children()) {
                Integer p = position.get(child);
                Expect.that(p != null && p < position.get(v), "in the order of " + graph + ", every child comes"
                                + " before the node made from it", "child " + child + " before " + v,
                        p == null ? "the child is missing" : "the child at " + p + ", the node at " + position.get(v),
                        HINT);
            }
        }
        Expect.same("the last node of " + graph + "'s order is the node you asked", root,
                order.get(order.size() - 1), "the root is made from everything else, so it comes last");
    }

    @Test
    @Order(1)
    @DisplayName("a leaf's order is just itself")
    void leaf() {
        Value a = new Value(1);
        isTopological("a leaf", a.topologicalOrder(), 1, a);
    }

    @Test
    @Order(2)
    @DisplayName("e = tanh(a * b + a): five nodes, a listed once although used twice")
    void reuse() {
        Value a = new Value(2);
        Value b = new Value(-3);
        Value e = a.mul(b).add(a).tanh();
        isTopological("tanh(a * b + a)", e.topologicalOrder(), 5, e);
    }

    @Test
    @Order(3)
    @DisplayName("a diamond: d = (a * 2) * (a + 1) shares a between two paths")
    void diamond() {
        Value a = new Value(0.5);
        Value d = a.mul(2).mul(a.add(1));
        isTopological("(a * 2) * (a + 1)", d.topologicalOrder(), 6, d);
    }

    @Test
    @Order(4)
    @DisplayName("a chain 100,000 nodes deep does not overflow the stack")
    void deepChain() {
        Value x = new Value(1);
        Value zero = new Value(0);
        Value root = Checks.chain(x, zero, 100_000);
        List<Value> order = Checks.onSmallStack("topologicalOrder()", root::topologicalOrder);
        Expect.equal("the order of x + 0 + 0 ... (100,000 adds) lists the 100,000 sums, x and the 0 leaf", 100_002,
                order.size(), HINT);
        Expect.same("the chain's last node comes last", root, order.get(order.size() - 1), HINT);
        Expect.that(order.indexOf(x) < 2,
                "the chain's first node, x, comes at the very start (with the 0 leaf)", "x at 0 or 1",
                "x at " + order.indexOf(x), HINT);
    }
}
