package io.github.micrograd4j.optim;

import io.github.micrograd4j.engine.Value;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the optimizers. */
final class Params {

    private Params() {
    }

    static Value[] copy(List<Value> params) {
        Objects.requireNonNull(params, "params == null");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params is empty: nothing to optimise");
        }
        Value[] array = params.toArray(new Value[0]);
        for (int i = 0; i < array.length; i++) {
            Objects.requireNonNull(array[i], () -> "params contains null");
        }
        return array;
    }

    /** Returns {@code x} when it is finite and {@code >= 0}. */
    static double nonNegative(String name, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " (" + x + ") must be finite and >= 0");
        }
        return x;
    }

    /** Returns {@code x} when it is in [0, 1). */
    static double fraction(String name, double x) {
        if (!(x >= 0 && x < 1)) {
            throw new IllegalArgumentException(name + " (" + x + ") must be in [0, 1)");
        }
        return x;
    }

    static void zeroGrad(Value[] params) {
        for (Value p : params) {
            p.setGrad(0.0);
        }
    }
}
