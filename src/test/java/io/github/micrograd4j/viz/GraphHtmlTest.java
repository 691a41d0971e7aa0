package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Linear;
import io.github.micrograd4j.engine.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphHtml's page without a browser: its structure, its model, the order and arithmetic its script replays, the
 * escaping of labels and the cap. The browser tests (mvn test -Pbrowser) run the same pages in Chromium.
 */
@DisplayName("GraphHtml writes a page that replays backward()")
class GraphHtmlTest {

    /** The Javadoc example: c = a * b. */
    static Value javadocExample() {
        Value a = new Value(2.0, "a");
        Value b = new Value(-3.0, "b");
        Value c = a.mul(b);
        c.setLabel("c");
        return c;
    }

    @Nested
    @DisplayName("the page")
    class Page {
        @Test
        @DisplayName("is one self-contained document: inline style and script, a policy that allows no request")
        void selfContained() {
            String html = GraphHtml.render(javadocExample());
            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
            assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    + "style-src 'sha256-", "script-src 'sha256-");
            assertThat(html).doesNotContain("src=", "href=", "@import", "url(h");
            assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:");   // only the SVG namespace
            assertThat(html.split("<script", -1)).hasSize(3);               // the model and the script
            assertThat(html.split("<style", -1)).hasSize(2);
        }

        @Test
        @DisplayName("has the controls tests and scripts rely on: #step #back #play #finish #reset #caption #progress")
        void controls() {
            String html = GraphHtml.render(javadocExample());
            assertThat(html).contains("<button id=\"step\"", "<button id=\"back\"", "<button id=\"play\"",
                    "<button id=\"finish\"", "<button id=\"reset\"", "<div id=\"caption\">",
                    "<span id=\"progress\">0 / 2</span>");
            String script = html.substring(html.lastIndexOf("<script>"));
            assertThat(script).contains("'data-label'", "'data-op'", "'data-data'", "'data-grad'", "ArrowRight",
                    "ArrowLeft");
        }

        @Test
        @DisplayName("the Javadoc example: c = a * b, two steps, a.grad += b.data x c.grad")
        void javadoc(@TempDir Path dir) throws IOException {
            Value c = javadocExample();
            GraphPages.Model model = GraphPages.model(GraphHtml.render(c));
            assertThat(model.values()).extracting(v -> v.get("name")).containsExactly("c", "a", "b");
            assertThat(model.values()).extracting(v -> v.get("op")).containsExactly("*", "", "");
            assertThat(model.values()).extracting(v -> v.get("data")).containsExactly(-6.0, 2.0, -3.0);
            assertThat(model.steps()).hasSize(1);
            assertThat(model.steps().get(0)).containsEntry("text", "c = a * b");
            assertThat(model.steps().get(0).get("adds")).isEqualTo(List.of(
                    List.of(1.0, -3.0, "a", "b.data"), List.of(2.0, 2.0, "b", "a.data")));
            assertThat(model.finalGrads()).containsExactly(1.0, -3.0, 2.0);
            Path file = dir.resolve("graph.html");
            GraphHtml.write(c, file);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(GraphHtml.render(c));
            assertThat(c.grad()).as("rendering changes no gradient").isZero();
        }

        @Test
        @DisplayName("is deterministic: the same graph, or the same graph built again, gives the same page")
        void deterministic() {
            Value x = new Value(1.5);
            Value y = x.mul(x).add(x.tanh());
            String first = GraphHtml.render(y);
            assertThat(GraphHtml.render(y)).isEqualTo(first);
            Value x2 = new Value(1.5);
            assertThat(GraphHtml.render(x2.mul(x2).add(x2.tanh()))).isEqualTo(first);
            assertThat(GraphPages.model(first).values()).hasSize(4);       // a shared value is drawn once
        }

        @Test
        @DisplayName("says in words what each op hands back: tanh, pow, a constant, a layer's output, a custom op")
        void words() {
            Value x = new Value(0.5, "x");
            Value w = new Value(2.0, "w");
            Value t = x.tanh();
            t.setLabel("t");
            Value s = new Linear(new Value[][] {{w}}, new Value[] {new Value(0.25, "b")}, true).apply(t)[0];
            s.setLabel("s");
            Value p = s.pow(2).mul(3.0);
            p.setLabel("p");
            Value q = CustomOp.of("softplus", v -> Math.log1p(Math.exp(v)), (v, y) -> 0.5).apply(p);
            q.setLabel("q");
            List<Object> texts = new ArrayList<>();
            List<Object> derivatives = new ArrayList<>();
            for (Map<String, Object> step : GraphPages.model(GraphHtml.render(q)).steps()) {
                texts.add(step.get("text"));
                for (Object add : (List<?>) step.get("adds")) {
                    derivatives.add(((List<?>) add).get(3));
                }
            }
            assertThat(texts).containsExactly("q = softplus(p)", "p = v2 * 3.0", "v2 = s ** 2.0",
                    "s = relu(b + w\u00b7t)", "t = tanh(x)");
            assertThat(derivatives).containsExactly("\u2202q/\u2202p", "3.0", "k\u00b7s.data^(k-1), k = 2.0",
                    "(s.data > 0 ? 1 : 0)", "t.data\u00b7(s.data > 0 ? 1 : 0)", "w.data\u00b7(s.data > 0 ? 1 : 0)",
                    "1 - t.data\u00b2");
        }

        @Test
        @DisplayName("takes each op's words from the node, not from its name or its numbers: constants, rsub, rdiv")
        void wordsFromTheNode() {
            Value x = new Value(1e17, "x");
            Value y = x.add(1);                                  // 1e17 + 1 rounds to 1e17: the constant is 1
            y.setLabel("y");
            Value z = new Value(0.0, "z");
            Value p = z.pow(2);                                  // a zero base: the constant is still 2
            p.setLabel("p");
            Value r = y.rsub(3).add(p.rdiv(4));
            r.setLabel("r");
            Value t = CustomOp.of("tanh", v -> 0.5, (v, out) -> 7.0).apply(r);   // a custom op that calls itself tanh
            t.setLabel("t");
            List<Object> texts = new ArrayList<>();
            List<Object> derivatives = new ArrayList<>();
            for (Map<String, Object> step : GraphPages.model(GraphHtml.render(t)).steps()) {
                texts.add(step.get("text"));
                for (Object add : (List<?>) step.get("adds")) {
                    derivatives.add(((List<?>) add).get(3));
                }
            }
            assertThat(texts).containsExactly("t = tanh(r)", "r = v2 + v5", "v2 = 3.0 - y", "y = x + 1.0",
                    "v5 = 4.0 / p", "p = z ** 2.0");
            assertThat(derivatives).containsExactly("\u2202t/\u2202r", "1", "1", "-1", "1", "-4.0/p.data\u00b2",
                    "k\u00b7z.data^(k-1), k = 2.0");
        }
    }

    @Nested
    @DisplayName("the steps are backward()'s own")
    class Steps {
        @Test
        @DisplayName("in the order the engine propagates, on 400 random graphs and micrograd's README expression")
        void order() {
            for (long seed = 1; seed <= 400; seed++) {
                Value root = GraphPages.randomGraph(seed);
                assertThat(stepNodes(root)).as("seed %d", seed).containsExactlyElementsOf(root.backwardOrder());
            }
            Value g = GraphPages.readmeExpression(new Value(-4.0, "a"), new Value(2.0, "b"));
            assertThat(stepNodes(g)).containsExactlyElementsOf(g.backwardOrder()).hasSize(26);
            assertThat(stepNodes(new Value(1))).isEmpty();
        }

        @Test
        @DisplayName("their additions, replayed from zero, give the engine's gradients bit for bit (400 random graphs)")
        void bitForBit() {
            for (long seed = 1; seed <= 400; seed++) {
                Value root = GraphPages.randomGraph(seed);
                assertReplayEqualsEngine(root, "seed " + seed);
            }
            assertReplayEqualsEngine(GraphPages.readmeExpression(new Value(-4.0, "a"), new Value(2.0, "b")), "README");
        }

        @Test
        @DisplayName("also where gradients are infinite or NaN, or a neuron is off (its zero shares skipped)")
        void nonFinite() {
            Value x = new Value(0.0, "x");
            Value w = new Value(Double.POSITIVE_INFINITY, "w");
            Value off = new Linear(new Value[][] {{new Value(2.0)}}, new Value[] {new Value(-1.0)}, true).apply(x)[0];
            Value inf = new Linear(new Value[][] {{w}}, new Value[] {new Value(-1.0)}, true).apply(x)[0];
            Value huge = x.add(1).pow(-1).mul(1e308).mul(1e308);             // a gradient of infinity
            Value root = Value.sum(off.mul(huge), inf, x.log().mul(off), huge.mul(x.add(-1).relu()));
            assertReplayEqualsEngine(root, "non-finite");
        }

        @Test
        @DisplayName("a leaf as the root: one step, grad 1")
        void leafRoot() {
            GraphPages.Model model = GraphPages.model(GraphHtml.render(new Value(3.0, "x")));
            assertThat(model.steps()).isEmpty();
            assertThat(model.finalGrads()).containsExactly(1.0);
        }
    }

    @Nested
    @DisplayName("labels are text, never markup or script")
    class Escaping {
        @Test
        @DisplayName("<img onerror>, </script>, quotes, ampersands and U+2028 are escaped inside the model")
        void hostile() {
            String evil = "<img src=x onerror=alert(1)></script><script>alert(2)</script>\"'&\u2028\u2029<!--";
            Value v = new Value(1.0, evil);
            Value out = CustomOp.of("<b>op</b>", x -> 2.0, (x, y) -> 2.0).apply(v);
            out.setLabel("out");
            String html = GraphHtml.render(out);
            assertThat(html).doesNotContain("<img", "<b>", "alert(2)</script>", "\u2028", "\u2029", "<!--");
            assertThat(html.split("</script>", -1)).hasSize(3);
            assertThat(html).contains("\\u003cimg src=x onerror=alert(1)\\u003e\\u003c/script\\u003e");
            GraphPages.Model model = GraphPages.model(html);
            assertThat(model.values().get(1)).containsEntry("label", evil).containsEntry("name", evil);
            assertThat(model.values().get(0)).containsEntry("op", "<b>op</b>");
            assertThat(html.chars().allMatch(ch -> ch < 0x80 || "\u25b6\u25c0\u2212".indexOf(ch) >= 0))
                    .as("the model is ASCII").isTrue();
        }
    }

    @Nested
    @DisplayName("big graphs")
    class Big {
        @Test
        @DisplayName("a 100,000-node graph is cut at the cap with a note, as GraphDot does")
        void cap() {
            Value chain = new Value(1, "x");
            for (int i = 0; i < 50_000; i++) {
                chain = chain.mul(1.0).add(0.0);
            }
            Value y = chain;
            String html = GraphHtml.render(y, 1000);
            GraphPages.Model model = GraphPages.model(html);
            assertThat(model.values()).hasSize(1000);
            assertThat(model.truncated()).isTrue();
            assertThat(model.steps()).hasSize(1000);                   // every drawn node is interior
            assertThat(html).contains("graph cut at 1000 values").hasSizeLessThan(1_000_000);
            assertThat(GraphPages.model(GraphHtml.render(y)).values()).hasSize(GraphDot.DEFAULT_MAX_NODES);
            assertThat(GraphHtml.render(y)).contains("graph cut at " + GraphDot.DEFAULT_MAX_NODES + " values");
            assertThatThrownBy(() -> GraphHtml.render(y, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxNodes (0) must be > 0");
            assertThatThrownBy(() -> GraphHtml.render(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("root == null");
            assertThat(GraphPages.model(GraphHtml.render(javadocExample())).truncated()).isFalse();
        }

        @Test
        @DisplayName("a layered layout: every operand is drawn left of the value it feeds")
        void layered() {
            Value root = GraphPages.randomGraph(7);
            for (long seed = 8; seed < 20; seed++) {
                root = root.add(GraphPages.randomGraph(seed));
            }
            GraphPages.Model model = GraphPages.model(GraphHtml.render(root));
            List<Map<String, Object>> values = model.values();
            assertThat(values.size()).isGreaterThan(150);
            for (Map<String, Object> v : values) {
                for (Object o : (List<?>) v.get("in")) {
                    Map<String, Object> operand = values.get((int) (double) (Double) o);
                    assertThat((Double) operand.get("x")).isLessThan((Double) v.get("x"));
                }
            }
        }
    }

    /** The engine's propagation order, read from its own search (Value.Pass), for comparison. */
    /** The values the page's steps take, in the page's order. */
    static List<Value> stepNodes(Value root) {
        Map<Integer, Value> byId = new HashMap<>();
        new DrawnGraph(root, 100_000).ids.forEach((v, id) -> byId.put(id, v));
        List<Value> order = new ArrayList<>();
        for (Map<String, Object> step : GraphPages.model(GraphHtml.render(root, 100_000)).steps()) {
            order.add(byId.get(((Number) step.get("node")).intValue()));
        }
        return order;
    }

    /** Replays the page's model in Java and checks every drawn value's final grad against backward()'s, bitwise. */
    static void assertReplayEqualsEngine(Value root, String what) {
        String html = GraphHtml.render(root, 100_000);
        double[] replayed = GraphPages.model(html).finalGrads();
        root.backward();
        Map<Value, Integer> ids = new DrawnGraph(root, 100_000).ids;
        Map<Integer, Value> byId = new HashMap<>();
        ids.forEach((v, id) -> byId.put(id, v));
        for (int i = 0; i < replayed.length; i++) {
            assertThat(Double.doubleToLongBits(replayed[i])).as("%s: value %d, replay %s, engine %s", what, i,
                    replayed[i], byId.get(i).grad()).isEqualTo(Double.doubleToLongBits(byId.get(i).grad()));
        }
    }
}
