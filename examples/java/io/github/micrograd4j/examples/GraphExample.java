package io.github.micrograd4j.examples;

import io.github.micrograd4j.viz.GraphDot;
import io.github.micrograd4j.viz.GraphHtml;
import io.github.micrograd4j.engine.Value;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The neuron of micrograd's notebook, o = tanh(x1*w1 + x2*w2 + b), differentiated and drawn: writes
 * {@code graph.html}, a page that steps through backward() in any browser, and {@code graph.dot}, plus
 * {@code graph.svg} when Graphviz's {@code dot} is on the PATH (Debian/Ubuntu: {@code apt-get install graphviz};
 * otherwise it prints the command to render it elsewhere).
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.GraphExample
 * </pre>
 */
@Command(name = "GraphExample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Builds micrograd's neuron o = tanh(x1*w1 + x2*w2 + b), runs backward and draws the graph: "
                + "an HTML page that steps through backward(), and a Graphviz picture.")
public final class GraphExample implements Callable<Integer> {

    @Option(names = "--html", paramLabel = "<file>", defaultValue = "graph.html",
            description = "the interactive page to write (default: ${DEFAULT-VALUE})")
    private Path html;

    @Option(names = "--dot", paramLabel = "<file>", defaultValue = "graph.dot",
            description = "the Graphviz DOT file to write; the SVG goes next to it (default: ${DEFAULT-VALUE})")
    private Path dotFile;

    /**
     * Runs the example; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new GraphExample(), args);
    }

    /**
     * Micrograd's neuron, every value labelled as in the lecture.
     *
     * @param x1 an input
     * @param w1 its weight
     * @param x2 an input
     * @param w2 its weight
     * @param b  the bias
     * @param o  the output, tanh(x1*w1 + x2*w2 + b)
     */
    public record Neuron(Value x1, Value w1, Value x2, Value w2, Value b, Value o) {

        /**
         * Returns the neuron of micrograd's lecture: x1 = 2, w1 = -3, x2 = 0, w2 = 1, b = 6.8813735870195432, so
         * that o = tanh(n) = 0.7071 (before backward: every grad 0).
         *
         * @return the neuron
         */
        public static Neuron build() {
            Value x1 = new Value(2.0, "x1");
            Value x2 = new Value(0.0, "x2");
            Value w1 = new Value(-3.0, "w1");
            Value w2 = new Value(1.0, "w2");
            Value b = new Value(6.8813735870195432, "b");
            Value x1w1 = x1.mul(w1);
            x1w1.setLabel("x1*w1");
            Value x2w2 = x2.mul(w2);
            x2w2.setLabel("x2*w2");
            Value x1w1x2w2 = x1w1.add(x2w2);
            x1w1x2w2.setLabel("x1*w1 + x2*w2");
            Value n = x1w1x2w2.add(b);
            n.setLabel("n");
            Value o = n.tanh();
            o.setLabel("o");
            return new Neuron(x1, w1, x2, w2, b, o);
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Neuron neuron = Neuron.build();
        Value o = neuron.o();
        o.backward();
        System.out.printf("o = %.4f; do/dx1 = %.4f, do/dw1 = %.4f, do/dx2 = %.4f, do/dw2 = %.4f%n",
                o.data(), neuron.x1().grad(), neuron.w1().grad(), neuron.x2().grad(), neuron.w2().grad());

        GraphHtml.write(o, html);                        // the page replays backward() from grads of 0
        System.out.println("wrote " + html.toAbsolutePath() + " (open it in a browser and press step)");
        GraphDot.write(o, dotFile);
        System.out.println("wrote " + dotFile.toAbsolutePath());
        Path svg = dotFile.resolveSibling(dotFile.getFileName().toString().replaceFirst("\\.dot$", "") + ".svg");
        if (onPath("dot")) {
            Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString(), "-o", svg.toString())
                    .inheritIO().start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                System.out.println("wrote " + svg.toAbsolutePath());
                return 0;
            }
            System.out.println("dot failed; render by hand with: dot -Tsvg " + dotFile + " -o " + svg);
        } else {
            System.out.println("Graphviz's dot is not on the PATH (Debian/Ubuntu: apt-get install graphviz); "
                    + "render with: dot -Tsvg " + dotFile + " -o " + svg);
        }
        return 0;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            }
        }
        return false;
    }
}
