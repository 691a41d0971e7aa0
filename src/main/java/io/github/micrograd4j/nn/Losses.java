package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/**
 * Loss functions over a batch. Each returns the <em>mean</em> over the examples, so the batch size does not
 * change the effective learning rate, and each is one {@link Value} to call {@code backward()} on.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * double[][] points = {{0.5, -1.0}, {-0.3, 0.8}, {1.2, 0.1}};
 * double[] labels = {1, -1, 1};                   // hinge labels are -1 or +1
 * List<Value> scores = new ArrayList<>();
 * for (double[] x : points) {
 *     scores.add(model.applyAsValue(x));         // one model output per example
 * }
 * Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters(), 1e-4));
 * loss.backward();
 * }</pre>
 *
 * The two cross-entropies are built as one node per example with the log-sum-exp trick, so they stay finite
 * (with exact gradients) for logits of any size, such as &plusmn;1000.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Returns the SVM max-margin loss {@code mean(relu(1 - y_i * score_i))}, micrograd's moons loss.
     * Gradient: {@code -y_i / n} for each example inside the margin, 0 outside. Each example's term is one node,
     * a ReLU weighted sum with bias 1 and weight {@code -y_i} ({@code op()} {@code "wsum_relu"}); its value and
     * gradients are those of micrograd's {@code (1 + -y_i * score_i).relu()} to the bit.
     *
     * @param scores one score per example
     * @param labels the classes as -1 or +1, one per score (0/1 labels are refused: with a 0 label an example
     *               would pull its score toward the margin from neither side)
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples or a label is not -1 or +1
     *                                  (the message names its index and value, such as
     *                                  {@code "labels[3] (0.0) must be -1 or +1"})
     * @throws NullPointerException     if an argument or a score is null
     */
    public static Value hinge(List<Value> scores, double[] labels) {
        int n = checkBatch(scores, "scores", labels, "labels");
        for (int i = 0; i < n; i++) {
            if (labels[i] != 1 && labels[i] != -1) {
                throw new IllegalArgumentException("labels[" + i + "] (" + labels[i] + ") must be -1 or +1");
            }
        }
        // relu(1 + (-y) * score) as one node per example, a ReLU unit with bias 1 and weight -y: the same
        // numbers, to the bit, as score.mul(-y).add(1).relu(), and score receives -y * relu' * grad
        Value one = new Value(1.0);
        Value[] minusY = {new Value(1.0), new Value(-1.0)};    // -y for y = -1 and for y = +1
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            Value[] weight = {minusY[labels[i] > 0 ? 1 : 0]};
            terms[i] = Value.weightedSum(one, weight, new Value[] {scores.get(i)}, true);
        }
        return mean(terms);
    }

    /**
     * Returns the mean squared error {@code mean((p_i - t_i)^2)}. Gradient: {@code 2 (p_i - t_i) / n}.
     *
     * @param predictions one prediction per example
     * @param targets     the targets, one per prediction
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ or there are no examples
     * @throws NullPointerException     if an argument or a prediction is null
     */
    public static Value mse(List<Value> predictions, double[] targets) {
        int n = checkBatch(predictions, "predictions", targets, "targets");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            terms[i] = predictions.get(i).sub(targets[i]).pow(2);
        }
        return mean(terms);
    }

    /**
     * Returns the binary cross-entropy of logits, {@code mean(-t log s(z) - (1 - t) log(1 - s(z)))} with
     * {@code s} the sigmoid, computed as {@code max(z, 0) - z t + log(1 + e^-|z|)}. Gradient:
     * {@code (s(z_i) - t_i) / n}.
     *
     * @param logits  one logit (an unbounded score) per example
     * @param targets the probability of class 1 for each example, in [0, 1] (usually 0 or 1; -1/+1 labels
     *                are refused)
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples or a target is outside [0, 1]
     *                                  or NaN (the message names its index and value, such as
     *                                  {@code "targets[0] (-1.0) must be in [0, 1]"})
     * @throws NullPointerException     if an argument or a logit is null
     */
    public static Value binaryCrossEntropyWithLogits(List<Value> logits, double[] targets) {
        int n = checkBatch(logits, "logits", targets, "targets");
        for (int i = 0; i < n; i++) {
            if (!(targets[i] >= 0 && targets[i] <= 1)) {
                throw new IllegalArgumentException("targets[" + i + "] (" + targets[i] + ") must be in [0, 1]");
            }
        }
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            double t = targets[i];
            Value z = logits.get(i);
            double x = z.data();
            double loss = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
            double s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            terms[i] = Value.custom("bce", loss, z, s - t);
        }
        return mean(terms);
    }

    /**
     * Returns the softmax cross-entropy of one example, {@code -log(softmax(z)[target])}, computed as
     * {@code logsumexp(z) - z[target]} with the maximum subtracted first. Gradient:
     * {@code softmax(z)_k - [k == target]}.
     *
     * @param logits the class scores of one example
     * @param target the index of the true class
     * @return the loss of this example
     * @throws IllegalArgumentException if {@code logits} is empty or {@code target} is out of range
     * @throws NullPointerException     if {@code logits} or an element is null
     */
    public static Value crossEntropy(List<Value> logits, int target) {
        Objects.requireNonNull(logits, "logits == null");
        int k = logits.size();
        if (k == 0) {
            throw new IllegalArgumentException("logits is empty");
        }
        if (target < 0 || target >= k) {
            throw new IllegalArgumentException("target (" + target + ") must be in [0, " + k + ")");
        }
        Value[] z = logits.toArray(new Value[0]);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, Objects.requireNonNull(z[j], "logits contains null").data());
        }
        double sum = 0;
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp(z[j].data() - max);
            sum += e[j];
        }
        double loss = max + Math.log(sum) - z[target].data();
        double[] partials = new double[k];
        for (int j = 0; j < k; j++) {
            partials[j] = e[j] / sum - (j == target ? 1 : 0);
        }
        return Value.custom("xent", loss, z, partials);
    }

    /**
     * Returns the mean softmax cross-entropy over a batch: {@code mean(crossEntropy(logits_i, targets_i))}.
     *
     * @param logits  the class scores of each example
     * @param targets the true class of each example, an index into that example's logits
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples, an example has no logits or a
     *                                  target is not a valid index (the message names the example and the value,
     *                                  such as {@code "targets[1] (3) must be in [0, 3)"})
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value softmaxCrossEntropy(List<List<Value>> logits, int[] targets) {
        Objects.requireNonNull(logits, "logits == null");
        Objects.requireNonNull(targets, "targets == null");
        if (logits.size() != targets.length) {
            throw new IllegalArgumentException(
                    "logits.size() (" + logits.size() + ") != targets.length (" + targets.length + ")");
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("the batch is empty");
        }
        for (int i = 0; i < targets.length; i++) {
            List<Value> row = Objects.requireNonNull(logits.get(i), "logits contains null");
            if (row.isEmpty()) {
                throw new IllegalArgumentException("logits[" + i + "] is empty");
            }
            if (targets[i] < 0 || targets[i] >= row.size()) {
                throw new IllegalArgumentException(
                        "targets[" + i + "] (" + targets[i] + ") must be in [0, " + row.size() + ")");
            }
        }
        Value[] terms = new Value[targets.length];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = crossEntropy(logits.get(i), targets[i]);
        }
        return mean(terms);
    }

    /**
     * Returns the L2 penalty {@code alpha * sum(p^2)} over the parameters (a sum, not a mean, as in micrograd).
     * Gradient: {@code 2 alpha p}. The sum of squares is one node, the weighted sum of the parameters with
     * themselves; its value and gradients are those of micrograd's {@code sum(p * p for p in parameters)} to the
     * bit.
     *
     * @param parameters the parameters to penalise, such as {@code model.parameters()}
     * @param alpha      the strength, finite and &ge; 0
     * @return the penalty
     * @throws IllegalArgumentException if {@code alpha} is negative or not finite, or there are no parameters
     * @throws NullPointerException     if {@code parameters} or an element is null
     */
    public static Value l2(List<Value> parameters, double alpha) {
        Objects.requireNonNull(parameters, "parameters == null");
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha (" + alpha + ") must be finite and >= 0");
        }
        Value[] p = new Value[parameters.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Objects.requireNonNull(parameters.get(i), "parameters contains null");
        }
        if (p.length == 0) {
            throw new IllegalArgumentException("parameters is empty");
        }
        // sum(p_i * p_i) as one weighted sum of the parameters with themselves: the same additions, in the same
        // order, as a sum of p.mul(p) nodes, and each p receives p * grad twice, as from p.mul(p)
        return Value.weightedSum(new Value(0.0), p, p).mul(alpha);
    }

    private static Value mean(Value[] terms) {
        return Value.sum(terms).mul(1.0 / terms.length);
    }

    /** Checks one batch and returns its size; the messages use the caller's parameter names. */
    private static int checkBatch(List<Value> outputs, String outputsName, double[] targets, String targetsName) {
        Objects.requireNonNull(outputs, () -> outputsName + " == null");
        Objects.requireNonNull(targets, () -> targetsName + " == null");
        if (outputs.size() != targets.length) {
            throw new IllegalArgumentException(outputsName + ".size() (" + outputs.size() + ") != " + targetsName
                    + ".length (" + targets.length + ")");
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("the batch is empty");
        }
        for (int i = 0; i < targets.length; i++) {
            int at = i;
            Objects.requireNonNull(outputs.get(i), () -> outputsName + "[" + at + "] == null");
        }
        return targets.length;
    }
}
