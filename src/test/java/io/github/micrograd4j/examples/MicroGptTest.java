package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Names;
import io.github.micrograd4j.data.PythonRandom;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.examples.MicroGpt.Gpt;
import io.github.micrograd4j.examples.MicroGpt.KvCache;
import io.github.micrograd4j.examples.MicroGpt.Tokenizer;
import io.github.micrograd4j.examples.MicroGpt.Training;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MicroGpt against CPython's run of microgpt.py: {@code refdata/microgpt/} holds its losses at full precision, its
 * standard output and its shuffled documents and initial weights (see the README there).
 */
@DisplayName("MicroGpt trains and samples as microgpt.py does under CPython")
class MicroGptTest {

    @TempDir
    Path dir;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(MicroGptTest.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        }
    }

    static List<String> lines(String name) throws IOException {
        return new String(resource(name), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** CPython's 1,000 losses, from {@code losses.txt}. */
    static double[] cpythonLosses() throws IOException {
        return lines("/refdata/microgpt/losses.txt").stream().mapToDouble(Double::parseDouble).toArray();
    }

    /** Returns microgpt's setup: seed 42, the names shuffled, the tokenizer, the model's draws. */
    static Setup defaults() {
        MicroGpt.Draws random = MicroGpt.Draws.python(42);
        List<String> docs = new ArrayList<>(Names.load());
        random.shuffle(docs);
        Tokenizer tokenizer = new Tokenizer(docs);
        Gpt model = new Gpt(tokenizer.vocabSize(), 16, 4, 1, 16, random);
        return new Setup(docs, tokenizer, model, random);
    }

    record Setup(List<String> docs, Tokenizer tokenizer, Gpt model, MicroGpt.Draws random) {
    }

    @Nested
    @DisplayName("number for number with CPython")
    class AgainstCPython {

        @Test
        @DisplayName("seed 42 shuffles the names into microgpt's docs; the initial weights are CPython's to 4 ulps")
        void setup() throws IOException, NoSuchAlgorithmException {
            Setup s = defaults();
            List<String> expected = lines("/refdata/microgpt/docs.txt");
            assertThat(s.docs()).startsWith(expected.subList(0, 20).toArray(new String[0]));
            byte[] joined = String.join("\n", s.docs()).getBytes(StandardCharsets.UTF_8);
            assertThat("sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(joined)))
                    .isEqualTo(expected.get(20));
            assertThat(s.tokenizer().vocabSize()).isEqualTo(27);
            assertThat(s.model().params).hasSize(4192);
            List<String> weights = lines("/refdata/microgpt/weights.txt");
            for (int i = 0; i < 20; i++) {
                String[] f = weights.get(i).split(" ");
                int index = Integer.parseInt(f[0]);
                double python = Double.parseDouble(f[1]);
                assertThat(s.model().params.get(index).data()).as("weight %d", index)
                        .isCloseTo(python, within(4 * Math.ulp(python)));
            }
            double sum = s.model().params.stream().mapToDouble(Value::data).sum();
            assertThat(sum).isCloseTo(Double.parseDouble(weights.get(20).split(" ")[1]), within(1e-12));
        }

        @Test
        @DisplayName("the first five losses are CPython's to 1e-12, relative")
        void firstFiveLosses() throws IOException {
            double[] python = cpythonLosses();
            Setup s = defaults();
            Training training = new Training(s.model(), 0.01, 1000, false);
            for (int step = 0; step < 5; step++) {
                double loss = training.step(s.tokenizer().encode(s.docs().get(step)));
                assertThat(loss).as("step %d", step + 1).isCloseTo(python[step], within(1e-12 * python[step]));
            }
        }

        @Test
        @DisplayName("through the tape (a recording per document length) every loss and every weight is the eager "
                + "path's, bit for bit, step after step")
        void tapeEqualsEager() {
            Setup eager = defaults();
            Setup taped = defaults();
            Training a = new Training(eager.model(), 0.01, 1000, false);
            Training b = new Training(taped.model(), 0.01, 1000, true);
            java.util.Set<Integer> lengths = new java.util.TreeSet<>();
            boolean repeated = false;                          // a token twice in one name: two shares into a wte row
            for (int step = 0; step < 40; step++) {
                int[] tokens = eager.tokenizer().encode(eager.docs().get(step));
                lengths.add(tokens.length);
                repeated |= Arrays.stream(tokens).distinct().count() < tokens.length - 1;
                assertThat(b.step(tokens)).as("loss of step %d", step).isEqualTo(a.step(tokens));
                for (int i = 0; i < eager.model().params.size(); i++) {
                    assertThat(taped.model().params.get(i).data()).as("step %d, weight %d", step, i)
                            .isEqualTo(eager.model().params.get(i).data());
                }
            }
            assertThat(lengths).hasSizeGreaterThan(5);
            assertThat(repeated).isTrue();
        }

        @Test
        @DisplayName("--tape prints CPython's stdout byte for byte too")
        void tapeRun() throws Exception {
            ExamplesTest.Outcome run = ExamplesTest.cli(new MicroGpt(), "--tape", "--no-pictures");
            assertThat(run.code()).isZero();
            assertThat(run.out()).isEqualTo(new String(resource("/refdata/microgpt/stdout.txt"), StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("--rng java reproduces the course's reference run (course/GPT-REFERENCE.md): step 1000's loss "
                + "2.4970483220254973 to 1e-9")
        void courseReference() throws Exception {
            Path losses = dir.resolve("losses.txt");
            ExamplesTest.Outcome run = ExamplesTest.cli(new MicroGpt(), "--rng", "java", "--tape", "--samples", "0",
                    "--no-pictures", "--losses", losses.toString());
            assertThat(run.code()).as(run.err()).isZero();
            List<String> lines = Files.readAllLines(losses);
            assertThat(lines).hasSize(1000);
            double reference = 2.4970483220254973;
            assertThat(Double.parseDouble(lines.get(999))).isCloseTo(reference, within(1e-9 * reference));
        }

        @Test
        @DisplayName("the default run prints CPython's stdout byte for byte; its 1,000 losses are CPython's to 1e-9")
        void defaultRun() throws Exception {
            Path losses = dir.resolve("losses.txt");
            ExamplesTest.Outcome run = ExamplesTest.cli(new MicroGpt(), "--losses", losses.toString(), "--no-pictures");
            assertThat(run.code()).isZero();
            String printed = new String(resource("/refdata/microgpt/stdout.txt"), StandardCharsets.UTF_8);
            assertThat(run.out()).isEqualTo(printed);
            double[] python = cpythonLosses();
            double[] java = Files.readAllLines(losses).stream().mapToDouble(Double::parseDouble).toArray();
            assertThat(java).hasSize(1000);
            for (int i = 0; i < java.length; i++) {
                assertThat(java[i]).as("step %d", i + 1).isCloseTo(python[i], within(1e-9 * python[i]));
            }
        }
    }

    @Nested
    @DisplayName("the command line")
    class CommandLine {

        @Test
        @DisplayName("a few steps on a file of longer documents print the counts, a line each step and the samples")
        void smoke() throws IOException {
            Path file = Files.writeString(dir.resolve("words.txt"),
                    "  the quick brown fox\n\njumps over\r\nthe lazy dog\n");
            Path losses = dir.resolve("losses.txt");
            ExamplesTest.Outcome run = ExamplesTest.cli(new MicroGpt(), "--data", file.toString(), "--steps", "3",
                    "--samples", "2", "--n-embd", "8", "--n-head", "2", "--n-layer", "2", "--block-size", "6",
                    "--losses", losses.toString(), "--no-pictures");
            assertThat(run.code()).as(run.err()).isZero();
            List<String> out = Arrays.asList(run.out().split("[\r\n]", -1));
            int vocab = 28;                                    // a pangram: the space, 26 letters and BOS
            assertThat(out).startsWith("num docs: 3", "vocab size: " + vocab,
                    "num params: " + (vocab * 8 + 6 * 8 + vocab * 8 + 2 * 12 * 8 * 8));
            assertThat(out.subList(3, 6)).allMatch(l -> l.matches("step    \\d /    3 \\| loss \\d\\.\\d{4}"));
            assertThat(out.get(6)).isEmpty();                  // the inference header starts a new line
            assertThat(out.get(7)).isEqualTo("--- inference (new, hallucinated names) ---");
            assertThat(out.subList(8, 10)).allMatch(l -> l.matches("sample  [12]: .{0,6}"));
            assertThat(Files.readAllLines(losses)).hasSize(3);
        }

        @Test
        @DisplayName("--tape --without SPEEDUP,... records without those speed-ups: the same losses as eager")
        void withoutSpeedups() throws IOException {
            Path eager = dir.resolve("eager.txt");
            Path taped = dir.resolve("taped.txt");
            String[] common = {"--steps", "12", "--samples", "0", "--no-pictures"};
            ExamplesTest.Outcome a = ExamplesTest.cli(new MicroGpt(), concat(common, "--losses", eager.toString()));
            ExamplesTest.Outcome b = ExamplesTest.cli(new MicroGpt(), concat(common, "--losses", taped.toString(),
                    "--tape", "--without", "DENSE_LAYERS,DOT_PRODUCTS,SKIP_ZEROS,SKIP_RUNS"));
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(b.code()).as(b.err()).isZero();
            assertThat(Files.readAllLines(taped)).hasSize(12).isEqualTo(Files.readAllLines(eager));
            ExamplesTest.Outcome bad = ExamplesTest.cli(new MicroGpt(), concat(common, "--without", "FAST"));
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("FAST");
        }

        private String[] concat(String[] a, String... b) {
            String[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }

        @Test
        @DisplayName("--out-dir gets both pictures: the loss per step and a heatmap per head of the first sample")
        void pictures() throws IOException {
            Path out = dir.resolve("pictures");
            ExamplesTest.Outcome run = ExamplesTest.cli(new MicroGpt(), "--steps", "20", "--samples", "2",
                    "--out-dir", out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            java.awt.image.BufferedImage loss = javax.imageio.ImageIO.read(out.resolve("microgpt-loss.png").toFile());
            java.awt.image.BufferedImage attention =
                    javax.imageio.ImageIO.read(out.resolve("microgpt-attention.png").toFile());
            assertThat(loss.getWidth()).isGreaterThan(400);
            assertThat(attention.getWidth()).isGreaterThanOrEqualTo(4 * 200);   // four heads side by side
            assertThat(run.err()).contains("microgpt-loss.png", "microgpt-attention.png");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "--n-head 3|--n-head (3) must divide --n-embd (16)",
            "--n-embd 0|--n-embd (0) must be >= 1",
            "--n-head 0|--n-head (0) must be >= 1",
            "--n-layer 0|--n-layer (0) must be >= 1",
            "--block-size -2|--block-size (-2) must be >= 1",
            "--steps -1|--steps (-1) must be >= 0",
            "--samples -1|--samples (-1) must be >= 0",
            "--lr NaN|--lr (NaN) must be finite and >= 0",
            "--temperature 0|--temperature (0.0) must be finite and > 0",
            "--data EMPTY|has no documents (it is empty or has only blank lines)",
            "--data BLANK|has no documents (it is empty or has only blank lines)",
            "--losses NODIR/losses.txt|no such directory"})
        @DisplayName("bad options are refused with exit code 2 and a message naming the problem; nothing is written")
        void refused(String options, String message) throws IOException {
            ExamplesTest.Outcome run = runWithFiles(options);
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains(message);
            assertThat(run.out()).isEmpty();
            assertThat(dir.resolve("losses.txt")).doesNotExist();
        }

        @Test
        @DisplayName("a missing --data file fails as any example's missing file does: exit code 1, the file named")
        void missingFile() throws IOException {
            ExamplesTest.Outcome run = runWithFiles("--data MISSING");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("MicroGpt: no such file or directory: " + dir.resolve("MISSING") + "\n");
            assertThat(run.out()).isEmpty();
            assertThat(dir.resolve("losses.txt")).doesNotExist();
        }

        /** Runs MicroGpt with {@code options}, its words EMPTY, BLANK, ... standing for files in the test's folder. */
        private ExamplesTest.Outcome runWithFiles(String options) throws IOException {
            Files.write(dir.resolve("EMPTY"), new byte[0]);
            Files.writeString(dir.resolve("BLANK"), " \n\t\n\r\n");
            List<String> args = new ArrayList<>();
            for (String o : options.split(" ")) {
                args.add(o.matches("(EMPTY|BLANK|MISSING|NODIR).*") ? dir.resolve(o).toString() : o);
            }
            if (!args.contains("--losses")) {
                args.addAll(List.of("--losses", dir.resolve("losses.txt").toString()));
            }
            return ExamplesTest.cli(new MicroGpt(), args.toArray(new String[0]));
        }
    }

    @Nested
    @DisplayName("the model")
    class Model {

        /** A small two-layer model over a few documents, so that its later layer reads cached keys of the first. */
        final Gpt model = new Gpt(12, 8, 2, 2, 8, MicroGpt.Draws.python(7));

        @Test
        @DisplayName("KV-cache inference (one position at a time) gives the logits of the whole prefix from scratch")
        void kvCache() {
            int[] tokens = {11, 3, 0, 7, 7, 2, 9, 1};
            KvCache cache = model.newCache();
            for (int t = 0; t < tokens.length; t++) {
                double[] cached = data(model.gpt(tokens[t], t, cache));
                double[] scratch = FromScratch.logits(model, Arrays.copyOf(tokens, t + 1));
                for (int i = 0; i < cached.length; i++) {
                    assertThat(cached[i]).as("position %d, logit %d", t, i)
                            .isCloseTo(scratch[i], within(1e-12 * Math.max(1, Math.abs(scratch[i]))));
                }
            }
            assertThat(cache.keys()).allMatch(layer -> layer.size() == tokens.length);
        }

        @Test
        @DisplayName("a document longer than the block learns from its first block of tokens only, as microgpt cuts it")
        void longDocumentsAreCut() {
            Tokenizer tokenizer = new Tokenizer(List.of("abcdefghijk"));
            int[] tokens = tokenizer.encode("abcdefghijkabcdefghijk");          // 24 tokens, BOS at both ends
            Gpt a = new Gpt(tokenizer.vocabSize(), 8, 2, 1, 8, MicroGpt.Draws.python(3));
            Gpt b = new Gpt(tokenizer.vocabSize(), 8, 2, 1, 8, MicroGpt.Draws.python(3));
            double whole = new Training(a, 0.01, 10, false).step(tokens);
            double cut = new Training(b, 0.01, 10, false).step(Arrays.copyOf(tokens, 9));   // 8 inputs and their targets
            assertThat(whole).isEqualTo(cut);
            for (int i = 0; i < a.params.size(); i++) {
                assertThat(a.params.get(i).data()).isEqualTo(b.params.get(i).data());
            }
        }
    }

    static double[] data(List<Value> values) {
        return values.stream().mapToDouble(Value::data).toArray();
    }

    /**
     * The model's forward pass over a whole sequence at once, in plain doubles and without a cache: every
     * position's keys and values are recomputed, each position attends to all positions up to itself.
     */
    static final class FromScratch {

        static double[] logits(Gpt model, int[] tokens) {
            int n = tokens.length;
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = rmsnorm(add(row(model, "wte", tokens[t]), row(model, "wpe", t)));
            }
            for (int li = 0; li < model.nLayer; li++) {
                double[][] residual = x;
                double[][] q = new double[n][];
                double[][] k = new double[n][];
                double[][] v = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] h = rmsnorm(x[t]);
                    q[t] = linear(h, matrix(model, "layer" + li + ".attn_wq"));
                    k[t] = linear(h, matrix(model, "layer" + li + ".attn_wk"));
                    v[t] = linear(h, matrix(model, "layer" + li + ".attn_wv"));
                }
                x = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] attn = new double[model.nEmbd];
                    for (int hs = 0; hs < model.nEmbd; hs += model.headDim) {
                        double[] w = new double[t + 1];
                        for (int s = 0; s <= t; s++) {
                            w[s] = dot(Arrays.copyOfRange(q[t], hs, hs + model.headDim),
                                    Arrays.copyOfRange(k[s], hs, hs + model.headDim)) / Math.sqrt(model.headDim);
                        }
                        w = softmax(w);
                        for (int j = 0; j < model.headDim; j++) {
                            for (int s = 0; s <= t; s++) {
                                attn[hs + j] += w[s] * v[s][hs + j];
                            }
                        }
                    }
                    double[] y = add(linear(attn, matrix(model, "layer" + li + ".attn_wo")), residual[t]);
                    double[] hidden = linear(rmsnorm(y), matrix(model, "layer" + li + ".mlp_fc1"));
                    for (int i = 0; i < hidden.length; i++) {
                        hidden[i] = Math.max(0, hidden[i]);
                    }
                    x[t] = add(linear(hidden, matrix(model, "layer" + li + ".mlp_fc2")), y);
                }
            }
            return linear(x[n - 1], matrix(model, "lm_head"));
        }

        static double[][] matrix(Gpt model, String name) {
            return Arrays.stream(model.stateDict.get(name)).map(r -> data(List.of(r))).toArray(double[][]::new);
        }

        static double[] row(Gpt model, String name, int i) {
            return data(List.of(model.stateDict.get(name)[i]));
        }

        static double[] linear(double[] x, double[][] w) {
            return Arrays.stream(w).mapToDouble(r -> dot(r, x)).toArray();
        }

        static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        static double[] add(double[] a, double[] b) {
            double[] c = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i] + b[i];
            }
            return c;
        }

        static double[] rmsnorm(double[] x) {
            double scale = 1 / Math.sqrt(dot(x, x) / x.length + 1e-5);
            return Arrays.stream(x).map(xi -> xi * scale).toArray();
        }

        static double[] softmax(double[] z) {
            double max = Arrays.stream(z).max().orElseThrow();
            double[] e = Arrays.stream(z).map(zi -> Math.exp(zi - max)).toArray();
            double total = Arrays.stream(e).sum();
            return Arrays.stream(e).map(ei -> ei / total).toArray();
        }
    }
}
