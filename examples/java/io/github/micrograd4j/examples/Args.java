package io.github.micrograd4j.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options for the example mains. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code args}, accepting only the given option names (without the dashes). */
    Args(String[] args, Set<String> known) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: '" + a + "'; options: --"
                        + String.join(" VALUE, --", known) + " VALUE");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    long getLong(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }
}
