package micrograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Task 7.3: microgpt trained on the names must reach the reference loss, the loss of the last of {@link #STEPS}
 * steps, to 1e-9 relative. In short: {@code rng = new Random(Names.SEED)}; a copy of {@link Names#DOCS} shuffled
 * with {@code Collections.shuffle(docs, rng)}; then the weights, {@code new Gpt(rng, Gpt.Config.MICROGPT)}; then step
 * k trains on {@code docs.get(k)}: its loss (recorded), backward, {@code adam.step(k, STEPS)}. The whole recipe, to
 * reproduce the number elsewhere, is course/GPT-REFERENCE.md.
 */
@Tag("task7.3")
@DisplayName("Task 7.3  train microgpt on the names     Names.train")
@TimeLimit.Seconds(300)
class Task7_3TrainTest {

    /** The number of steps of the reference run. */
    static final int STEPS = 1000;
    /** The loss at the last step of the reference run, made by the course's solution (Names.train). */
    static final double REFERENCE_LOSS = 2.4970483220254973;
    static final double REL = 1e-9;

    private static Names.Result trained;
    private static RuntimeException failed;

    /**
     * Your training run, once for all the tests here (and Task 7.4's names), with a line on the console before and
     * after: task is the task that asks for it first.
     */
    static synchronized Names.Result trained(String task) {
        if (failed != null) {
            throw failed;
        }
        if (trained == null) {
            long start = System.nanoTime();
            Thread progress = progress(task + ": training your GPT with Names.train, " + String.format("%,d", STEPS)
                    + " steps on the names (about 20 s)...");
            try {
                trained = Names.train(new Random(Names.SEED), STEPS);
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            } finally {
                progress.interrupt();
            }
            System.out.println(task + ": trained in " + Math.round((System.nanoTime() - start) / 1e9) + " s; "
                    + means(trained.losses()));
        }
        return trained;
    }

    /**
     * Starts a thread that prints the line once training has run for a second (a method that throws at once prints
     * nothing), then how long it has run every 30 s, until it is interrupted or the time limit is near: under mvn -q
     * the run prints nothing else until the board.
     */
    private static Thread progress(String line) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(1000);
                System.out.println(line);
                for (int s = 30; s < 300; s += 30) {
                    Thread.sleep(s == 30 ? 29_000 : 30_000);
                    System.out.println("  ... still training, " + s + " s so far");
                }
            } catch (InterruptedException e) {
                // training ended
            }
        }, "training progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Returns "the mean loss of steps 0-249 2.96, 250-499 2.61, ...": how it fell, a quarter of the run at a time. */
    static String means(double[] losses) {
        int n = losses.length;
        if (n < 4) {
            return "its losses " + java.util.Arrays.toString(losses);
        }
        StringBuilder s = new StringBuilder("the mean loss of steps");
        for (int q = 0; q < 4; q++) {
            int from = q * n / 4;
            int to = (q + 1) * n / 4;
            double mean = 0;
            for (int k = from; k < to; k++) {
                mean += losses[k] / (to - from);
            }
            s.append(q == 0 ? " " : ", ").append(from).append("-").append(to - 1).append(" ")
                    .append(String.format("%.2f", mean));
        }
        return s.append(" (a uniform guess: log 27 = 3.30)").toString();
    }

    /** The names in the order a run from new Random(SEED) reads them, and that rng, ready to draw the weights. */
    static List<String> shuffled(Random rng) {
        List<String> docs = new ArrayList<>(Names.DOCS);
        Collections.shuffle(docs, rng);
        return docs;
    }

    @Test
    @Order(1)
    @DisplayName("the first loss is the untrained GPT's loss on the first name after shuffling")
    void firstLoss() {
        Random rng = new Random(Names.SEED);
        List<String> docs = shuffled(rng);
        Gpt model = new Gpt(rng, Gpt.Config.MICROGPT);
        double expected = Names.loss(model, docs.get(0)).data();
        double got = trained("task 7.3").losses()[0];
        String hint = "shuffle a copy of DOCS with Collections.shuffle(docs, rng), then new Gpt(rng,"
                + " Gpt.Config.MICROGPT), then the loss of docs.get(0)";
        if (Math.abs(got - expected) > REL * expected) {
            Random weightsFirst = new Random(Names.SEED);
            Gpt other = new Gpt(weightsFirst, Gpt.Config.MICROGPT);
            if (Math.abs(got - Names.loss(other, shuffled(weightsFirst).get(0)).data()) <= REL * expected) {
                hint = "yours draws the weights first: shuffle first, then draw the weights (microgpt's order); " + hint;
            } else if (Math.abs(got - Names.loss(new Gpt(new Random(Names.SEED), Gpt.Config.MICROGPT),
                    Names.DOCS.get(0)).data()) <= REL * expected) {
                hint = "yours reads \"" + Names.DOCS.get(0) + "\", the file's first name: " + hint;
            }
        }
        Expect.relative("Names.train(new Random(SEED), " + STEPS + ").losses()[0]", expected, got, REL, hint);
    }

    @Test
    @Order(2)
    @DisplayName("the next steps follow your Adam (Task 7.1) on your loss (Task 7.2)")
    void firstSteps() {
        Random rng = new Random(Names.SEED);
        List<String> docs = shuffled(rng);
        Gpt model = new Gpt(rng, Gpt.Config.MICROGPT);
        Adam adam = new Adam(model.parameters());
        for (int k = 0; k < 4; k++) {
            Value loss = Names.loss(model, docs.get(k));
            Expect.relative("the loss at step " + k + " of Names.train(new Random(SEED), " + STEPS + ")", loss.data(),
                    trained("task 7.3").losses()[k], REL, k == 0 ? "the step before any update: see the test above"
                            : "after each step's loss: loss.backward(), then adam.step(k, steps) with the number of"
                                    + " steps of the run (the schedule needs it); the name of step k is"
                                    + " docs.get(k % docs.size())");
            loss.backward();
            adam.step(k, STEPS);
        }
    }

    @Test
    @Order(3)
    @DisplayName("it learns: the mean loss of the last 100 steps is below 2.6, where a uniform guess costs log 27 = 3.30")
    void learns() {
        double[] losses = trained("task 7.3").losses();
        double last = 0;
        for (int k = losses.length - 100; k < losses.length; k++) {
            last += losses[k] / 100;
        }
        Expect.that(last < 2.6, "the mean loss of the last 100 steps of Names.train(new Random(SEED), " + STEPS + ")",
                "below 2.6 (a guess of 1/27 each costs log 27 = 3.30)", last, "Adam moves each parameter against its"
                        + " gradient (p -= ...); the tests above say at which step yours goes astray");
    }

    @Test
    @Order(4)
    @DisplayName("the loss after " + STEPS + " steps is the reference's, to 1e-9 relative")
    void referenceLoss() {
        double[] losses = trained("task 7.3").losses();
        Expect.relative("the loss at the last step (" + (STEPS - 1) + ") of Names.train(new Random(SEED), " + STEPS
                + ")", REFERENCE_LOSS, losses[losses.length - 1], REL,
                "the tests above say where yours goes astray; GPT-REFERENCE.md in course/ has the whole recipe");
    }
}
