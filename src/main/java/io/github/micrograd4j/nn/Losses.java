package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Loss functions over a batch, each named for what it measures and each returning the <em>mean</em> over the
 * examples (so the batch size does not change the effective learning rate) as one {@link Value} to call
 * {@code backward()} on. Each takes the model's raw outputs (scores, logits) and the targets, as numbers or as
 * values: the second form is the one to record once with a {@link io.github.micrograd4j.engine.Tape Tape} and
 * replay over mini-batches, each target a leaf set to the next example's.
 *
 * <pre>{@code
 * MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
 * double[][] points = {{0.5, -1.0}, {-0.3, 0.8}, {1.2, 0.1}};
 * double[] labels = {1, -1, 1};                   // hinge labels are -1 or +1
 * List<Value> scores = new ArrayList<>();
 * for (double[] x : points) {
 *     scores.add(model.apply(x).get(0));         // one model output per example
 * }
 * Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters(), 1e-4));
 * loss.backward();
 * }</pre>
 *
 * The hinge loss and the cross-entropies are operations of their own ({@link CustomOp}s: {@code "hinge"},
 * {@code "xent"}, {@code "bce"}), the cross-entropies computed with the log-sum-exp trick so that they stay finite,
 * with exact gradients, for logits of any size; the squared error and the L2 penalty are built from ordinary ops.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Returns the SVM max-margin loss {@code mean(relu(1 - y_i * score_i))}, micrograd's moons loss, as one node
     * ({@code op()} {@code "hinge"}) over the scores and the labels. Its value is micrograd's
     * {@code sum((1 + -y_i * score_i).relu() for ...) * (1 / n)} to the bit, and so are the gradients it passes:
     * {@code -y_i / n} to each score inside the margin, 0 outside.
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
            checkLabel(labels[i], i);
        }
        return hingeOp(labels.clone()).apply(scores.toArray(new Value[0]));
    }

    /**
     * Returns the SVM max-margin loss {@code mean(relu(1 - y_i * score_i))} with the labels as values, so that a
     * recorded tape can be fed another batch's labels. See {@link #hinge(List, double[])}.
     *
     * @param scores one score per example
     * @param labels the classes as values holding -1 or +1, one per score (checked whenever the loss is computed)
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples or a label is not -1 or +1
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value hinge(List<Value> scores, List<Value> labels) {
        int n = checkBatch(scores, "scores", labels, "labels");
        Value[] operands = new Value[2 * n];
        for (int i = 0; i < n; i++) {
            operands[i] = scores.get(i);
            operands[n + i] = labels.get(i);
        }
        return hingeOp(n).apply(operands);
    }

    /** The mean hinge loss over the scores, with the labels as constants (see {@link #hingeOp(int)}). */
    private static CustomOp hingeOp(double[] labels) {
        int n = labels.length;
        double scale = 1.0 / n;
        return CustomOp.of("hinge", n, x -> {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += Math.max(0.0, x[i] * -labels[i] + 1.0);
            }
            return sum * scale;
        }, (x, y, p) -> {
            for (int i = 0; i < n; i++) {
                if (!(x[i] * -labels[i] + 1.0 <= 0)) {
                    p[i] = -labels[i] * scale;
                }
            }
        }).withGraphPartials((x, y, p) -> {
            for (int i = 0; i < n; i++) {
                if (!(x[i].data() * -labels[i] + 1.0 <= 0)) {
                    p[i] = new Value(-labels[i] * scale);           // piecewise constant in the score
                }
            }
        });
    }

    private static void checkLabel(double y, int i) {
        if (y != 1 && y != -1) {
            throw new IllegalArgumentException("labels[" + i + "] (" + y + ") must be -1 or +1");
        }
    }

    /**
     * The mean hinge loss over the operands {@code s[0..n), y[0..n)}: each term is micrograd's
     * {@code (1 + -y * s).relu()}, the terms added from 0 in order, the sum times {@code 1 / n}. A term's partials
     * are {@code -y / n} for its score and {@code -s / n} for its label where the term is positive, else 0 (with
     * labels of +-1 these are the numbers micrograd's chain of nodes passes back, to the bit).
     */
    private static CustomOp hingeOp(int n) {
        double scale = 1.0 / n;
        return CustomOp.of("hinge", 2 * n, x -> {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                checkLabel(x[n + i], i);
                sum += Math.max(0.0, x[i] * -x[n + i] + 1.0);
            }
            return sum * scale;
        }, (x, y, p) -> {
            for (int i = 0; i < n; i++) {
                if (!(x[i] * -x[n + i] + 1.0 <= 0)) {              // the ReLU is on (NaN passes, as relu's)
                    p[i] = -x[n + i] * scale;
                    p[n + i] = -x[i] * scale;
                }
            }
        }).withGraphPartials((x, y, p) -> {                       // linear in each operand where the ReLU is on
            for (int i = 0; i < n; i++) {
                if (!(x[i].data() * -x[n + i].data() + 1.0 <= 0)) {
                    p[i] = x[n + i].mul(-scale);
                    p[n + i] = x[i].mul(-scale);
                }
            }
        });
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
     * Returns the mean squared error with the targets as values, so that a recorded tape can be fed another
     * batch's targets: the same numbers as {@link #mse(List, double[])}, bit for bit.
     *
     * @param predictions one prediction per example
     * @param targets     one target value per example
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ or there are no examples
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value mse(List<Value> predictions, List<Value> targets) {
        int n = checkBatch(predictions, "predictions", targets, "targets");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            terms[i] = predictions.get(i).sub(targets.get(i)).pow(2);
        }
        return mean(terms);
    }

    /**
     * Returns the binary cross-entropy of logits, {@code mean(-t log s(z) - (1 - t) log(1 - s(z)))} with
     * {@code s} the sigmoid, computed as {@code max(z, 0) - z t + log(1 + e^-|z|)}. Gradient:
     * {@code (s(z_i) - t_i) / n}. Each example's term is one {@link CustomOp} node over its logit and its target
     * (a constant leaf here), so a {@link io.github.micrograd4j.engine.Tape Tape} can replay it.
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
        return binaryCrossEntropyWithLogits(logits, constants(targets));
    }

    /**
     * Returns the binary cross-entropy of logits against targets that are themselves values: the form to record
     * once and replay over mini-batches, with each target a leaf whose {@link Value#setData(double) data} the
     * training loop sets to the next example's target before {@code Tape.forward()}. The same numbers as
     * {@link #binaryCrossEntropyWithLogits(List, double[])}. Each term is one node, {@code op()} {@code "bce"},
     * with the local derivatives {@code d/dz = s(z) - t} and {@code d/dt = -z}, also given as nodes, so that
     * {@link io.github.micrograd4j.engine.Autograd#grad(Value, List) Autograd.grad} differentiates it again
     * ({@code d2/dz2 = s(z)(1 - s(z))}).
     *
     * @param logits  one logit per example
     * @param targets one target per example, whose data must be in [0, 1] whenever the loss is computed
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples, or (here or when a tape
     *                                  replays the loss) a target's data is outside [0, 1] or NaN
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value binaryCrossEntropyWithLogits(List<Value> logits, List<Value> targets) {
        int n = checkBatch(logits, "logits", targets, "targets");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            terms[i] = BCE.apply(logits.get(i), targets.get(i));
        }
        return mean(terms);
    }

    /** {@code max(z, 0) - z t + log(1 + e^-|z|)} of (z, t), with d/dz = sigmoid(z) - t and d/dt = -z. */
    private static final CustomOp BCE = CustomOp.of("bce", 2, in -> {
        double z = in[0];
        double t = in[1];
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("target (" + t + ") must be in [0, 1]");
        }
        return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    }, (in, y, p) -> {
        double z = in[0];
        double s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        p[0] = s - in[1];
        p[1] = -z;
    }).withGraphPartials((in, y, p) -> {                    // the same partials as nodes, for Autograd.grad
        p[0] = in[0].sigmoid().sub(in[1]);
        p[1] = in[0].neg();
    });

    /**
     * Returns the mean softmax cross-entropy over a batch, PyTorch's {@code cross_entropy}: for each example
     * {@code -log softmax(logits_i)[targets_i]}, each one node ({@code op()} {@code "xent"}) over its logits and its
     * target, computed with the log-sum-exp trick so that it stays finite (with exact gradients) for logits of any
     * size, such as &plusmn;1000. Local derivatives {@code d/dz_j = softmax(z)_j - [j == target]}, and 0 for the
     * target (a class index is not a differentiable quantity). One example is a batch of one:
     * {@code crossEntropy(List.of(logits), new int[] {target})}.
     *
     * @param logits  the class scores of each example
     * @param targets the true class of each example, an index into that example's logits
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples, an example has no logits or a
     *                                  target is not a valid index (the message names the example and the value,
     *                                  such as {@code "targets[1] (3) must be in [0, 3)"})
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value crossEntropy(List<List<Value>> logits, int[] targets) {
        Objects.requireNonNull(logits, "logits == null");
        Objects.requireNonNull(targets, "targets == null");
        checkSizes(logits, targets.length);
        for (int i = 0; i < targets.length; i++) {
            int k = row(logits, i).size();
            if (targets[i] < 0 || targets[i] >= k) {
                throw new IllegalArgumentException(
                        "targets[" + i + "] (" + targets[i] + ") must be in [0, " + k + ")");
            }
        }
        List<Value> t = new ArrayList<>(targets.length);
        for (int c : targets) {
            t.add(new Value(c));
        }
        return crossEntropy(logits, t);
    }

    /**
     * Returns the mean softmax cross-entropy over a batch whose target classes are values: the form that a
     * recorded {@link io.github.micrograd4j.engine.Tape Tape} replays over mini-batches (and the trainer of the
     * {@code train} package uses), each target a leaf set to the next example's class. The same numbers as
     * {@link #crossEntropy(List, int[])}, bit for bit.
     *
     * @param logits  the class scores of each example
     * @param targets the true class of each example, a value whose data is a whole number in [0, k)
     * @return the mean loss
     * @throws IllegalArgumentException if the sizes differ, there are no examples, an example has no logits, or
     *                                  (here or when a tape replays the loss) a target's data is not a whole
     *                                  number in [0, k) (the message names the value and the range)
     * @throws NullPointerException     if an argument or an element is null
     */
    public static Value crossEntropy(List<List<Value>> logits, List<Value> targets) {
        Objects.requireNonNull(logits, "logits == null");
        Objects.requireNonNull(targets, "targets == null");
        checkSizes(logits, targets.size());
        Value[] terms = new Value[targets.size()];
        CustomOp op = null;
        for (int i = 0; i < terms.length; i++) {
            List<Value> z = row(logits, i);
            int at = i;
            Value t = Objects.requireNonNull(targets.get(i), () -> "targets[" + at + "] == null");
            if (op == null || op.arity() != z.size() + 1) {
                op = crossEntropyOp(z.size());           // one op per number of classes, usually one in all
            }
            terms[i] = op.apply(operands(z, t));
        }
        return mean(terms);
    }

    /**
     * The softmax cross-entropy of {@code k} logits and a class index, as one operation of {@code k + 1}
     * operands: {@code max + log(sum_j e^(z_j - max)) - z_target}, and the partials
     * {@code e^(z_j - max) / sum - [j == target]}, 0 for the target.
     */
    private static CustomOp crossEntropyOp(int k) {
        return CustomOp.of("xent", k + 1, in -> {
            int target = classIndex(in[k], k);
            double max = max(in, k);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(in[j] - max);
            }
            return max + Math.log(sum) - in[target];
        }, (in, y, p) -> {
            int target = classIndex(in[k], k);
            double max = max(in, k);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(in[j] - max);
                sum += p[j];
            }
            for (int j = 0; j < k; j++) {
                p[j] = p[j] / sum - (j == target ? 1 : 0);
            }
            p[k] = 0;
        }).withGraphPartials((in, y, p) -> {                // as nodes: softmax(z)_j - [j == target]
            int target = classIndex(in[k].data(), k);
            List<Value> softmax = Functions.softmax(Arrays.asList(in).subList(0, k));
            for (int j = 0; j < k; j++) {
                p[j] = j == target ? softmax.get(j).sub(1.0) : softmax.get(j);
            }                                                 // the target's partial stays null: 0
        });
    }

    /** The largest of the first k logits. */
    private static double max(double[] z, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[j]);
        }
        return max;
    }

    /** The class a target value names: a whole number in [0, k). */
    private static int classIndex(double target, int k) {
        if (!(target >= 0 && target < k) || target != Math.rint(target)) {
            throw new IllegalArgumentException("target (" + target + ") must be a whole number in [0, " + k + ")");
        }
        return (int) target;
    }

    private static Value[] operands(List<Value> logits, Value target) {
        Value[] in = new Value[logits.size() + 1];
        for (int j = 0; j < logits.size(); j++) {
            in[j] = Objects.requireNonNull(logits.get(j), "logits contains null");
        }
        in[logits.size()] = target;
        return in;
    }

    private static void checkSizes(List<List<Value>> logits, int targets) {
        if (logits.size() != targets) {
            throw new IllegalArgumentException(
                    "logits.size() (" + logits.size() + ") != targets.length (" + targets + ")");
        }
        if (targets == 0) {
            throw new IllegalArgumentException("the batch is empty");
        }
    }

    private static List<Value> row(List<List<Value>> logits, int i) {
        List<Value> row = Objects.requireNonNull(logits.get(i), "logits contains null");
        if (row.isEmpty()) {
            throw new IllegalArgumentException("logits[" + i + "] is empty");
        }
        return row;
    }

    private static List<Value> constants(double[] data) {
        List<Value> values = new ArrayList<>(data.length);
        for (double d : data) {
            values.add(new Value(d));
        }
        return values;
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
        // sum(p_i * p_i) as one dot product of the parameters with themselves: the same additions, in the same
        // order, as a sum of p.mul(p) nodes, and each p receives p * grad twice, as from p.mul(p)
        List<Value> list = Arrays.asList(p);
        return Value.dot(list, list).mul(alpha);
    }

    private static Value mean(Value[] terms) {
        return Value.sum(terms).mul(1.0 / terms.length);
    }

    /** Checks one batch and returns its size; the messages use the caller's parameter names. */
    private static int checkBatch(List<Value> outputs, String outputsName, double[] targets, String targetsName) {
        Objects.requireNonNull(targets, () -> targetsName + " == null");
        return checkBatch(outputs, outputsName, targets.length, targetsName + ".length");
    }

    /** As above, for targets that are values. */
    private static int checkBatch(List<Value> outputs, String outputsName, List<Value> targets, String targetsName) {
        Objects.requireNonNull(targets, () -> targetsName + " == null");
        int n = checkBatch(outputs, outputsName, targets.size(), targetsName + ".size()");
        for (int i = 0; i < n; i++) {
            int at = i;
            Objects.requireNonNull(targets.get(i), () -> targetsName + "[" + at + "] == null");
        }
        return n;
    }

    private static int checkBatch(List<Value> outputs, String outputsName, int targets, String targetsSize) {
        Objects.requireNonNull(outputs, () -> outputsName + " == null");
        if (outputs.size() != targets) {
            throw new IllegalArgumentException(outputsName + ".size() (" + outputs.size() + ") != " + targetsSize
                    + " (" + targets + ")");
        }
        if (targets == 0) {
            throw new IllegalArgumentException("the batch is empty");
        }
        for (int i = 0; i < targets; i++) {
            int at = i;
            Objects.requireNonNull(outputs.get(i), () -> outputsName + "[" + at + "] == null");
        }
        return targets;
    }
}
