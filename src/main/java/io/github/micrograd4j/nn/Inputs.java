package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/** Checks the inputs of a forward pass. */
final class Inputs {

    private Inputs() {
    }

    /** Checks an input list's length: the message names both lengths. */
    static void check(List<Value> x, int expected) {
        if (x.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " inputs, got " + x.size());
        }
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
