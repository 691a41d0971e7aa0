package io.github.micrograd4j.viz;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GraphDot draws a graph as DOT text")
class GraphDotTest {

    @Test
    @DisplayName("one record per value, one node per op, edges operand -> op -> result")
    void smallGraph() {
        Value a = new Value(2.0, "a");
        Value b = new Value(-3.0, "b");
        Value c = a.mul(b);
        c.setLabel("c");
        c.backward();
        String dot = GraphDot.render(c);
        assertThat(dot).startsWith("digraph micrograd {\n  rankdir=LR;\n");
        assertThat(dot).contains("v0 [shape=record, label=\"{ c | data -6.0000 | grad 1.0000 }\"];");
        assertThat(dot).contains("v1 [shape=record, label=\"{ a | data 2.0000 | grad -3.0000 }\"];");
        assertThat(dot).contains("v2 [shape=record, label=\"{ b | data -3.0000 | grad 2.0000 }\"];");
        assertThat(dot).contains("v0op [shape=ellipse, label=\"*\"];", "v0op -> v0;", "v1 -> v0op;", "v2 -> v0op;");
        assertThat(dot).endsWith("}\n");
    }

    @Test
    @DisplayName("the same graph always gives the same text, and a shared value is drawn once")
    void deterministic() {
        Value x = new Value(1.5);
        Value y = x.mul(x).add(x.tanh());
        String first = GraphDot.render(y);
        assertThat(GraphDot.render(y)).isEqualTo(first);
        assertThat(first.split("shape=record", -1)).hasSize(5);          // y, x*x, x, tanh(x): 4 records
        Value x2 = new Value(1.5);
        assertThat(GraphDot.render(x2.mul(x2).add(x2.tanh()))).isEqualTo(first);
    }

    @Test
    @DisplayName("hostile labels are escaped: quotes, braces, bars, angle brackets, backslashes, newlines")
    void escaping() {
        Value v = new Value(1, "say \"hi\" {x|y} <p> \\ end\nnext");
        String dot = GraphDot.render(v);
        assertThat(dot).contains("label=\"{ say \\\"hi\\\" \\{x\\|y\\} \\<p\\> \\\\ end\\nnext | data 1.0000");
        Value w = CustomOp.of("my \"op\"", x -> 1, (x, y) -> 1).apply(v);
        assertThat(GraphDot.render(w)).contains("label=\"my \\\"op\\\"\"");
    }

    @Test
    @DisplayName("a 100,000-node graph is cut at the cap with a note, not drawn whole")
    void cap() {
        Value chain = new Value(1);
        for (int i = 0; i < 50_000; i++) {
            chain = chain.mul(1.0).add(0.0);
        }
        Value y = chain;
        String dot = GraphDot.render(y, 1000);
        assertThat(dot.split("shape=record", -1)).hasSize(1001);
        assertThat(dot).contains("graph cut at 1000 values");
        assertThat(dot.length()).isLessThan(200_000);
        assertThat(GraphDot.render(y)).contains("graph cut at " + GraphDot.DEFAULT_MAX_NODES + " values");
        assertThatThrownBy(() -> GraphDot.render(y, 0)).isInstanceOf(IllegalArgumentException.class).hasMessage("maxNodes (0) must be > 0");
    }

    @Test
    @DisplayName("where Graphviz is installed, the text renders to SVG")
    void rendersWithDot(@TempDir Path dir) throws IOException, InterruptedException {
        String whyNot = whyNoDot(System.getenv("PATH"));
        if (whyNot != null) {
            // Surefire's console says only "Skipped: 1" (the reason goes to the XML report), so say it here too
            System.out.println("GraphDotTest.rendersWithDot is skipped: " + whyNot);
        }
        assumeTrue(whyNot == null, whyNot);
        Value a = new Value(2.0, "a {tricky|label}");
        Value out = a.mul(new Value(3.0, "b")).tanh();
        out.backward();
        Path dotFile = dir.resolve("g.dot");
        GraphDot.write(out, dotFile);
        Path svg = dir.resolve("g.svg");
        Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString(), "-o", svg.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(svg)).contains("<svg", "tanh", "tricky|label");
    }

    @Test
    @DisplayName("without Graphviz the SVG test is skipped with the reason and the command that installs it")
    void skipReason(@TempDir Path bin) throws IOException {
        assertThat(whyNoDot(bin.toString())).isEqualTo(NO_DOT).contains("not on the PATH", "apt-get install graphviz");
        assertThat(whyNoDot(null)).isEqualTo(NO_DOT);
        Path dot = Files.createFile(bin.resolve("dot"));
        assumeTrue(dot.toFile().setExecutable(true), "cannot make a file executable here");
        assertThat(whyNoDot(bin.toString())).isNull();
    }

    static final String NO_DOT = "Graphviz's dot is not on the PATH: apt-get install graphviz (Debian/Ubuntu), "
            + "brew install graphviz (macOS), or see https://graphviz.org/download/";

    /** Returns why Graphviz cannot be run with this PATH, or null when {@code dot} is on it. */
    static String whyNoDot(String path) {
        return onPath("dot", path) ? null : NO_DOT;
    }

    static boolean onPath(String program, String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
