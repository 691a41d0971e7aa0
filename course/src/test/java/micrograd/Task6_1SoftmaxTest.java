package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.1")
@DisplayName("Task 6.1  log, softmax, a target's loss   Value.log, Vectors.softmax, nll")
class Task6_1SoftmaxTest {

    static final String SOFTMAX = "exp of each logit, divided by the sum of all the exps; first subtract the largest"
            + " logit's data() from every logit (l.sub(max)): the quotients stay the same";

    /** The hint when a softmax gives NaN or Infinity for large logits: the max shift is missing. */
    static final String SHIFT = "subtract the largest logit's data() from every logit before exp (l.sub(max)): the"
            + " quotients stay the same, and no exp overflows to Infinity (above 709.78) or underflows to 0, which"
            + " make NaN";

    /** Returns the softmax of x in doubles, from its formula. */
    static double[] softmax(double... x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double xi : x) {
            max = Math.max(max, xi);
        }
        double sum = 0;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    @Order(1)
    @DisplayName("log(2) = 0.693...; its slope is 1 / x")
    void log() {
        Value v = new Value(2).log();
        Expect.close("new Value(2).log().data()", Math.log(2), v.data(), 1e-15, "Math.log(x)");
        Expect.text("the label of a.log(), its op()", "log", v.op(), Checks.LABELS);
        Expect.close("log's local derivative at 2", 0.5, v.localGrads()[0], 1e-15, "d ln(x)/dx = 1 / x");
        Checks.localGradsMatchSlopes("log(a)", 1, 0.1, 5, a -> a[0].log(), "1 / a");
    }

    @Test
    @Order(2)
    @DisplayName("softmax(1, 2, 3, -1): probabilities exp(l_i) / sum exp(l_j), summing to 1")
    void probabilities() {
        double[] logits = {1, 2, 3, -1};
        double[] expected = softmax(logits);
        List<Value> p = Vectors.softmax(List.of(Checks.leaves(logits)));
        Expect.equal("Vectors.softmax of 4 logits gives one probability per logit", 4, p.size(), SOFTMAX);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            Expect.close("probability " + i + " of softmax(1, 2, 3, -1)", expected[i], p.get(i).data(), 1e-15, SOFTMAX);
            sum += p.get(i).data();
        }
        Expect.close("the probabilities of softmax(1, 2, 3, -1) add up to 1", 1.0, sum, 1e-15, SOFTMAX);
    }

    @Test
    @Order(3)
    @DisplayName("softmax of logits of +-800 is finite: (800, -800, 799) and (-800, -801, -799)")
    void largeLogits() {
        for (double[] logits : new double[][] {{800, -800, 799}, {-800, -801, -799}}) {
            double[] expected = softmax(logits);
            Value[] leaves = Checks.leaves(logits);
            List<Value> p = Vectors.softmax(List.of(leaves));
            String name = "softmax" + Checks.show(logits).replace('[', '(').replace(']', ')');
            for (int i = 0; i < logits.length; i++) {
                double got = p.get(i).data();
                Expect.that(Double.isFinite(got), "probability " + i + " of " + name + " is a number",
                        expected[i], got, SHIFT);
                Expect.close("probability " + i + " of " + name, expected[i], got, 1e-15, SOFTMAX);
            }
            p.get(0).backward();
            for (Value l : leaves) {
                Expect.that(Double.isFinite(l.grad()), "backward() of probability 0 of " + name + " gives every"
                        + " logit a finite grad", "finite grads", l.grad(), SHIFT);
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("softmax's gradient matches nudging, every probability on every logit, at 100 random points")
    void gradient() {
        for (int k = 0; k < 3; k++) {
            int out = k;
            Checks.gradientsMatchSlopes("softmax(a, b, c)[" + k + "]", 3, -4, 4,
                    v -> Vectors.softmax(List.of(v)).get(out),
                    "build softmax from Value operations (sub, exp, add, div): each probability depends on every"
                            + " logit through the sum, and backward follows the graph");
        }
    }

    @Test
    @Order(5)
    @DisplayName("nll: -log of the target's probability, with gradient p_i - (1 at the target)")
    void nll() {
        double[] logits = {0.5, -1, 2, 0.25};
        double[] p = softmax(logits);
        Value[] leaves = Checks.leaves(logits);
        Value loss = Vectors.nll(List.of(leaves), 1);
        Expect.close("Vectors.nll((0.5, -1, 2, 0.25), 1) = -log(softmax(...)[1])", -Math.log(p[1]), loss.data(),
                1e-14, "softmax(logits).get(target).log().neg()");
        loss.backward();
        for (int i = 0; i < 4; i++) {
            Expect.close("d nll / d logit " + i + " (the target is 1): p_" + i + (i == 1 ? " - 1" : ""),
                    p[i] - (i == 1 ? 1 : 0), leaves[i].grad(), 1e-14,
                    "build nll from your softmax and Value operations (log, neg), so backward reaches every logit");
        }
        Value far = Vectors.nll(List.of(Checks.leaves(800, -800, 799)), 0);
        Expect.close("Vectors.nll((800, -800, 799), 0) = log(1 + e^-1)", Math.log1p(Math.exp(-1)), far.data(),
                1e-14, Double.isFinite(far.data()) ? "softmax(logits).get(target).log().neg()" : SHIFT);
    }
}
