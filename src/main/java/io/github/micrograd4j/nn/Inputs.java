package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.Objects;

/** Makes the inputs of a forward pass from plain numbers. */
final class Inputs {

    private Inputs() {
    }

    /** Returns each number as a new leaf, after checking their count. */
    static Value[] leaves(double[] x, int expected) {
        Objects.requireNonNull(x, "x == null");
        if (x.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " inputs, got " + x.length);
        }
        Value[] leaves = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = new Value(x[i]);
        }
        return leaves;
    }
}
