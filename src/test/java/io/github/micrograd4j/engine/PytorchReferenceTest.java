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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and gradients of scalar expressions against PyTorch 1.13 in float64 ({@code refdata/pytorch_cases.txt}).
 * Each line holds an S-expression such as {@code (+ (* a b) c)}, its inputs, PyTorch's output and gradients.
 */
@DisplayName("Values and gradients agree with PyTorch (float64)")
class PytorchReferenceTest {

    record Case(String id, String expr, Map<String, Double> inputs, double output, Map<String, Double> grads) {
        @Override
        public String toString() {
            return id + ": " + expr;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                PytorchReferenceTest.class.getResourceAsStream("/refdata/pytorch_cases.txt")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                cases.add(new Case(f[0], f[1], assignments(f[2]), Double.parseDouble(f[3]), assignments(f[4])));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        return cases.stream();
    }

    static Map<String, Double> assignments(String s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String kv : s.split(",")) {
            String[] p = kv.split("=");
            m.put(p[0].trim(), Double.parseDouble(p[1].trim()));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPytorch(Case c) {
        Map<String, Object> env = new HashMap<>();
        Map<String, Value> leaves = new LinkedHashMap<>();
        c.inputs().forEach((name, x) -> {
            Value v = new Value(x, name);
            leaves.put(name, v);
            env.put(name, v);
        });
        Value out = (Value) eval(parse(c.expr()), env);
        out.backward();
        assertThat(out.data()).as("output").isCloseTo(c.output(), tolerance(c.output()));
        c.grads().forEach((name, g) -> assertThat(leaves.get(name).grad()).as("d/d" + name).isCloseTo(g, tolerance(g)));
    }

    /** Relative 1e-9, or absolute 1e-12 where the expected value is below 1e-12, as the reference file says. */
    static org.assertj.core.data.Offset<Double> tolerance(double expected) {
        return within(Math.abs(expected) < 1e-12 ? 1e-12 : 1e-9 * Math.abs(expected));
    }

    // ---- a tiny S-expression reader and evaluator: a node is a String atom or a List of nodes -----------------

    static Object parse(String text) {
        List<String> tokens = new ArrayList<>(List.of(text.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+")));
        return read(tokens);
    }

    static Object read(List<String> tokens) {
        String t = tokens.remove(0);
        if (!t.equals("(")) {
            return t;
        }
        List<Object> list = new ArrayList<>();
        while (!tokens.get(0).equals(")")) {
            list.add(read(tokens));
        }
        tokens.remove(0);
        return list;
    }

    /** Evaluates to a Value, or to a Double for a constant. */
    @SuppressWarnings("unchecked")
    static Object eval(Object node, Map<String, Object> env) {
        if (node instanceof String atom) {
            return env.containsKey(atom) ? env.get(atom) : Double.valueOf(atom);
        }
        List<Object> list = (List<Object>) node;
        String head = (String) list.get(0);
        switch (head) {
            case "let": {
                Map<String, Object> inner = new HashMap<>(env);
                for (Object binding : (List<Object>) list.get(1)) {
                    List<Object> b = (List<Object>) binding;
                    inner.put((String) b.get(0), eval(b.get(1), inner));
                }
                return eval(list.get(2), inner);
            }
            case "repeat": {
                int n = Integer.parseInt((String) list.get(1));
                String var = (String) list.get(2);
                Map<String, Object> inner = new HashMap<>(env);
                inner.put(var, eval(list.get(3), env));
                for (int i = 0; i < n; i++) {
                    inner.put(var, eval(list.get(4), inner));
                }
                return inner.get(var);
            }
            default:
                break;
        }
        Object a = eval(list.get(1), env);
        if (list.size() == 2) {
            Value x = (Value) a;
            switch (head) {
                case "neg": return x.neg();
                case "relu": return x.relu();
                case "tanh": return x.tanh();
                case "exp": return x.exp();
                case "log": return x.log();
                case "sigmoid": return x.sigmoid();
                default: throw new IllegalArgumentException("unknown op " + head);
            }
        }
        Object b = eval(list.get(2), env);
        switch (head) {
            case "+":
                return a instanceof Value x ? (b instanceof Value y ? x.add(y) : x.add((Double) b)) : ((Value) b).add((Double) a);
            case "-":
                return a instanceof Value x ? (b instanceof Value y ? x.sub(y) : x.sub((Double) b)) : ((Value) b).neg().add((Double) a);
            case "*":
                return a instanceof Value x ? (b instanceof Value y ? x.mul(y) : x.mul((Double) b)) : ((Value) b).mul((Double) a);
            case "/":
                return a instanceof Value x ? (b instanceof Value y ? x.div(y) : x.div((Double) b)) : ((Value) b).pow(-1).mul((Double) a);
            case "pow":
                return b instanceof Value y ? ((Value) a).pow(y) : ((Value) a).pow((Double) b);
            default:
                throw new IllegalArgumentException("unknown op " + head);
        }
    }
}
