package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node takes its local derivatives from its operands' data when it is made, whatever its op: change a leaf
 * with {@code setData} between building and {@code backward()} and every op gives the gradient of the data it was
 * built from. A tape gives the gradient of its last {@code forward()}; {@link Autograd} builds the derivative from the
 * operands as they are when it runs. One rule per path, the same for every op of the table, a layer and a custom op.
 */
@DisplayName("One semantics for every node: the data of when it was made (backward), of the last forward() (tape)")
class OneSemanticsTest {

    static final double[] BUILT = {0.7, 1.3, -0.4, 0.9};
    static final double[] CHANGED = {-1.1, 0.45, 2.5, 0.6};

    /** Every kind of node, each a function of four leaves. */
    static Stream<Arguments> nodes() {
        List<Arguments> all = new ArrayList<>();
        for (Op.Unary op : OpTable.unary()) {
            if (op != Ops.STEP) {
                all.add(Arguments.of(op.name + " (" + op.expression(1, 1.5) + ")",
                        (Function<List<Value>, Value>) v -> new Node.Unary(op, v.get(1), 1.5)));
            }
        }
        for (Op.Binary op : OpTable.binary()) {
            all.add(Arguments.of(op.name + " (" + op.expression(2, 0) + ")",
                    (Function<List<Value>, Value>) v -> new Node.Binary(op, v.get(1), v.get(3))));
        }
        all.add(Arguments.of("sum", (Function<List<Value>, Value>) v -> Value.sum(v.get(0), v.get(1).mul(v.get(2)))));
        all.add(Arguments.of("dot", (Function<List<Value>, Value>) v -> Value.dot(v.subList(0, 2), v.subList(2, 4))));
        all.add(Arguments.of("layer", (Function<List<Value>, Value>) v ->
                new Linear(new Value[][] {{v.get(0), v.get(1)}}, new Value[] {v.get(2)}, false)
                        .apply(v.get(3), v.get(1))[0]));
        all.add(Arguments.of("layer with relu", (Function<List<Value>, Value>) v ->
                new Linear(new Value[][] {{v.get(0), v.get(3)}}, null, true).apply(v.get(1), v.get(3))[0]));
        CustomOp prod = CustomOp.of("prod", 2, x -> x[0] * x[1], (x, y, p) -> {
            p[0] = x[1];
            p[1] = x[0];
        }).withGraphPartials((x, y, p) -> {
            p[0] = x[1];
            p[1] = x[0];
        });
        all.add(Arguments.of("custom op", (Function<List<Value>, Value>) v -> prod.apply(v.get(0), v.get(2))));
        return all.stream();
    }

    static List<Value> leaves(double[] data) {
        List<Value> v = new ArrayList<>();
        for (double d : data) {
            v.add(new Value(d));
        }
        return v;
    }

    /** The leaves' gradients of {@code f} rebuilt from {@code data}: the reference. */
    static double[] gradient(Function<List<Value>, Value> f, double[] data) {
        List<Value> v = leaves(data);
        f.apply(v).mul(1.0).backward();
        return v.stream().mapToDouble(Value::grad).toArray();
    }

    static double[] grads(List<Value> v) {
        return v.stream().mapToDouble(Value::grad).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    @DisplayName("setData between building and backward(): backward, the tape and Autograd each follow their rule")
    void setDataBeforeBackward(String name, Function<List<Value>, Value> f) {
        double[] atBuilt = gradient(f, BUILT);
        double[] atChanged = gradient(f, CHANGED);

        List<Value> v = leaves(BUILT);
        Value root = f.apply(v).mul(1.0);
        for (int i = 0; i < v.size(); i++) {
            v.get(i).setData(CHANGED[i]);
        }
        root.backward();
        assertThat(grads(v)).as("%s: backward() uses the data of when the node was made", name)
                .containsExactly(atBuilt);

        List<Value> w = leaves(BUILT);
        Tape tape = Tape.record(f.apply(w).mul(1.0));                 // recorded, and computed, at BUILT
        for (int i = 0; i < w.size(); i++) {
            w.get(i).setData(CHANGED[i]);
        }
        tape.backward();
        assertThat(grads(w)).as("%s: a tape uses the data of its last forward()", name).containsExactly(atBuilt);
        w.forEach(leaf -> leaf.setGrad(0));
        tape.forward();
        tape.backward();
        assertThat(grads(w)).as("%s: and after forward() the new data", name).containsExactly(atChanged);

        List<Value> u = leaves(BUILT);
        Value built = f.apply(u).mul(1.0);
        for (int i = 0; i < u.size(); i++) {
            u.get(i).setData(CHANGED[i]);
        }
        double[] graph = Autograd.grad(built, u).stream().mapToDouble(Value::data).toArray();
        for (int i = 0; i < graph.length; i++) {
            assertThat(graph[i]).as("%s: Autograd builds from the operands as they are, leaf %d", name, i)
                    .isCloseTo(atChanged[i], org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(atChanged[i]))));
        }
    }
}
