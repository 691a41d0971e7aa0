package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random expression graphs, every leaf's gradient checked against a central finite difference. A graph is a
 * recipe of steps over a growing pool of nodes, so operands are reused at random (fan-out, diamonds); the
 * recipe is replayed on perturbed leaves for the finite difference.
 *
 * <p>Inputs stay inside each op's domain and away from kinks: a step is redrawn when it would take the log or
 * a fractional power of a value below 0.2, divide by less than 0.2, or apply relu (or a fused relu) to a value
 * within 0.05 of 0, which is 50,000 finite-difference steps away. A failure prints the seed and the recipe.
 * The default run checks 400 graphs; {@code mvn test -Pslow} checks 10,000.
 */
@DisplayName("Random expression graphs: every leaf's gradient matches a finite difference")
public class RandomGraphTest {

    static final String[] OPS = {"add", "sub", "mul", "div", "pow", "powv", "neg", "relu", "tanh", "exp", "log",
            "sigmoid", "addc", "subc", "mulc", "divc", "sum", "wsum", "wsumShared", "softplus", "hypot", "prod3"};

    // the custom ops are CustomOps (functions of their operands' values), so that a Tape can replay these graphs too
    static final CustomOp SOFTPLUS = CustomOp.of("softplus", v -> Math.log1p(Math.exp(v)),
            (v, y) -> 1 / (1 + Math.exp(-v)));
    static final CustomOp HYPOT = CustomOp.of("hypot", 2, v -> Math.hypot(v[0], v[1]), (v, h, p) -> {
        p[0] = v[0] / h;
        p[1] = v[1] / h;
    });
    static final CustomOp PROD3 = CustomOp.of("prod3", 3, v -> v[0] * v[1] * v[2], (v, y, p) -> {
        p[0] = v[1] * v[2];
        p[1] = v[0] * v[2];
        p[2] = v[0] * v[1];
    });

    /** One step: an op over pool indices, with a constant where the op takes one. */
    public record Step(String op, int a, int b, int c, double k) {
        String describe(int self) {
            return "n" + self + " = " + op + "(n" + a + (b >= 0 ? ", n" + b : "") + (c >= 0 ? ", n" + c : "")
                    + (Double.isNaN(k) ? "" : ", " + k) + ")";
        }
    }

    public record Graph(double[] point, List<Step> steps, long seed) {
        public Value build(List<Value> leaves) {
            List<Value> pool = new ArrayList<>(leaves);
            List<Value[]> inputArrays = new ArrayList<>();
            for (Step s : steps) {
                pool.add(apply(s, pool, inputArrays));
            }
            List<Value> tail = pool.subList(Math.max(0, pool.size() - 3), pool.size());
            return Value.sum(tail);
        }

        String describe() {
            StringBuilder sb = new StringBuilder("seed " + seed + ", leaves " + java.util.Arrays.toString(point));
            for (int i = 0; i < steps.size(); i++) {
                sb.append("\n  ").append(steps.get(i).describe(point.length + i));
            }
            return sb.toString();
        }
    }

    /**
     * Applies one step. "wsum" is a one-output layer over a fresh input array, which it remembers; "wsumShared"
     * a two-output layer over one of those arrays (as a layer's outputs share their inputs) of which one output is
     * used, every other time with the ReLU; their weights and biases are the graph's leaves.
     */
    static Value apply(Step s, List<Value> pool, List<Value[]> inputArrays) {
        Value a = pool.get(s.a());
        Value b = s.b() >= 0 ? pool.get(s.b()) : null;
        switch (s.op()) {
            case "add": return a.add(b);
            case "sub": return a.sub(b);
            case "mul": return a.mul(b);
            case "div": return a.div(b);
            case "pow": return a.pow(s.k());
            case "powv": return a.pow(b);
            case "neg": return a.neg();
            case "relu": return a.relu();
            case "tanh": return a.tanh();
            case "exp": return a.exp();
            case "log": return a.log();
            case "sigmoid": return a.sigmoid();
            case "addc": return a.add(s.k());
            case "mulc": return a.mul(s.k());
            case "sum": return Value.sum(a, b, pool.get(s.c()), a);
            case "wsum": {
                Value[] inputs = {pool.get(s.c()), b};
                inputArrays.add(inputs);
                return new Linear(new Value[][] {{leaf(pool, s.b()), leaf(pool, s.a())}},
                        new Value[] {leaf(pool, s.c())}, false).apply(inputs)[0];
            }
            case "wsumShared": {
                Value[] inputs = inputArrays.get((int) s.k() % inputArrays.size());
                return layer(s, pool, (s.a() + s.b()) % 2 == 0).apply(inputs)[(int) s.k() % 2];
            }
            case "subc": return a.sub(s.k());
            case "divc": return a.div(s.k());
            case "hypot": return HYPOT.apply(a, b);
            case "prod3": return PROD3.apply(a, b, pool.get(s.c()));
            case "softplus": return SOFTPLUS.apply(a);
            default: throw new AssertionError(s.op());
        }
    }

    /** Draws a graph whose every op input sits well inside its domain and away from relu's kink. */
    public static Graph generate(long seed) {
        Random rng = new Random(seed);
        int nLeaves = 1 + rng.nextInt(4);
        double[] point = new double[nLeaves];
        List<Value> pool = new ArrayList<>();
        List<Value[]> inputArrays = new ArrayList<>();
        for (int i = 0; i < nLeaves; i++) {
            point[i] = Math.round((rng.nextDouble() * 4 - 2) * 1000) / 1000.0;
            pool.add(new Value(point[i]));
        }
        List<Step> steps = new ArrayList<>();
        int depth = 1 + rng.nextInt(50);
        while (steps.size() < depth) {
            String op = OPS[rng.nextInt(OPS.length)];
            int a = rng.nextInt(pool.size());
            int b = rng.nextInt(pool.size());
            int c = rng.nextInt(pool.size());
            double k = Double.NaN;
            if (op.equals("pow")) {
                k = new double[] {2, 3, -1, 0.5, 1.5}[rng.nextInt(5)];
            } else if (op.equals("wsumShared")) {
                if (inputArrays.isEmpty()) {
                    continue;
                }
                k = rng.nextInt(inputArrays.size());
            } else if (op.equals("addc") || op.equals("mulc") || op.equals("subc")) {
                k = Math.round((rng.nextDouble() * 4 - 2) * 100) / 100.0;
            } else if (op.equals("divc")) {
                k = (rng.nextBoolean() ? 1 : -1) * (0.5 + rng.nextInt(30) / 10.0);
            }
            boolean binary = List.of("add", "sub", "mul", "div", "powv", "sum", "wsum", "wsumShared", "hypot", "prod3")
                    .contains(op);
            boolean ternary = List.of("sum", "wsum", "wsumShared", "prod3").contains(op);
            Step s = new Step(op, a, binary ? b : -1, ternary ? c : -1, k);
            double x = pool.get(a).data();
            double y = pool.get(b).data();
            boolean ok = switch (op) {
                case "div" -> Math.abs(y) > 0.2;
                case "pow" -> k == Math.rint(k) ? (k > 0 || Math.abs(x) > 0.2) : x > 0.2;
                case "powv" -> x > 0.2 && Math.abs(y) < 3;
                case "log" -> x > 0.2;
                case "relu" -> Math.abs(x) > 0.05;
                case "exp" -> x < 5;
                case "hypot" -> Math.hypot(x, y) > 0.2;
                default -> true;
            };
            if (!ok) {
                continue;
            }
            int arrays = inputArrays.size();
            Value v = apply(s, pool, inputArrays);
            if (!(Math.abs(v.data()) < 50) || (op.equals("wsumShared") && nearKink(s, pool, inputArrays))) {
                while (inputArrays.size() > arrays) {
                    inputArrays.remove(inputArrays.size() - 1);
                }
                continue;                              // keep magnitudes where finite differences are accurate
            }
            pool.add(v);
            steps.add(s);
        }
        return new Graph(point, steps, seed);
    }

    /** Whether a fused ReLU's sum lies too close to 0 for a finite difference. */
    static boolean nearKink(Step s, List<Value> pool, List<Value[]> inputArrays) {
        Value[] inputs = inputArrays.get((int) s.k() % inputArrays.size());
        double z = layer(s, pool, false).apply(inputs)[(int) s.k() % 2].data();
        return Math.abs(z) < 0.05;
    }

    /** A layer of two outputs over the graph's leaves (a layer's parameters are leaves), one output used. */
    static Linear layer(Step s, List<Value> pool, boolean relu) {
        Value a = leaf(pool, s.a());
        Value b = leaf(pool, s.b());
        return new Linear(new Value[][] {{a, b}, {b, a}}, new Value[] {leaf(pool, s.c()), a}, relu);
    }

    /** The leaf {@code i} modulo the number of leaves, which come first in the pool. */
    static Value leaf(List<Value> pool, int i) {
        int leaves = 0;
        while (leaves < pool.size() && pool.get(leaves).isLeaf()) {
            leaves++;
        }
        return pool.get(i % leaves);
    }

    /** Checks graphs {@code first..last}; a failure names the seed and prints the graph. */
    static void check(long first, long last) {
        int sharedArrays = 0;
        for (long seed = first; seed <= last; seed++) {
            Graph g = generate(seed);
            sharedArrays += (int) g.steps().stream().filter(s -> s.op().equals("wsumShared")).count();
            GradCheck.Result r = GradCheck.checkWithStep(g::build, 1e-6, g.point());
            assertThat(r.maxError()).as(() -> r + "\n" + g.describe()).isLessThan(1e-5);
        }
        assertThat(sharedArrays).as("weighted sums over a shared input array").isGreaterThan((int) (last - first) / 4);
    }

    @Test
    @DisplayName("400 seeded graphs of depth 1 to 50 (every op, shared subexpressions and input arrays)")
    void randomGraphs() {
        check(1, 400);
    }

    @Test
    @Tag("slow")
    @DisplayName("10,000 seeded graphs (mvn test -Pslow)")
    void tenThousandGraphs() {
        check(1, 10_000);
    }
}
