package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GraphExample draws micrograd's neuron: the page that steps through backward(), and the Graphviz picture. */
@DisplayName("GraphExample writes graph.html and graph.dot for micrograd's neuron")
class GraphExampleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("prints the neuron's gradients and writes the page, the DOT file (and the SVG with Graphviz)")
    void writesBoth() throws Exception {
        Path html = dir.resolve("g.html");
        Path dot = dir.resolve("g.dot");
        List<String> out = ExamplesTest.run(GraphExample::main, "--html", html.toString(), "--dot", dot.toString());
        assertThat(out.get(0)).isEqualTo("o = 0.7071; do/dx1 = -1.5000, do/dw1 = 1.0000, do/dx2 = 0.5000, do/dw2 = 0.0000");
        assertThat(out).anyMatch(l -> l.startsWith("wrote ") && l.contains("g.html"));
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("\"label\":\"x1\"", "\"op\":\"tanh\"",
                "\"text\":\"o = tanh(n)\"");
        assertThat(Files.readString(dot)).startsWith("digraph micrograd {").contains("tanh");
        if (GraphExample.onPath("dot")) {
            assertThat(Files.readString(dir.resolve("g.svg"))).contains("<svg");
        } else {
            assertThat(out).anyMatch(l -> l.contains("apt-get install graphviz"));
        }
    }

    @Test
    @DisplayName("--help lists --html and --dot; a bad option exits 2")
    void options() throws Exception {
        String help = String.join("\n", ExamplesTest.run(args -> assertThat(Cli.run(new GraphExample(), args)).isZero(),
                "--help"));
        assertThat(help).contains("Usage: GraphExample", "--html", "--dot", "default: graph.html");
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Cli.run(new GraphExample(), "--out", "x.dot")).isEqualTo(2);
        } finally {
            System.setErr(savedErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown options: '--out'");
    }
}
