package io.github.micrograd4j.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** The built-in operations of {@link Ops}, read by reflection so that a new op is covered by every test that lists them. */
final class OpTable {

    private OpTable() {
    }

    /** Every op constant of {@code Ops}, in declaration order. */
    static List<Op> all() {
        List<Op> ops = new ArrayList<>();
        for (Field f : Ops.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Op.class.isAssignableFrom(f.getType())) {
                try {
                    ops.add((Op) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return ops;
    }

    static List<Op.Unary> unary() {
        return all().stream().filter(Op.Unary.class::isInstance).map(Op.Unary.class::cast).toList();
    }

    static List<Op.Binary> binary() {
        return all().stream().filter(Op.Binary.class::isInstance).map(Op.Binary.class::cast).toList();
    }
}
