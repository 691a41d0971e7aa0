package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The {@link Tape} example of the README and of {@code Tape}'s Javadoc: micrograd's moons training with the graph
 * recorded once and replayed at every step. Prints the loss and the first point's score every 33 steps.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.TapeExample
 * </pre>
 */
@Command(name = "TapeExample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains micrograd's moons network with its graph recorded once and replayed at every step.")
public final class TapeExample implements Callable<Integer> {

    /**
     * Runs the example; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new TapeExample(), args);
    }

    @Override
    public Integer call() {
        Dataset data = Moons.micrograd100();
        double[][] x = data.features();
        double[] y = data.labels();
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        SGD sgd = new SGD(model.parameters(), 1.0);
        List<Value> scores = new ArrayList<>();
        for (double[] row : x) {
            scores.add(model.apply(row).get(0));
        }
        Value loss = Losses.hinge(scores, y).add(Losses.l2(model.parameters(), 1e-4));
        Value score0 = scores.get(0);

        Tape tape = Tape.record(loss);   // the graph below loss, flattened once, in topological order
        System.out.println(tape);
        for (int k = 0; k < 100; k++) {
            double l = tape.forward();   // recompute every recorded node from the leaves' current data
            model.zeroGrad();
            tape.backward();             // exactly as loss.backward(): root seeded with 1, leaves accumulate
            sgd.setLearningRate(1.0 - 0.9 * k / 100);
            sgd.step();                  // optimizers change the leaves; the next forward() sees it
            double s0 = tape.value(score0);   // any recorded node's value from the last forward()
            if (k % 33 == 0) {
                System.out.printf("step %d loss %.6f score0 %.6f%n", k, l, s0);
            }
        }
        return 0;
    }
}
