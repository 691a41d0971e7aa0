package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Functions over vectors of values that models are built from, PyTorch's {@code torch.nn.functional}: the softmax
 * and the RMS norm of Karpathy's microgpt, made of the engine's ordinary operations.
 *
 * <pre>{@code
 * List<Value> p = Functions.softmax(List.of(new Value(1.0), new Value(2.0), new Value(3.0)));
 * System.out.println(p.get(2).data());          // 0.6652409557748218
 * List<Value> y = Functions.rmsNorm(List.of(new Value(3.0), new Value(4.0)));
 * System.out.println(y.get(1).data());          // 1.1313703973504077
 * }</pre>
 */
public final class Functions {

    /** The {@code eps} added to the mean square in {@link #rmsNorm(List)}: {@value}, as microgpt adds. */
    public static final double RMS_EPS = 1e-5;

    private Functions() {
    }

    /**
     * Returns the softmax of the logits, {@code exp(l_i - max) / sum_j exp(l_j - max)}: probabilities in (0, 1]
     * that sum to 1. The largest logit is subtracted first, so that no exponential overflows: logits of
     * &plusmn;800 give finite probabilities. The softmax does not depend on the shift, so its node, {@code max},
     * passes no gradient back (its partials are 0): the gradients are those of subtracting a constant, as in
     * microgpt. It is a node rather than a constant so that a {@link io.github.micrograd4j.engine.Tape Tape}
     * recomputes it: a replay shifts by the largest logit of its own data, not of the recording's.
     *
     * @param logits the scores, at least one
     * @return the probabilities, an unmodifiable list
     * @throws IllegalArgumentException if {@code logits} is empty
     * @throws NullPointerException     if {@code logits} or an element is null
     */
    public static List<Value> softmax(List<Value> logits) {
        Objects.requireNonNull(logits, "logits == null");
        if (logits.isEmpty()) {
            throw new IllegalArgumentException("logits is empty");
        }
        for (Value l : logits) {
            Objects.requireNonNull(l, "logits contains null");
        }
        Value max = shift(logits.size()).apply(logits.toArray(new Value[0]));
        List<Value> exps = new ArrayList<>(logits.size());
        for (Value l : logits) {
            exps.add(l.sub(max).exp());
        }
        Value total = Value.sum(exps);
        List<Value> probs = new ArrayList<>(exps.size());
        for (Value e : exps) {
            probs.add(e.div(total));
        }
        return Collections.unmodifiableList(probs);
    }

    /** The largest of n operands, with partials 0: the softmax's shift. */
    private static CustomOp shift(int n) {
        return CustomOp.of("max", n, in -> {
            double max = Double.NEGATIVE_INFINITY;
            for (double l : in) {
                max = Math.max(max, l);
            }
            return max;
        }, (in, y, p) -> {
        }).withGraphPartials((in, y, p) -> {                  // partials left 0, as numbers and as nodes
        });
    }

    /**
     * Returns the root-mean-square norm of {@code x}: each {@code x_i * (mean(x^2) + eps)^-1/2} with
     * {@code eps = }{@link #RMS_EPS}, as microgpt normalises (no learned gain).
     *
     * @param x the vector, at least one value
     * @return the normalised vector, an unmodifiable list
     * @throws IllegalArgumentException if {@code x} is empty
     * @throws NullPointerException     if {@code x} or an element is null
     */
    public static List<Value> rmsNorm(List<Value> x) {
        Objects.requireNonNull(x, "x == null");
        if (x.isEmpty()) {
            throw new IllegalArgumentException("x is empty");
        }
        Value meanSquare = Value.dot(x, x).mul(1.0 / x.size());
        Value scale = meanSquare.add(RMS_EPS).pow(-0.5);
        List<Value> out = new ArrayList<>(x.size());
        for (Value xi : x) {
            out.add(xi.mul(scale));
        }
        return Collections.unmodifiableList(out);
    }
}
