package micrograd;

import java.util.List;

/** The moons demo's loss: the SVM "max-margin" hinge loss plus an L2 penalty on the parameters. */
public final class Loss {

    private Loss() {
    }

    /**
     * Task 5.1. Returns {@code mean(relu(1 - y_i * score_i))}: micrograd's {@code (1 + -yi*scorei).relu()},
     * summed and multiplied by {@code 1.0 / n}.
     *
     * @param scores one score per example
     * @param labels -1 or +1 per example
     * @return the mean hinge loss
     */
    public static Value hinge(List<Value> scores, double[] labels) {
        throw new UnsupportedOperationException("Task 5.1: return the mean of relu(1 - y_i * score_i) (micrograd: (1 + -yi*scorei).relu(), summed, times 1.0 / n)");
    }

    /**
     * Task 5.1. Returns {@code alpha * sum(p * p)} over the parameters.
     *
     * @param parameters the parameters
     * @param alpha      the strength
     * @return the penalty
     */
    public static Value l2(List<Value> parameters, double alpha) {
        throw new UnsupportedOperationException("Task 5.1: return alpha * the sum of p * p over the parameters");
    }

    /**
     * Task 5.1. Returns the fraction of examples whose score has the sign of their label.
     *
     * @param scores one score per example
     * @param labels -1 or +1 per example
     * @return the accuracy, between 0 and 1
     */
    public static double accuracy(List<Value> scores, double[] labels) {
        throw new UnsupportedOperationException("Task 5.1: return the fraction of examples whose score has the sign of their label");
    }
}
