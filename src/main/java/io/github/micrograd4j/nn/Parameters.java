package io.github.micrograd4j.nn;

import io.github.micrograd4j.engine.Value;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A module's parameters in order: an array to loop over and the unmodifiable list {@code parameters()} returns. */
final class Parameters {

    private final Value[] all;
    final List<Value> list;

    Parameters(List<Value> params) {
        this.all = params.toArray(new Value[0]);
        this.list = Collections.unmodifiableList(Arrays.asList(all));
    }

    /** Sets every gradient to 0, in one loop over the array (the list's iterator is a call per element). */
    void zeroGrad() {
        for (Value p : all) {
            p.setGrad(0.0);
        }
    }
}
