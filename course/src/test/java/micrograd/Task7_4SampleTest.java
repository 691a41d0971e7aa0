package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task7.4")
@DisplayName("Task 7.4  sample with a temperature       Names.sampleToken, sample")
class Task7_4SampleTest {

    static final String DRAW = "probs = Vectors.softmax of each logit divided by the temperature; r = rng.nextDouble();"
            + " return the first i whose running sum probs_0 + ... + probs_i is above r (the last i if rounding leaves"
            + " none above r)";
    static final String SAMPLE = "fresh KvCaches; token = BOS; for pos = 0 .. blockSize - 1: token ="
            + " sampleToken(model.apply(token, pos, keys, values), temperature, rng); stop at BOS (not part of the"
            + " name), else append CHARS.charAt(token)";

    static final double[] LOGITS = {2, 1, 0.5, 3};
    static final int DRAWS = 20_000;

    /** Returns the probabilities p_i proportional to weight(l_i). */
    static double[] normalized(double[] w) {
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double[] p = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            p[i] = w[i] / sum;
        }
        return p;
    }

    static double[] scaled(double[] x, double by) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * by;
        }
        return y;
    }

    /** Returns "(0.117, 0.016, ...)". */
    static String show(double[] p) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("%.3f", p[i]));
        }
        return s.append(")").toString();
    }

    /**
     * Returns how often each token comes up when r, uniform in [0, 1), is compared with running sums of w itself
     * rather than of probabilities: the first i whose w_0 + ... + w_i is above r, else the last.
     */
    static double[] runningSumsOf(double[] w) {
        int grid = 10_000;
        double[] freq = new double[w.length];
        for (int g = 0; g < grid; g++) {
            double r = (g + 0.5) / grid;
            double sum = 0;
            int token = w.length - 1;
            for (int i = 0; i < w.length; i++) {
                sum += w[i];
                if (r < sum) {
                    token = i;
                    break;
                }
            }
            freq[token] += 1.0 / grid;
        }
        return freq;
    }

    private static boolean near(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 0.015) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(1)
    @DisplayName("sampleToken draws each token as often as softmax(logits / temperature) says")
    void frequencies() {
        double t = 0.5;
        double[] expected = Task6_1SoftmaxTest.softmax(scaled(LOGITS, 1 / t));
        int[] count = new int[LOGITS.length];
        Random rng = new Random(71);
        List<Value> logits = List.of(Checks.leaves(LOGITS));
        for (int n = 0; n < DRAWS; n++) {
            count[Names.sampleToken(logits, t, rng)]++;
        }
        double[] freq = new double[LOGITS.length];
        for (int i = 0; i < LOGITS.length; i++) {
            freq[i] = (double) count[i] / DRAWS;
        }
        String hint = DRAW;
        if (near(freq, normalized(LOGITS))) {
            hint = "yours draws in proportion to the logits: draw from the probabilities softmax(logits /"
                    + " temperature) instead (logits can be negative; probabilities cannot)";
        } else if (near(freq, runningSumsOf(scaled(LOGITS, 1 / t)))) {
            hint = "yours compares r with running sums of the logits, which are no probabilities (the first logit,"
                    + " 2, is above any r already): sum the probabilities softmax(logits / temperature) instead";
        } else if (near(freq, Task6_1SoftmaxTest.softmax(LOGITS))) {
            hint = "yours draws from softmax(logits): divide each logit by the temperature first";
        } else if (near(freq, Task6_1SoftmaxTest.softmax(scaled(LOGITS, t)))) {
            hint = "yours multiplies the logits by the temperature: divide them by it (0.5 sharpens)";
        }
        Expect.that(near(freq, expected), "how often each token comes up in " + DRAWS + " draws of"
                + " sampleToken((2, 1, 0.5, 3), 0.5, rng), within 0.015", show(expected), show(freq), hint);
    }

    @Test
    @Order(2)
    @DisplayName("each draw takes one rng.nextDouble() and the first token whose running sum is above it")
    void inverse() {
        double t = 0.8;
        double[] p = Task6_1SoftmaxTest.softmax(scaled(LOGITS, 1 / t));
        Random rng = new Random(72);
        Random same = new Random(72);
        List<Value> logits = List.of(Checks.leaves(LOGITS));
        for (int n = 0; n < 1000; n++) {
            double r = same.nextDouble();
            int expected = 0;
            double sum = p[0];
            while (r >= sum && expected < p.length - 1) {
                sum += p[++expected];
            }
            Expect.equal("draw " + n + " of sampleToken((2, 1, 0.5, 3), 0.8, new Random(72)), r = " + r, expected,
                    Names.sampleToken(logits, t, rng), DRAW);
        }
    }

    @Test
    @Order(3)
    @DisplayName("sample: from BOS, token after token, until BOS; the same name as your pieces give")
    void sample() {
        Gpt model = new Gpt(new Random(73), Gpt.Config.MICROGPT);
        for (int seed = 0; seed < 10; seed++) {
            Random rng = new Random(seed);
            KvCache keys = new KvCache(1);
            KvCache values = new KvCache(1);
            StringBuilder expected = new StringBuilder();
            int token = Names.BOS;
            for (int pos = 0; pos < 16; pos++) {
                token = Names.sampleToken(model.apply(token, pos, keys, values), 1.0, rng);
                if (token == Names.BOS) {
                    break;
                }
                expected.append(Names.CHARS.charAt(token));
            }
            Expect.text("Names.sample(untrained model, 1.0, new Random(" + seed + "))", expected.toString(),
                    Names.sample(model, 1.0, new Random(seed)), SAMPLE);
        }
    }

    @Test
    @Order(4)
    @DisplayName("no name is longer than the block: a GPT of block 3 makes names of 3 letters at most")
    void blockSize() {
        Gpt model = new Gpt(new Random(74), new Gpt.Config(27, 16, 4, 1, 3));
        Random rng = new Random(75);
        int longest = 0;
        for (int n = 0; n < 100; n++) {
            String name = Names.sample(model, 1.0, rng);
            Expect.that(name.length() <= 3, "a name of a GPT of block size 3", "3 letters at most", "\"" + name + "\"",
                    "stop after blockSize positions (pos < model.config().blockSize()): " + SAMPLE);
            longest = Math.max(longest, name.length());
        }
        Expect.equal("the longest of 100 names of an untrained GPT of block size 3", 3, longest,
                "read up to blockSize positions, so a name can have blockSize letters: " + SAMPLE);
    }

    @Test
    @Order(5)
    @DisplayName("your trained GPT makes up names (printed above the board)")
    @TimeLimit.Seconds(300)
    void names() {
        Gpt model = Task7_3TrainTest.trained("task 7.4").model();
        Random rng = new Random(Names.SEED);
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String name = Names.sample(model, Names.TEMPERATURE, rng);
            Expect.that(name.matches("[a-z]{0,16}"), "a name your trained GPT made up", "letters a to z, 16 at most",
                    "\"" + name + "\"", SAMPLE);
            names.add(name);
        }
        Expect.that(names.stream().distinct().count() > 10, "the 20 names your trained GPT made up at temperature 0.5",
                "more than 10 different ones", names, "sample from the trained model (Task 7.3), a new draw each"
                        + " time from the same rng: " + SAMPLE);
        System.out.println("Names your GPT made up (temperature " + Names.TEMPERATURE + "): " + String.join(", ", names));
    }
}
