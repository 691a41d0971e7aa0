package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients and Hessians from {@link Autograd} against PyTorch float64's {@code torch.autograd.grad(create_graph=True)}:
 * refdata/pytorch_hessians/hessians.txt, written once by the make.py beside it. No Python is needed here.
 */
@DisplayName("Autograd against PyTorch: gradients and Hessians of every op")
class PytorchHessianTest {

    record Case(String id, String expr, Map<String, Double> inputs, double output, Map<String, Double> grads,
            double[][] hessian) {
        @Override
        public String toString() {
            return id + ": " + expr;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                PytorchHessianTest.class.getResourceAsStream("/refdata/pytorch_hessians/hessians.txt")),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                String[] rows = f[5].split(";");
                double[][] h = new double[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    h[i] = Stream.of(rows[i].split(",")).mapToDouble(Double::parseDouble).toArray();
                }
                cases.add(new Case(f[0], f[1], PytorchReferenceTest.assignments(f[2]), Double.parseDouble(f[3]),
                        PytorchReferenceTest.assignments(f[4]), h));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        return cases.stream();
    }

    /** Relative 1e-10, or absolute 1e-12 where the expected value is below 1e-12, as the table's header says. */
    static Offset<Double> tolerance(double expected) {
        return within(Math.abs(expected) < 1e-12 ? 1e-12 : 1e-10 * Math.abs(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPytorch(Case c) {
        Map<String, Value> env = new LinkedHashMap<>();
        c.inputs().forEach((name, x) -> env.put(name, new Value(x, name)));
        List<Value> leaves = new ArrayList<>(env.values());
        Value out = (Value) eval(PytorchReferenceTest.parse(c.expr()), new HashMap<>(env));
        assertThat(out.data()).as("output").isCloseTo(c.output(), tolerance(c.output()));
        List<Value> g = Autograd.grad(out, leaves);
        int i = 0;
        for (double expected : c.grads().values()) {
            assertThat(g.get(i++).data()).as("gradient").isCloseTo(expected, tolerance(expected));
        }
        for (int r = 0; r < leaves.size(); r++) {
            List<Value> row = Autograd.grad(g.get(r), leaves);                  // not symmetrized: as torch does
            for (int k = 0; k < leaves.size(); k++) {
                double expected = c.hessian()[r][k];
                assertThat(row.get(k).data()).as("H[%d][%d]", r, k).isCloseTo(expected, tolerance(expected));
            }
        }
    }

    /** The evaluator of {@link PytorchReferenceTest}, with rsub, rdiv, n-ary sum and a fused relu neuron. */
    @SuppressWarnings("unchecked")
    static Object eval(Object node, Map<String, Object> env) {
        if (node instanceof String atom) {
            return env.containsKey(atom) ? env.get(atom) : Double.valueOf(atom);
        }
        List<Object> list = (List<Object>) node;
        String head = (String) list.get(0);
        if (head.equals("let")) {
            Map<String, Object> inner = new HashMap<>(env);
            for (Object binding : (List<Object>) list.get(1)) {
                List<Object> b = (List<Object>) binding;
                inner.put((String) b.get(0), eval(b.get(1), inner));
            }
            return eval(list.get(2), inner);
        }
        List<Object> args = new ArrayList<>();
        for (Object o : list.subList(1, list.size())) {
            args.add(eval(o, env));
        }
        switch (head) {
            case "rsub": return ((Value) args.get(1)).rsub((Double) args.get(0));
            case "rdiv": return ((Value) args.get(1)).rdiv((Double) args.get(0));
            case "sum": return Value.sum(args.stream().map(Value.class::cast).toList());
            case "neuron": {
                int n = (args.size() - 1) / 2;
                Value[] w = new Value[n];
                Value[] x = new Value[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (Value) args.get(1 + 2 * i);
                    x[i] = (Value) args.get(2 + 2 * i);
                }
                return new Linear(new Value[][] {w}, new Value[] {(Value) args.get(0)}, true).apply(x)[0];
            }
            default: break;
        }
        List<Object> rebuilt = new ArrayList<>();
        rebuilt.add(head);
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Value) {
                bound.put("$" + i, a);
                rebuilt.add("$" + i);
            } else {
                rebuilt.add(String.valueOf(a));
            }
        }
        return PytorchReferenceTest.eval(rebuilt, bound);
    }
}
