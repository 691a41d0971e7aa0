package micrograd;

import java.util.ArrayList;
import java.util.List;

/**
 * Part 6: the functions of vectors that microgpt's GPT is made of. A vector is a {@code List<Value>}; a matrix is a
 * {@code Value[][]}, one row per output. Everything here is made of your {@link Value} operations, so backward
 * reaches through all of it with nothing new to write.
 */
public final class Vectors {

    /** What RMS norm adds to the mean square before its square root, so that a vector of zeros has no 1 / 0. */
    public static final double RMS_EPS = 1e-5;

    private Vectors() {
    }

    /**
     * Task 6.1. Returns the probabilities {@code exp(l_i) / sum_j exp(l_j)} of the logits: each in (0, 1), summing
     * to 1. As microgpt does, it first subtracts the largest logit's {@code data()} (a plain number) from every
     * logit: the quotients do not change, and no {@code exp} overflows.
     *
     * @param logits the scores, any real numbers
     * @return one probability per logit
     */
    public static List<Value> softmax(List<Value> logits) {
        throw new UnsupportedOperationException("Task 6.1: return exp(l_i - max) / the sum of them all, with max the largest logit's data()");
    }

    /**
     * Task 6.1. Returns the negative log-likelihood of one target: {@code -log(softmax(logits)[target])}, how
     * surprised the model is by the right answer (0 if it gave it probability 1).
     *
     * @param logits the scores of every token
     * @param target the index of the right one
     * @return the loss
     */
    public static Value nll(List<Value> logits, int target) {
        throw new UnsupportedOperationException("Task 6.1: return -log of softmax(logits)'s probability of the target");
    }

    /**
     * Task 6.2. Returns microgpt's RMS norm of x: {@code ms = sum(x_i * x_i) / n}, {@code scale = (ms + 1e-5)^-0.5},
     * and each {@code x_i * scale}, so that the result's mean square is about 1.
     *
     * @param x the vector
     * @return x scaled to a root mean square of about 1
     */
    public static List<Value> rmsnorm(List<Value> x) {
        throw new UnsupportedOperationException("Task 6.2: ms = sum(x_i * x_i) / n, scale = (ms + RMS_EPS)^-0.5; return each x_i * scale");
    }

    /**
     * Task 6.2. Returns {@code w x}, with no bias: output o is {@code w[o][0] x_0 + w[o][1] x_1 + ...}, summed in that
     * order.
     *
     * @param x the input, one value per column of w
     * @param w the matrix, one row per output
     * @return one value per row of w
     */
    public static List<Value> linear(List<Value> x, Value[][] w) {
        throw new UnsupportedOperationException("Task 6.2: return one value per row o of w: w[o][0] * x_0 + w[o][1] * x_1 + ... (no bias)");
    }

    /**
     * Task 6.3. Returns {@code a + b}, element by element: how a GPT joins a token's row and a position's row, and
     * adds a block's output to its input (the residual).
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the sum
     */
    public static List<Value> add(List<Value> a, List<Value> b) {
        throw new UnsupportedOperationException("Task 6.3: return a_i + b_i for each i");
    }
}
