package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/** Checks and converts the inputs of a forward pass. */
final class Inputs {

    private Inputs() {
    }

    /** Returns the inputs as a fresh array after checking their number and that none is null. */
    static Value[] toArray(List<Value> x, int expected) {
        if (x.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " inputs, got " + x.size());
        }
        Value[] array = x.toArray(new Value[0]);
        for (int i = 0; i < array.length; i++) {
            Objects.requireNonNull(array[i], () -> "x contains null");
        }
        return array;
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
