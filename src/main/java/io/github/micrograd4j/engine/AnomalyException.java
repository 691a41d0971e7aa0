package io.github.micrograd4j.engine;

import java.util.List;

/**
 * Thrown by {@link AnomalyMode#backward(Value)} at the first gradient that turns NaN or infinite: it names the
 * operation whose backward step produced it, that operation's operand values, and the path from the root.
 */
public final class AnomalyException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** The operation whose backward step produced the non-finite gradient. */
    private final String op;
    private final transient List<Double> operandValues;
    /** The index of the operand whose gradient turned non-finite. */
    private final int operand;
    private final transient List<String> path;

    AnomalyException(String op, List<Double> operandValues, int operand, double gradIn, double gradOut,
                     List<String> path) {
        super("backward of '" + op + "' made the gradient of operand " + operand + " " + gradOut
                + " (operand values " + operandValues + ", incoming gradient " + gradIn + "); path from the root: "
                + String.join(" <- ", path));
        this.op = op;
        this.operandValues = List.copyOf(operandValues);
        this.operand = operand;
        this.path = List.copyOf(path);
    }

    /**
     * Returns the operation whose backward step produced the non-finite gradient.
     *
     * @return its name, such as {@code "log"}
     */
    public String op() {
        return op;
    }

    /**
     * Returns the data of that operation's operands, in order.
     *
     * @return an unmodifiable list
     */
    public List<Double> operandValues() {
        return operandValues;
    }

    /**
     * Returns the index of the operand whose gradient turned non-finite.
     *
     * @return an index into {@link #operandValues()}
     */
    public int operand() {
        return operand;
    }

    /**
     * Returns the operations from the root down to the one that failed, each as {@code op} or
     * {@code op "label"}.
     *
     * @return an unmodifiable list, root first
     */
    public List<String> path() {
        return path;
    }
}
