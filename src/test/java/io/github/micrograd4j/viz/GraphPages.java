package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.RandomGraphTest;
import io.github.micrograd4j.engine.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graphs and a reader for {@link GraphHtml}'s pages, shared by the plain tests and the browser tests: the page's
 * model (its JSON), and the page's arithmetic replayed in Java.
 */
public final class GraphPages {

    private GraphPages() {
    }

    /** Returns the expression of micrograd's README, labelled a to g (micrograd: a.grad 138.8338, b.grad 645.5773). */
    public static Value readmeExpression(Value a, Value b) {
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(c.add(1).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        c.setLabel("c");
        d.setLabel("d");
        Value e = c.sub(d);
        e.setLabel("e");
        Value f = e.pow(2);
        f.setLabel("f");
        Value g = f.div(2.0);
        g = g.add(f.pow(-1).mul(10.0));
        g.setLabel("g");
        return g;
    }

    /**
     * Returns the loss of micrograd's lecture (part 1): {@code MLP(3, [4, 4, 1])} of tanh neurons built op by op
     * (a product and a sum per weight, as micrograd's neuron does), its squared errors on the lecture's four
     * samples summed; weights from {@code new Random(seed)}, uniform in [-1, 1). About 330 values.
     */
    static Value lectureLoss(long seed) {
        java.util.Random rng = new java.util.Random(seed);
        int[] sizes = {3, 4, 4, 1};
        List<Value[][]> weights = new ArrayList<>();                // per layer: [neuron][w..., b]
        for (int l = 0; l + 1 < sizes.length; l++) {
            Value[][] layer = new Value[sizes[l + 1]][sizes[l] + 1];
            for (Value[] neuron : layer) {
                for (int i = 0; i < neuron.length; i++) {
                    neuron[i] = new Value(rng.nextDouble() * 2 - 1, (i == neuron.length - 1 ? "b" : "w") + l);
                }
            }
            weights.add(layer);
        }
        double[][] xs = {{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}};
        double[] ys = {1.0, -1.0, -1.0, 1.0};
        List<Value> errors = new ArrayList<>();
        for (int s = 0; s < xs.length; s++) {
            List<Value> x = new ArrayList<>();
            for (double xi : xs[s]) {
                x.add(new Value(xi, "x"));
            }
            for (Value[][] layer : weights) {
                List<Value> out = new ArrayList<>();
                for (Value[] neuron : layer) {
                    Value act = neuron[neuron.length - 1];
                    for (int i = 0; i < x.size(); i++) {
                        act = act.add(neuron[i].mul(x.get(i)));
                    }
                    out.add(act.tanh());
                }
                x = out;
            }
            x.get(0).setLabel("ypred" + s);
            errors.add(x.get(0).sub(ys[s]).pow(2));
        }
        Value loss = Value.sum(errors);
        loss.setLabel("loss");
        return loss;
    }

    /** Returns the root of a random graph of {@link RandomGraphTest}'s generator, over fresh leaves. */
    static Value randomGraph(long seed) {
        RandomGraphTest.Graph graph = RandomGraphTest.generate(seed);
        List<Value> leaves = new ArrayList<>();
        for (int i = 0; i < graph.point().length; i++) {
            leaves.add(new Value(graph.point()[i], "x" + i));
        }
        return graph.build(leaves);
    }

    /** The page's model: its values (label, name, op, data) and the additions of each backward step. */
    record Model(List<Map<String, Object>> values, List<Map<String, Object>> steps, boolean truncated) {

        /** Returns the gradients the page shows after its last step: the root set to 1, then every addition. */
        double[] finalGrads() {
            double[] grad = new double[values.size()];
            grad[0] = values.get(0).get("op").equals("") ? grad[0] + 1 : 1;
            for (Map<String, Object> step : steps) {
                double g = grad[(int) (double) (Double) step.get("node")];
                for (Object add : (List<?>) step.get("adds")) {
                    List<?> a = (List<?>) add;
                    int to = (int) (double) (Double) a.get(0);
                    if (to >= 0) {
                        grad[to] = grad[to] + number(a.get(1)) * g;
                    }
                }
            }
            return grad;
        }
    }

    /** Returns a JSON number, or the page's string form of a non-finite one, as a double. */
    static double number(Object json) {
        return json instanceof Double d ? d : Double.parseDouble((String) json);
    }

    /** Reads the model out of a page. */
    @SuppressWarnings("unchecked")
    static Model model(String html) {
        String open = "<script type=\"application/json\" id=\"graph-data\">";
        int from = html.indexOf(open) + open.length();
        String json = html.substring(from, html.indexOf("</script>", from));
        Map<String, Object> m = (Map<String, Object>) new Json(json).value();
        return new Model((List<Map<String, Object>>) m.get("values"), (List<Map<String, Object>>) m.get("steps"),
                (Boolean) m.get("truncated"));
    }

    /** A small JSON reader (objects, arrays, strings, numbers as Double, true/false/null): enough for the model. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                do {
                    skip();
                    String key = (String) value();
                    skip();
                    expect(':');
                    map.put(key, value());
                    skip();
                } while (s.charAt(i++) == ',');
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                do {
                    list.add(value());
                    skip();
                } while (s.charAt(i++) == ',');
                return list;
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    char ch = s.charAt(i++);
                    if (ch == '\\') {
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'u' -> {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                                i += 4;
                            }
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            default -> sb.append(e);
                        }
                    } else {
                        sb.append(ch);
                    }
                }
                i++;
                return sb.toString();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
