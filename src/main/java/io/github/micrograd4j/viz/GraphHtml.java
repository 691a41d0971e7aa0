package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.Value;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a computation graph as one self-contained interactive HTML page that steps through
 * {@link Value#backward()}: drawn left to right as micrograd's {@code draw_dot} draws it (one box per value with its
 * label, data and grad, one small node per operation, edges from operands to results), with every gradient 0 at
 * first. Each step takes the next node in the order {@code backward()} takes them, highlights it and its operands,
 * adds {@code local derivative * grad} to each operand's gradient on screen and says in words what it did; the
 * first step sets the root's gradient to 1. After the last step the page shows, bit for bit, the gradients
 * {@code backward()} computes (for leaves whose gradient was 0 before the pass, as after {@code zeroGrad()}).
 *
 * <pre>{@code
 * Value a = new Value(2.0, "a");
 * Value b = new Value(-3.0, "b");
 * Value c = a.mul(b);
 * c.setLabel("c");
 * GraphHtml.write(c, Path.of("graph.html"));   // then open graph.html in a browser
 * // step 1: c.grad = 1
 * // step 2: c = a * b: a.grad += b.data x c.grad = -3.0 x 1.0, b.grad += a.data x c.grad = 2.0 x 1.0
 * }</pre>
 *
 * <p>The page works from disk with no network access (its content security policy allows nothing but its own
 * inline style and script) and no external tool. It has buttons {@code #step}, {@code #back}, {@code #play},
 * {@code #finish} and {@code #reset} (keys: right and left arrow, space, End, Home), an explanation in
 * {@code #caption} and the step count {@code k / n} in {@code #progress}; it zooms with the mouse wheel (or
 * {@code +}, {@code -}, {@code 0} to fit) and pans by dragging. Each value's element carries {@code data-label},
 * {@code data-op}, {@code data-data} and {@code data-grad}, the numbers written as JavaScript's
 * {@code String(number)} writes them, so that scripts and tests can read the page.
 *
 * <p>The page is deterministic: values are numbered in the order a depth-first walk from the root meets them, as
 * in {@link GraphDot}. Labels and operation names are data, never markup: any text shows as text. A graph with
 * more than {@code maxNodes} values is cut there, with a note: the values beyond are not drawn and the gradients
 * that flow through them are not shown.
 */
public final class GraphHtml {

    private static final String CSS = resource("graph-html.css");
    private static final String SCRIPT = resource("graph-html.js");

    // layout, in SVG pixels (the page reads the box sizes from the model); CHAR is the width of a character of
    // the 12 px monospace font, with a little room to spare
    private static final double CHAR = 7.4;
    private static final int BOX_HEIGHT = 30;
    private static final int PITCH = 46;
    private static final int NUMBER_WIDTH = (int) Math.round(15 * CHAR + 12);
    private static final int LABEL_CHARS = 20;
    private static final int OP_CHARS = 12;
    private static final int OP_PAD = 18;
    private static final int COLUMN_GAP = 40;
    private static final int MARGIN = 40;

    private GraphHtml() {
    }

    /**
     * Returns the HTML page of the graph that ends in {@code root}, with at most {@link GraphDot#DEFAULT_MAX_NODES} (as the DOT text) values.
     *
     * @param root the output value
     * @return the page
     * @throws NullPointerException if {@code root} is null
     */
    public static String render(Value root) {
        return render(root, GraphDot.DEFAULT_MAX_NODES);
    }

    /**
     * Returns the HTML page of the graph that ends in {@code root}, with at most {@code maxNodes} values. The graph
     * is read, not changed: no gradient is touched.
     *
     * @param root     the output value
     * @param maxNodes the most values to draw, &gt; 0
     * @return the page
     * @throws IllegalArgumentException if {@code maxNodes <= 0}
     * @throws NullPointerException     if {@code root} is null
     */
    public static String render(Value root, int maxNodes) {
        DrawnGraph drawn = new DrawnGraph(root, maxNodes);
        String json = model(drawn, maxNodes);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '"
                + sha256(CSS) + "'; script-src '" + sha256(SCRIPT) + "'\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>backward(), step by step</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n"
                + "<header>\n<div class=\"controls\">\n"
                + "<button id=\"reset\" title=\"back to the start (Home)\">reset</button>\n"
                + "<button id=\"back\" title=\"one step back (left arrow)\">&#9664; back</button>\n"
                + "<button id=\"step\" title=\"one step (right arrow)\">step &#9654;</button>\n"
                + "<button id=\"play\" title=\"play / pause (space)\">play</button>\n"
                + "<button id=\"finish\" title=\"all remaining steps (End)\">finish</button>\n"
                + "<span id=\"progress\">0 / " + (1 + countInterior(drawn)) + "</span>\n"
                + "<label>speed <select id=\"speed\"><option value=\"1200\">slow</option>"
                + "<option value=\"600\" selected>normal</option><option value=\"150\">fast</option></select></label>\n"
                + "<span class=\"zoom\"><button id=\"zoomout\" title=\"zoom out (-)\">&minus;</button>"
                + "<button id=\"fit\" title=\"whole graph (0)\">fit</button>"
                + "<button id=\"zoomin\" title=\"zoom in (+)\">+</button></span>\n"
                + "<span class=\"legend\"><span class=\"key current\">this step's node</span>"
                + "<span class=\"key operand\">its operands</span><span class=\"key done\">done</span></span>\n"
                + "</div>\n<div id=\"caption\">Loading the graph...</div>\n"
                + (drawn.truncated ? "<div id=\"note\">graph cut at " + maxNodes + " values: the rest is not drawn,"
                        + " and the gradients that flow through it are not shown</div>\n" : "")
                + "</header>\n<svg id=\"view\" xmlns=\"http://www.w3.org/2000/svg\"><g id=\"viewport\">"
                + "<g id=\"edges\"></g><g id=\"nodes\"></g></g></svg>\n"
                + "<script type=\"application/json\" id=\"graph-data\">" + json + "</script>\n"
                + "<script>" + SCRIPT + "</script>\n</body>\n</html>\n";
    }

    /**
     * Writes {@link #render(Value)} to a file (UTF-8).
     *
     * @param root the output value
     * @param file where to write, such as {@code graph.html}
     * @throws IOException          if the file cannot be written
     * @throws NullPointerException if {@code root} or {@code file} is null
     */
    public static void write(Value root, Path file) throws IOException {
        Objects.requireNonNull(file, "file == null");
        Files.writeString(file, render(root), StandardCharsets.UTF_8);
    }

    private static int countInterior(DrawnGraph drawn) {
        int count = 0;
        for (Value v : drawn.nodes) {
            count += v.isLeaf() ? 0 : 1;
        }
        return count;
    }

    // ---- the model the page's script reads ---------------------------------------------------------------------

    /** Returns the graph as JSON: the values with their places, the edges and the backward steps. */
    private static String model(DrawnGraph drawn, int maxNodes) {
        List<Value> nodes = drawn.nodes;
        int n = nodes.size();
        int[][] operands = new int[n][];
        for (int i = 0; i < n; i++) {
            operands[i] = nodes.get(i).children().stream().map(drawn.ids::get).filter(Objects::nonNull)
                    .distinct().mapToInt(Integer::intValue).toArray();
        }
        int[][] place = layout(nodes, operands);

        Json json = new Json();
        json.raw("{\"maxNodes\":").raw(Integer.toString(maxNodes)).raw(",\"truncated\":")
                .raw(Boolean.toString(drawn.truncated)).raw(",\"boxHeight\":").raw(Integer.toString(BOX_HEIGHT))
                .raw(",\"numberWidth\":").raw(Integer.toString(NUMBER_WIDTH)).raw(",\"opPad\":")
                .raw(Integer.toString(OP_PAD)).raw(",\"width\":").raw(Integer.toString(place[n][0]))
                .raw(",\"height\":").raw(Integer.toString(place[n][1])).raw(",\n\"values\":[");
        for (int i = 0; i < n; i++) {
            Value v = nodes.get(i);
            json.raw(i == 0 ? "\n{" : ",\n{").raw("\"label\":").string(v.label()).raw(",\"name\":")
                    .string(name(v, drawn.ids)).raw(",\"op\":").string(v.op()).raw(",\"data\":").number(v.data());
            json.raw(",\"x\":").raw(Integer.toString(place[i][0])).raw(",\"y\":").raw(Integer.toString(place[i][1]))
                    .raw(",\"lw\":").raw(Integer.toString(labelWidth(v))).raw(",\"ow\":")
                    .raw(Integer.toString(opWidth(v))).raw(",\"in\":[");
            for (int k = 0; k < operands[i].length; k++) {
                json.raw(k == 0 ? "" : ",").raw(Integer.toString(operands[i][k]));
            }
            json.raw("]}");
        }
        json.raw("],\n\"steps\":[");
        boolean first = true;
        for (Value v : nodes.get(0).backwardOrder()) {           // backward()'s own order
            Integer id = drawn.ids.get(v);
            if (id == null) {
                continue;                                          // cut away: not drawn, not stepped
            }
            json.raw(first ? "\n{" : ",\n{").raw("\"node\":").raw(id.toString()).raw(",\"text\":")
                    .string(expression(v, drawn.ids)).raw(",\"adds\":[");
            first = false;
            List<Value> children = v.children();
            for (int k = 0; k < children.size(); k++) {           // child after child, as backward() adds
                Value operand = children.get(k);
                Integer to = drawn.ids.get(operand);
                json.raw(k == 0 ? "[" : ",[").raw(to == null ? "-1" : to.toString()).raw(",").number(v.partial(k))
                        .raw(",").string(to == null ? "" : name(operand, drawn.ids)).raw(",")
                        .string(derivative(v, k, drawn.ids)).raw("]");
            }
            json.raw("]}");
        }
        return json.raw("]}").toString();
    }

    /** Returns the name a caption uses: the label, or {@code v<number>} for a value without one. */
    private static String name(Value v, Map<Value, Integer> ids) {
        Integer id = ids.get(v);
        if (id == null) {
            return "(not drawn)";
        }
        return v.label() == null || v.label().isEmpty() ? "v" + id : v.label();
    }

    /** Returns what the node computes, in words: {@code c = a * b}, {@code o = tanh(n)}, ... */
    static String expression(Value v, Map<Value, Integer> ids) {
        String text = name(v, ids) + " = " + named(v.expression(), v, ids, "");
        return text.length() > 400 ? text.substring(0, 399) + "\u2026" : text;
    }

    /** Returns the local derivative of {@code v} with respect to its child {@code k}, in words: {@code b.data}. */
    static String derivative(Value v, int k, Map<Value, Integer> ids) {
        return named(v.formula(k), v, ids, ".data");
    }

    private static final Pattern TERM = Pattern.compile("\\b(?:x(\\d+)|y)\\b");

    /** Replaces {@code x0, x1, ...} in an op's text by the children's names and {@code y} by the node's own. */
    private static String named(String text, Value v, Map<Value, Integer> ids, String suffix) {
        List<Value> children = v.children();
        Matcher m = TERM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Value term = m.group(1) == null ? v : children.get(Integer.parseInt(m.group(1)));
            boolean derivative = m.start() > 0 && text.charAt(m.start() - 1) == '\u2202';   // the d of dy/dx
            m.appendReplacement(out, Matcher.quoteReplacement(name(term, ids) + (derivative ? "" : suffix)));
        }
        return m.appendTail(out).toString();
    }

    // ---- layout -----------------------------------------------------------------------------------------------

    private static int labelWidth(Value v) {
        int chars = v.label() == null || v.label().isEmpty()
                ? 6                                                          // "v" and a number below 100,000
                : Math.min(v.label().length(), LABEL_CHARS);
        return (int) Math.round(Math.max(2, chars) * CHAR + 14);
    }

    private static int opWidth(Value v) {
        return v.isLeaf() ? 0 : (int) Math.round(Math.max(2, Math.min(v.op().length(), OP_CHARS)) * CHAR + 18);
    }

    /**
     * Returns each value's box corner {@code {x, y}} and, at index {@code n}, the picture's size. Columns are
     * layers: a leaf sits just before its first consumer, any other value one column after its last operand.
     * The order within a column comes from barycenter sweeps (each value moved to the mean place of its
     * neighbours, left to right and back), which removes most avoidable crossings; then each value is moved as
     * near its neighbours' mean height as the order and the spacing allow.
     */
    static int[][] layout(List<Value> nodes, int[][] operands) {
        int n = nodes.size();
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int o : operands[i]) {
                consumers.get(o).add(i);
            }
        }
        // layers: operands before consumers (an iterative post-order), then leaves pulled right
        int[] layer = new int[n];
        boolean[] seen = new boolean[n];
        List<Integer> postOrder = new ArrayList<>();
        List<int[]> stack = new ArrayList<>();                         // {node, next operand index}
        stack.add(new int[] {0, 0});
        seen[0] = true;
        while (!stack.isEmpty()) {
            int[] top = stack.get(stack.size() - 1);
            if (top[1] < operands[top[0]].length) {
                int o = operands[top[0]][top[1]++];
                if (!seen[o]) {
                    seen[o] = true;
                    stack.add(new int[] {o, 0});
                }
            } else {
                stack.remove(stack.size() - 1);
                postOrder.add(top[0]);
            }
        }
        for (int i : postOrder) {
            int l = nodes.get(i).isLeaf() ? 0 : 1;
            for (int o : operands[i]) {
                l = Math.max(l, layer[o] + 1);
            }
            layer[i] = l;
        }
        for (int i = 0; i < n; i++) {
            if (nodes.get(i).isLeaf() && !consumers.get(i).isEmpty()) {
                int l = Integer.MAX_VALUE;
                for (int c : consumers.get(i)) {
                    l = Math.min(l, layer[c] - 1);
                }
                layer[i] = l;
            }
        }
        int depth = 0;
        for (int l : layer) {
            depth = Math.max(depth, l);
        }
        List<List<Integer>> columns = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            columns.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            columns.get(layer[i]).add(i);                              // numbered order to start with
        }

        // crossing reduction: barycenter sweeps on the rank within each column
        double[] pos = new double[n];
        for (List<Integer> column : columns) {
            rank(column, pos);
        }
        for (int sweep = 0; sweep < 4; sweep++) {
            for (int l = 1; l <= depth; l++) {
                sortByMean(columns.get(l), operands, null, pos);
            }
            for (int l = depth - 1; l >= 0; l--) {
                sortByMean(columns.get(l), null, consumers, pos);
            }
        }

        // heights: each value near its neighbours' mean, keeping the order and the spacing
        double[] y = new double[n];
        for (List<Integer> column : columns) {
            for (int i : column) {
                y[i] = pos[i] * PITCH;
            }
        }
        for (int sweep = 0; sweep < 6; sweep++) {
            boolean right = sweep % 2 == 0;
            for (int s = 0; s <= depth; s++) {
                List<Integer> column = columns.get(right ? s : depth - s);
                double[] want = new double[column.size()];
                for (int j = 0; j < column.size(); j++) {
                    int i = column.get(j);
                    double sum = 0;
                    int count = 0;
                    for (int o : operands[i]) {
                        sum += y[o];
                        count++;
                    }
                    for (int c : consumers.get(i)) {
                        sum += y[c];
                        count++;
                    }
                    want[j] = count == 0 ? y[i] : sum / count;
                }
                double shift = 0;
                double previous = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < column.size(); j++) {
                    double at = Math.max(want[j], previous + PITCH);
                    y[column.get(j)] = at;
                    shift += want[j] - at;
                    previous = at;
                }
                shift /= Math.max(1, column.size());
                for (int i : column) {
                    y[i] += shift;
                }
            }
        }

        // x: columns side by side, each as wide as its widest operation node and box
        int[][] place = new int[n + 1][];
        double top = Double.POSITIVE_INFINITY;
        double bottom = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            top = Math.min(top, y[i]);
            bottom = Math.max(bottom, y[i]);
        }
        int x = MARGIN;
        for (List<Integer> column : columns) {
            int opSlot = 0;
            int boxWidth = 0;
            for (int i : column) {
                Value v = nodes.get(i);
                opSlot = Math.max(opSlot, v.isLeaf() ? 0 : opWidth(v) + 2 * OP_PAD);
                boxWidth = Math.max(boxWidth, labelWidth(v) + 2 * NUMBER_WIDTH);
            }
            for (int i : column) {
                place[i] = new int[] {x + opSlot, (int) Math.round(y[i] - top) + MARGIN};
            }
            x += opSlot + boxWidth + COLUMN_GAP;
        }
        place[n] = new int[] {x - COLUMN_GAP + MARGIN, (int) Math.round(bottom - top) + BOX_HEIGHT + 2 * MARGIN};
        return place;
    }

    /** Sorts a column by the mean rank of each value's neighbours (stable; no neighbours: keeps its rank). */
    private static void sortByMean(List<Integer> column, int[][] operands, List<List<Integer>> consumers,
                                   double[] pos) {
        Map<Integer, Double> key = new HashMap<>();
        for (int i : column) {
            double sum = 0;
            int count = 0;
            if (operands != null) {
                for (int o : operands[i]) {
                    sum += pos[o];
                    count++;
                }
            } else {
                for (int c : consumers.get(i)) {
                    sum += pos[c];
                    count++;
                }
            }
            key.put(i, count == 0 ? pos[i] : sum / count);
        }
        column.sort((p, q) -> Double.compare(key.get(p), key.get(q)));
        rank(column, pos);
    }

    /** Gives the values of a column ranks centred on 0, so that columns of different sizes line up. */
    private static void rank(List<Integer> column, double[] pos) {
        for (int j = 0; j < column.size(); j++) {
            pos[column.get(j)] = j - (column.size() - 1) / 2.0;
        }
    }

    // ---- text -------------------------------------------------------------------------------------------------

    /** JSON text that is safe inside an HTML {@code <script>} element: every character outside printable ASCII,
     * and {@code < > & ' "} and the backslash, is written as an escape. */
    static final class Json {
        private final StringBuilder out = new StringBuilder();

        Json raw(String text) {
            out.append(text);
            return this;
        }

        Json string(String text) {
            if (text == null) {
                out.append("null");
                return this;
            }
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch >= 0x20 && ch < 0x7f && "<>&'\"\\".indexOf(ch) < 0) {
                    out.append(ch);
                } else {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                }
            }
            out.append('"');
            return this;
        }

        /** A finite number as Java writes it (the digits read back to the same double); else a string. */
        Json number(double x) {
            return Double.isFinite(x) ? raw(Double.toString(x)) : string(Double.toString(x));
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private static String resource(String name) {
        try (InputStream in = GraphHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a content-security-policy hash source for an inline element's text. */
    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);          // every Java platform has it
        }
    }
}
