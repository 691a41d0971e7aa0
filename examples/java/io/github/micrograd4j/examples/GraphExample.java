package io.github.micrograd4j.examples;

import io.github.micrograd4j.engine.GraphDot;
import io.github.micrograd4j.engine.Value;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The neuron of micrograd's notebook, o = tanh(x1*w1 + x2*w2 + b), differentiated and drawn: writes
 * {@code graph.dot}, and {@code graph.svg} when Graphviz's {@code dot} is on the PATH (Debian/Ubuntu:
 * {@code apt-get install graphviz}; otherwise it prints the command to render it elsewhere).
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.GraphExample
 * </pre>
 * Options: {@code --out} the DOT file ({@code graph.dot}; the SVG goes next to it).
 */
public final class GraphExample {

    private GraphExample() {
    }

    /**
     * Builds the neuron, runs backward, writes the pictures.
     *
     * @param args options, see the class comment
     * @throws IOException          if a file cannot be written
     * @throws InterruptedException if interrupted while {@code dot} runs
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dotFile = Path.of(new Args(args, Set.of("out")).get("out", "graph.dot"));
        Value x1 = new Value(2.0, "x1");
        Value x2 = new Value(0.0, "x2");
        Value w1 = new Value(-3.0, "w1");
        Value w2 = new Value(1.0, "w2");
        Value b = new Value(6.8813735870195432, "b");
        Value x1w1 = x1.mul(w1);
        x1w1.setLabel("x1*w1");
        Value x2w2 = x2.mul(w2);
        x2w2.setLabel("x2*w2");
        Value n = x1w1.add(x2w2).add(b);
        n.setLabel("n");
        Value o = n.tanh();
        o.setLabel("o");
        o.backward();
        System.out.printf("o = %.4f; do/dx1 = %.4f, do/dw1 = %.4f, do/dx2 = %.4f, do/dw2 = %.4f%n",
                o.data(), x1.grad(), w1.grad(), x2.grad(), w2.grad());

        GraphDot.write(o, dotFile);
        System.out.println("wrote " + dotFile.toAbsolutePath());
        Path svg = dotFile.resolveSibling(dotFile.getFileName().toString().replaceFirst("\\.dot$", "") + ".svg");
        if (onPath("dot")) {
            Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString(), "-o", svg.toString())
                    .inheritIO().start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                System.out.println("wrote " + svg.toAbsolutePath());
                return;
            }
            System.out.println("dot failed; render by hand with: dot -Tsvg " + dotFile + " -o " + svg);
        } else {
            System.out.println("Graphviz's dot is not on the PATH (Debian/Ubuntu: apt-get install graphviz); "
                    + "render with: dot -Tsvg " + dotFile + " -o " + svg);
        }
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
