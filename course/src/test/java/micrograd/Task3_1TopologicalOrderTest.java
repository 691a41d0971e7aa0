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

    /**
     * Checks order lists every node of the graph once, each after its children; names gives the graph's nodes their
     * names in the messages.
     */
    static void isTopological(String graph, List<Value> order, Map<Value, String> names, Value root) {
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Integer first = position.put(order.get(i), i);
            Expect.that(first == null, "no node is listed twice in the order of " + graph, "each node once",
                    name(names, order.get(i)) + " at positions " + first + " and " + i, HINT);
        }
        for (Value v : names.keySet()) {
            Expect.that(position.containsKey(v), "topologicalOrder() of " + graph + " lists " + name(names, v),
                    "it in the order", "it is missing", "each node once, the leaves included: " + HINT);
        }
        Expect.equal("the number of nodes topologicalOrder() lists for " + graph, names.size(), order.size(),
                "only the nodes the root was made from: " + HINT);
        for (Value v : order) {
            for (Value child : v.children()) {
                Integer p = position.get(child);
                Expect.that(p != null && p < position.get(v), "in the order of " + graph + ", every child comes"
                                + " before the node made from it", name(names, child) + " before " + name(names, v),
                        p == null ? "the child is missing" : "the child at " + p + ", the node at " + position.get(v),
                        HINT);
            }
        }
        Expect.same("the last node of " + graph + "'s order is the node you asked", root,
                order.get(order.size() - 1), "the root is made from everything else, so it comes last");
    }

    /** Returns the nodes with their names, by identity (two of them may hold equal numbers). */
    static Map<Value, String> named(Object... nodeNamePairs) {
        Map<Value, String> names = new IdentityHashMap<>();
        for (int i = 0; i < nodeNamePairs.length; i += 2) {
            names.put((Value) nodeNamePairs[i], (String) nodeNamePairs[i + 1]);
        }
        return names;
    }

    private static String name(Map<Value, String> names, Value v) {
        return names.containsKey(v) ? names.get(v) + " (" + v + ")" : "a node not in the graph, " + v;
    }

    @Test
    @Order(1)
    @DisplayName("a leaf's order is just itself")
    void leaf() {
        Value a = new Value(1);
        isTopological("a leaf", a.topologicalOrder(), named(a, "a"), a);
    }

    @Test
    @Order(2)
    @DisplayName("e = tanh(a * b + a): five nodes, a listed once although used twice")
    void reuse() {
        Value a = new Value(2);
        Value b = new Value(-3);
        Value ab = a.mul(b);
        Value sum = ab.add(a);
        Value e = sum.tanh();
        isTopological("tanh(a * b + a)", e.topologicalOrder(),
                named(a, "a", b, "b", ab, "a * b", sum, "a * b + a", e, "tanh(a * b + a)"), e);
    }

    @Test
    @Order(3)
    @DisplayName("a diamond: d = (a * 2) * (a + 1) shares a between two paths")
    void diamond() {
        Value a = new Value(0.5);
        Value twice = a.mul(2);
        Value plusOne = a.add(1);
        Value d = twice.mul(plusOne);
        isTopological("(a * 2) * (a + 1)", d.topologicalOrder(), named(a, "a", twice.children().get(1), "the leaf 2",
                twice, "a * 2", plusOne.children().get(1), "the leaf 1", plusOne, "a + 1", d, "d"), d);
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
