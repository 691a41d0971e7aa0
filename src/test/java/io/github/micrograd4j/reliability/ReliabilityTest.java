package io.github.micrograd4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.AnomalyException;
import io.github.micrograd4j.engine.AnomalyMode;
import io.github.micrograd4j.engine.Linear;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.Adam;
import io.github.micrograd4j.optim.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rows of docs/RELIABILITY.md that are not already covered by the per-package tests. */
@DisplayName("Reliability: fused vs unfused, non-finite data, stale data, threads, static state")
class ReliabilityTest {

    @Test
    @DisplayName("a fused neuron node gives the micrograd chain's value and gradients to 1e-12, for 2,000 random neurons")
    void fusedMatchesChain() {
        Random rng = new Random(2024);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rng.nextInt(20);
            boolean relu = rng.nextBoolean();
            double[] w = new double[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = rng.nextGaussian();
                x[i] = rng.nextGaussian() * 3;
            }
            double b = rng.nextGaussian();
            double upstream = rng.nextGaussian();

            Value[] wf = leaves(w);
            Value[] xf = leaves(x);
            Value bf = new Value(b);
            Value fused = new Linear(new Value[][] {wf}, new Value[] {bf}, relu).apply(xf)[0];
            fused.mul(upstream).backward();

            Value[] wc = leaves(w);
            Value[] xc = leaves(x);
            Value bc = new Value(b);
            Value chain = bc;                                  // micrograd: sum((wi*xi for ...), self.b)
            for (int i = 0; i < n; i++) {
                chain = chain.add(wc[i].mul(xc[i]));
            }
            if (relu) {
                chain = chain.relu();
            }
            chain.mul(upstream).backward();

            assertThat(fused.data()).isEqualTo(chain.data());  // the same additions in the same order
            assertClose(bf.grad(), bc.grad());
            for (int i = 0; i < n; i++) {
                assertClose(wf[i].grad(), wc[i].grad());
                assertClose(xf[i].grad(), xc[i].grad());
            }
        }
    }

    @Test
    @DisplayName("NaN and infinity in the data give IEEE results, no exception, and anomaly mode names the op")
    void nonFiniteData() {
        MLP model = new MLP(new Random(3), 2, 4, 1);
        Value nanScore = model.apply(Double.NaN, 1.0).get(0);
        assertThat(nanScore.data()).isNaN();
        Value infScore = model.apply(Double.POSITIVE_INFINITY, 1.0).get(0);
        assertThat(Double.isFinite(infScore.data())).isFalse();

        Value loss = Losses.mse(List.of(nanScore), new double[] {1.0});
        loss.backward();                                       // no exception, no hang
        assertThat(model.parameters()).anyMatch(p -> Double.isNaN(p.grad()));

        model.zeroGrad();
        Value again = Losses.mse(List.of(model.apply(Double.NaN, 1.0).get(0)), new double[] {1.0});
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> AnomalyMode.backward(again));
        assertThat(e.op()).isIn("wsum", "wsum_relu", "**", "-");
        assertThat(e.getMessage()).contains("path from the root");
    }

    @Test
    @DisplayName("setData between forward and backward: every node keeps the derivative taken in the forward pass")
    void staleData() {
        Value x = new Value(3.0);
        Value w = new Value(2.0);
        Value y = x.mul(w);                  // dy/dx = 2 recorded now
        w.setData(100.0);
        y.backward();
        assertThat(x.grad()).isEqualTo(2.0);

        Value x2 = new Value(3.0);
        Value w2 = new Value(2.0);
        Value z = new Linear(new Value[][] {{w2}}, new Value[] {new Value(0)}, false).apply(x2)[0];
        w2.setData(100.0);
        z.backward();
        assertThat(x2.grad()).isEqualTo(2.0);     // taken when the node was made, as for mul
        assertThat(z.data()).isEqualTo(6.0);      // the forward value is never recomputed
    }

    @Test
    @DisplayName("two models trained on two threads at once end exactly as when trained one after the other")
    void twoThreads() throws Exception {
        Callable<double[]> moons = () -> trainMoons(11);
        Callable<double[]> tanhAdam = () -> trainTanhAdam(12);
        double[] seqA = moons.call();
        double[] seqB = tanhAdam.call();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> a = pool.submit(moons);
            Future<double[]> b = pool.submit(tanhAdam);
            assertThat(a.get()).containsExactly(seqA);
            assertThat(b.get()).containsExactly(seqB);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @DisplayName("the library has no static mutable state: every static field is final and immutable")
    void noStaticMutableState() throws IOException {
        Pattern staticField = Pattern.compile("^\\s*(?:(?:public|protected|private)\\s+)?static\\s+(?!final\\b)(?!class\\b)"
                + "(?!record\\b)(?!interface\\b)(?!enum\\b)(?!sealed\\b)(?!abstract\\b)[\\w<>\\[\\], ]+\\s+\\w+\\s*(?:=|;)",
                Pattern.MULTILINE);
        Pattern staticFinalMutable = Pattern.compile("static\\s+final\\s+[\\w.]*(?:\\[\\]|List|Map|Set|Collection|"
                + "StringBuilder|Random|Atomic\\w+)[<\\s]", Pattern.MULTILINE);
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                for (Pattern p : List.of(staticField, staticFinalMutable)) {
                    Matcher m = p.matcher(src);
                    while (m.find()) {
                        offenders.add(f + ": " + m.group().trim());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    static double[] trainMoons(long seed) {
        double[][] x = Moons.micrograd100().features();
        double[] y = Moons.micrograd100().labels();
        MLP model = new MLP(new Random(seed), 2, 16, 16, 1);
        SGD sgd = new SGD(model.parameters(), 0.5);
        for (int k = 0; k < 30; k++) {
            List<Value> scores = new ArrayList<>();
            for (double[] row : x) {
                scores.add(model.apply(row).get(0));
            }
            Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
            model.zeroGrad();
            loss.backward();
            sgd.step();
        }
        return model.parameterValues();
    }

    static double[] trainTanhAdam(long seed) {
        MLP model = new MLP(1, new int[] {8, 1}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(seed));
        Adam adam = new Adam(model.parameters(), 0.01);
        for (int k = 0; k < 100; k++) {
            List<Value> out = new ArrayList<>();
            double[] t = new double[20];
            for (int i = 0; i < 20; i++) {
                double xi = -2 + 0.2 * i;
                out.add(model.apply(xi).get(0));
                t[i] = Math.cos(xi);
            }
            Value loss = Losses.mse(out, t);
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        return model.parameterValues();
    }

    static Value[] leaves(double[] d) {
        Value[] v = new Value[d.length];
        for (int i = 0; i < d.length; i++) {
            v[i] = new Value(d[i]);
        }
        return v;
    }

    static void assertClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
    }

    @Test
    @DisplayName("bad arguments to forward passes and optimizers name the argument and change nothing")
    void badArguments() {
        MLP model = new MLP(new Random(1), 2, 2, 1);
        double[] before = model.parameterValues();
        assertThatThrownBy(() -> model.apply((double[]) null)).isInstanceOf(NullPointerException.class).hasMessage("x == null");
        assertThatThrownBy(() -> model.apply((List<Value>) null)).isInstanceOf(NullPointerException.class).hasMessage("x == null");
        assertThatThrownBy(() -> model.apply(java.util.Arrays.asList(new Value(1), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("x contains null");
        assertThatThrownBy(() -> model.setParameterValues(null)).isInstanceOf(NullPointerException.class).hasMessage("values == null");
        SGD sgd = new SGD(model.parameters(), 0.1);
        assertThatThrownBy(() -> sgd.setLearningRate(Double.NaN)).hasMessage("lr (NaN) must be finite and >= 0");
        assertThat(model.parameterValues()).containsExactly(before);
    }
}
