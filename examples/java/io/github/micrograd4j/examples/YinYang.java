package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.XorShift64Star;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.Adam;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * EurekaLabs micrograd's reference run, number for number: xorshift64* seeded 42 draws the yin-yang data and
 * then the weights of a 2-8-3 tanh MLP (scaled by nin^-1/2), trained for 100 steps of AdamW (lr 0.1, betas
 * 0.9/0.95, weight decay 1e-4) on the mean softmax cross-entropy of the 80 training points.
 *
 * <p>Standard output carries exactly the reference's lines: every 10 steps {@code step k/100, val loss L}
 * (6 decimals, round half even, before that step's update), and every step {@code step k/100, train loss L}
 * (Python's repr, {@link PythonFloat#repr}, of the loss before the update). Then it draws the three classes' regions with
 * the points over them, and the training curves (train and validation loss, training accuracy), and says so on
 * standard error.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.YinYang
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.YinYang -Dexec.args="--out yy.png"
 * </pre>
 */
@Command(name = "YinYang", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = {"Reruns EurekaLabs micrograd's reference training (yin-yang data, 2-8-3 tanh MLP, AdamW, "
                + "100 steps), printing its 110 lines, then draws the decision regions and the training curves."})
public final class YinYang implements Callable<Integer> {

    static final int STEPS = 100;

    /** The classes' names, in label order. */
    static final List<String> CLASSES = List.of("yin (0)", "yang (1)", "circles (2)");

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "yinyang.png",
            description = "PNG of the decision regions and the points (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--training-out", paramLabel = "PNG", defaultValue = "yinyang-training.png",
            description = "PNG of the loss and accuracy per step (default: ${DEFAULT-VALUE}).")
    Path trainingOut;

    /**
     * Performs the run and writes the pictures; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new YinYang(), args);
    }

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        Run run = train(System.out);
        double seconds = (System.nanoTime() - start) / 1e9;

        Dataset all = run.data();
        int[] classes = new int[all.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) all.label(i);
        }
        Plots.decisionRegions("YinYang: the 2-8-3 MLP's decision regions after " + STEPS + " steps",
                all.features(), classes, CLASSES, p -> argmax(run.model().apply(p)), out);
        double[] steps = new double[STEPS];
        double[] valSteps = new double[run.valLoss().length];
        for (int k = 0; k < STEPS; k++) {
            steps[k] = k + 1;
        }
        for (int k = 0; k < valSteps.length; k++) {
            valSteps[k] = 10 * k + 1;
        }
        Plots.trainingCurves("YinYang: loss and accuracy per step (AdamW, lr 0.1)", List.of(
                new Plots.Curve("train loss (80 points)", steps, run.trainLoss(), false),
                new Plots.Curve("validation loss (10 points)", valSteps, run.valLoss(), false),
                new Plots.Curve("train accuracy (%)", steps, run.trainAccuracy(), true)), trainingOut);
        System.err.printf(Locale.ROOT, "trained in %.2f s; wrote the decision regions to %s and the training curves to %s%n",
                seconds, out.toAbsolutePath(), trainingOut.toAbsolutePath());
        return 0;
    }

    /**
     * The trained model, the data it was trained on, and its history.
     *
     * @param trainLoss     the training loss before each step's update
     * @param valLoss       the validation loss before steps 1, 11, 21, ...
     * @param trainAccuracy the percentage of training points classified right before each step's update
     */
    record Run(MLP model, Dataset data, double[] trainLoss, double[] valLoss, double[] trainAccuracy) {
    }

    /** Generates the data, builds the model and trains it, printing the reference's lines to {@code out}. */
    static Run train(PrintStream out) {
        XorShift64Star rng = new XorShift64Star(42);
        Dataset data = io.github.micrograd4j.data.YinYang.generate(100, rng);
        Dataset.Split split = io.github.micrograd4j.data.YinYang.split(data);
        MLP model = new MLP(2, new int[] {8, 3}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, rng);
        Adam adam = new Adam(model.parameters(), 0.1, 0.9, 0.95, 1e-8, 1e-4);
        double[] trainLoss = new double[STEPS];
        double[] valLoss = new double[(STEPS + 9) / 10];
        double[] trainAccuracy = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            if (step % 10 == 0) {
                double val = loss(model, split.val()).data();
                valLoss[step / 10] = val;
                out.println("step " + (step + 1) + "/" + STEPS + ", val loss " + PythonFloat.fixed(val, 6));
            }
            List<List<Value>> logits = new ArrayList<>();
            Value loss = loss(model, split.train(), logits);
            trainLoss[step] = loss.data();
            trainAccuracy[step] = 100.0 * accuracy(logits, split.train());
            loss.backward();
            adam.step();
            adam.zeroGrad();
            out.println("step " + (step + 1) + "/" + STEPS + ", train loss " + PythonFloat.repr(loss.data()));
        }
        return new Run(model, data, trainLoss, valLoss, trainAccuracy);
    }

    /** The fraction of examples whose largest logit is their label's. */
    static double accuracy(List<List<Value>> logits, Dataset split) {
        int correct = 0;
        for (int i = 0; i < logits.size(); i++) {
            if (argmax(logits.get(i)) == (int) split.label(i)) {
                correct++;
            }
        }
        return (double) correct / logits.size();
    }

    /**
     * The mean cross-entropy over a split, built from the same operations as the reference (the loss function of EurekaLabs micrograd's micrograd.py), so
     * that the run rounds as the Python one does: per example {@code -log(exp(z_t) * (sum_k exp(z_k))^-1)},
     * then {@code (0 + l_0 + l_1 + ...) * (1 / N)}. The library's {@link Losses#crossEntropy(List, List)} computes
     * the same loss in a form that is stable for large logits; the two agree to about 1e-16 here.
     */
    static Value loss(MLP model, Dataset split) {
        return loss(model, split, new ArrayList<>());
    }

    /** The same loss, also adding each example's logits to {@code logitsOut} (in the same order of operations). */
    static Value loss(MLP model, Dataset split, List<List<Value>> logitsOut) {
        Value[] losses = new Value[split.size()];
        for (int i = 0; i < split.size(); i++) {
            List<Value> logits = model.apply(split.features(i));
            logitsOut.add(logits);
            List<Value> exps = new ArrayList<>(logits.size());
            for (Value z : logits) {
                exps.add(z.exp());
            }
            Value probability = exps.get((int) split.label(i)).mul(Value.sum(exps).pow(-1));
            losses[i] = probability.log().mul(-1.0);
        }
        return Value.sum(losses).mul(1.0 / losses.length);
    }

    static int argmax(List<Value> logits) {
        int best = 0;
        for (int k = 1; k < logits.size(); k++) {
            if (logits.get(k).data() > logits.get(best).data()) {
                best = k;
            }
        }
        return best;
    }
}
