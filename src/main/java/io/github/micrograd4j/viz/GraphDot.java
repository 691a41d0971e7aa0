package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.Value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a computation graph as Graphviz DOT text, as micrograd's {@code trace_graph} notebook draws it: one
 * record per value ({@code label | data | grad}), one small node per operation, edges from operands to the
 * operation and from the operation to its result, left to right.
 *
 * <pre>{@code
 * Value x = new Value(2.0, "x");
 * Value y = x.mul(x).tanh();
 * y.setLabel("y");
 * y.backward();
 * Files.writeString(Path.of("graph.dot"), GraphDot.render(y));
 * // then: dot -Tsvg graph.dot -o graph.svg     (Debian/Ubuntu: apt-get install graphviz)
 * }</pre>
 *
 * The text is deterministic: nodes are numbered in the order a depth-first walk from the root meets them, so
 * the same graph always gives the same text. Labels are escaped, so any text is valid DOT. A graph with more
 * than {@code maxNodes} values is cut there: the values beyond are left out and a note says so, so that even a
 * graph of millions of nodes gives a small file.
 */
public final class GraphDot {

    /** The number of values drawn when no limit is given, here and by {@link GraphHtml}: {@value}. */
    public static final int DEFAULT_MAX_NODES = 500;

    private GraphDot() {
    }

    /**
     * Returns the DOT text of the graph that ends in {@code root}, with at most {@link #DEFAULT_MAX_NODES}
     * values.
     *
     * @param root the output value
     * @return the DOT text
     */
    public static String render(Value root) {
        return render(root, DEFAULT_MAX_NODES);
    }

    /**
     * Returns the DOT text of the graph that ends in {@code root}, with at most {@code maxNodes} values.
     *
     * @param root     the output value
     * @param maxNodes the most values to draw, &gt; 0
     * @return the DOT text
     * @throws IllegalArgumentException if {@code maxNodes <= 0}
     * @throws NullPointerException     if {@code root} is null
     */
    public static String render(Value root, int maxNodes) {
        DrawnGraph drawn = new DrawnGraph(root, maxNodes);
        Map<Value, Integer> ids = drawn.ids;
        List<Value> nodes = drawn.nodes;
        boolean truncated = drawn.truncated;

        StringBuilder out = new StringBuilder("digraph micrograd {\n  rankdir=LR;\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
        for (Value v : nodes) {
            int id = ids.get(v);
            out.append("  v").append(id).append(" [shape=record, label=\"{ ")
                    .append(v.label() == null ? "" : escape(v.label()) + " | ")
                    .append(String.format(Locale.ROOT, "data %.4f | grad %.4f", v.data(), v.grad()))
                    .append(" }\"];\n");
            if (!v.isLeaf()) {
                out.append("  v").append(id).append("op [shape=ellipse, label=\"").append(escapePlain(v.op())).append("\"];\n");
                out.append("  v").append(id).append("op -> v").append(id).append(";\n");
                for (Value child : v.children()) {
                    Integer c = ids.get(child);
                    if (c != null) {
                        out.append("  v").append(c).append(" -> v").append(id).append("op;\n");
                    }
                }
            }
        }
        if (truncated) {
            out.append("  truncated [shape=note, label=\"graph cut at ").append(maxNodes)
                    .append(" values: the rest is not drawn\"];\n");
        }
        return out.append("}\n").toString();
    }

    /**
     * Writes {@link #render(Value)} to a file (UTF-8).
     *
     * @param root the output value
     * @param file where to write, such as {@code graph.dot}
     * @throws IOException if the file cannot be written
     */
    public static void write(Value root, Path file) throws IOException {
        Files.writeString(file, render(root), StandardCharsets.UTF_8);
    }

    /** Escapes text for a quoted plain label: backslash, quotes and line breaks. */
    static String escapePlain(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n");
    }

    /** Escapes text for a quoted record label: backslash, quotes, braces, bars, angle brackets, line breaks. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '"', '{', '}', '|', '<', '>' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> { }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
