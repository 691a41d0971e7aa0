package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Names;
import io.github.micrograd4j.data.PythonRandom;
import io.github.micrograd4j.engine.Linear;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Functions;
import io.github.micrograd4j.nn.Losses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Karpathy's microgpt ({@code microgpt.py}, gist karpathy/8627fe009c40f57531cb18360106ce95): a GPT trained on
 * makemore's names and sampled, over scalar {@link Value}s, in the sections of the Python file and in their order
 * (data, tokenizer, parameters, model, training, inference). With no options it prints what microgpt.py prints
 * under CPython, byte for byte: {@code num docs: 32033}, {@code vocab size: 27}, {@code num params: 4192}, a line
 * {@code step    1 / 1000 | loss 3.3660} for each of the 1,000 steps (each ended by a carriage return, as microgpt
 * ends them, so that a terminal shows one line counting up), then 20 made-up names from {@code sample  1: kamon}.
 * It also draws {@code microgpt-loss.png} (the loss per step and its moving average) and
 * {@code microgpt-attention.png} (each head's attention over the first sample), saying so on standard error.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.MicroGpt
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.MicroGpt \
 *     -Dexec.args="--steps 200 --n-layer 2 --data words.txt --losses losses.txt"
 * </pre>
 *
 * <h2>On the library</h2>
 * Each weight matrix is a {@link Linear} layer without biases (one layer-level node per application, microgpt's
 * {@code linear}, with {@code mlp_fc1}'s ReLU fused in), the loss of a document is
 * {@link Losses#crossEntropy(List, List)} over its positions (microgpt's mean of {@code -log softmax}), and
 * {@link Functions} gives the softmax and the RMS norm. With {@code --tape} a graph is recorded once for each
 * document length and replayed ({@link Tape}): the document's token embeddings and targets are leaves set before
 * each replay, and the gradients of the embeddings are added to the rows of {@code wte} they came from, in the
 * order a new graph's {@code backward()} adds them, so that the run is the same, to the bit, as without.
 *
 * <h2>Number for number</h2>
 * The draws are microgpt's ({@link PythonRandom}: the shuffle, the Gaussian weights in the state dict's order, the
 * samples). The sums are Python's (from 0, left to right) but a few operations are the library's single ones where
 * microgpt chains several (the loss is one node, {@code max + log(sum(exp(z - max))) - z_target}; a softmax divides
 * by its sum where microgpt multiplies by the sum to the power -1), and the JVM's {@code exp}, {@code log} and
 * {@code pow} do not always round as the C library's do; so the losses differ from CPython's in their last bits:
 * all 1,000 agree within 1e-12 relative and every printed line is CPython's, byte for byte ({@code MicroGptTest}).
 * {@code --rng java} draws from {@code java.util.Random} instead, as the course's reference run does
 * ({@code course/GPT-REFERENCE.md}).
 */
@Command(name = "MicroGpt", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = {"Karpathy's microgpt: a small GPT over scalar Values learns makemore's 32,033 names (or "
                + "the documents of --data, one a line) one document a step with Adam, then makes up new ones. "
                + "Prints what microgpt.py prints: the counts, a loss line each step (ended by a carriage return), "
                + "the samples; draws microgpt-loss.png and microgpt-attention.png into --out-dir.", ""})
public final class MicroGpt implements Callable<Integer> {

    /** The standard deviation of the initial weights, microgpt's {@code matrix(..., std=0.08)}. */
    static final double INIT_STD = 0.08;

    /** Adam's decay rates and epsilon, microgpt's {@code beta1, beta2, eps_adam}. */
    static final double BETA1 = 0.85;
    static final double BETA2 = 0.99;
    static final double EPS_ADAM = 1e-8;

    /** The random generators: microgpt's (CPython's {@code random}), or the course's {@code java.util.Random}. */
    enum Rng { python, java }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "A UTF-8 text file of one document a line; lines are stripped and blank ones skipped "
                    + "(default: makemore's names, Names.load()).")
    Path data;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000",
            description = "Training steps, one document each (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--n-embd", paramLabel = "N", defaultValue = "16",
            description = "Width of the network, the embedding dimension (default: ${DEFAULT-VALUE}).")
    int nEmbd;

    @Option(names = "--n-head", paramLabel = "N", defaultValue = "4",
            description = "Attention heads; must divide --n-embd (default: ${DEFAULT-VALUE}).")
    int nHead;

    @Option(names = "--n-layer", paramLabel = "N", defaultValue = "1",
            description = "Transformer layers (default: ${DEFAULT-VALUE}).")
    int nLayer;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "16",
            description = "Context length: longer documents are cut to their first N tokens, BOS included, and "
                    + "samples to N characters (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Adam's learning rate at step 1, decaying linearly to 0 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "The seed of the shuffle, the initial weights and the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5",
            description = "Sampling temperature, > 0; lower is more conservative (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20",
            description = "Documents to make up after training (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--tape", description = "Record a graph once for each document length and replay it "
            + "(the same numbers, faster); default: a new graph every step, as microgpt builds it.")
    boolean tape;

    @Mixin
    TapeSpeedups speedups;

    @Option(names = "--rng", paramLabel = "RNG", defaultValue = "python",
            description = "python: CPython's random (microgpt's numbers); java: java.util.Random, its shuffle and "
                    + "nextGaussian (the course's reference run) (default: ${DEFAULT-VALUE}).")
    Rng rng;

    @Option(names = "--losses", paramLabel = "FILE",
            description = "Also write each step's loss at full precision (Python's repr), one a line.")
    Path lossesFile;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where to draw microgpt-loss.png and microgpt-attention.png (default: the current "
                    + "directory); --no-pictures draws none.")
    Path outDir;

    @Option(names = "--no-pictures", description = "Draw no pictures.")
    boolean noPictures;

    @Option(names = "--timing", description = "Also print on standard error how long the training loop took (the "
            + "steps, recordings included; not the start, the data or the samples).")
    boolean timing;

    /**
     * Trains and samples as microgpt.py does; {@code --help} lists the options.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        Cli.main(new MicroGpt(), args);
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        List<String> docs = documents();                // read and checked before anything is drawn or printed
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Draws random = rng == Rng.python ? Draws.python(seed) : Draws.java(seed);   // order among chaos

        // Let there be a Dataset `docs`: a list of documents (e.g. a list of names)
        random.shuffle(docs);
        out.print("num docs: " + docs.size() + "\n");

        // Let there be a Tokenizer to translate strings to sequences of integers ("tokens") and back
        Tokenizer tokenizer = new Tokenizer(docs);
        out.print("vocab size: " + tokenizer.vocabSize() + "\n");

        // Initialize the parameters, to store the knowledge of the model
        Gpt model = new Gpt(tokenizer.vocabSize(), nEmbd, nHead, nLayer, blockSize, random);
        out.print("num params: " + model.params.size() + "\n");

        // Let there be Adam, the blessed optimizer and its buffers; repeat in sequence
        long start = System.nanoTime();
        Training training = new Training(model, lr, steps, tape ? speedups.speedups() : null);
        double[] losses = new double[steps];
        long lastThousand = start;                        // (--timing: when the last 1,000 steps began)
        for (int step = 0; step < steps; step++) {
            if (step == steps - 1000) {
                lastThousand = System.nanoTime();
            }
            losses[step] = training.step(tokenizer.encode(docs.get(step % docs.size())));
            out.print(String.format(Locale.ROOT, "step %4d / %4d | loss %s\r", step + 1, steps,
                    PythonFloat.fixed(losses[step], 4)));
            out.flush();
        }
        long end = System.nanoTime();
        if (timing) {
            double seconds = (end - start) / 1e9;
            System.err.printf(Locale.ROOT, "training loop: %.3f s (%d steps, %.1f us a step)%n", seconds, steps,
                    steps == 0 ? 0.0 : seconds * 1e6 / steps);
            if (steps >= 2000) {                              // warmed up: the JIT has compiled the steps' code
                System.err.printf(Locale.ROOT, "its last 1000 steps: %.3f s%n", (end - lastThousand) / 1e9);
            }
        }
        if (lossesFile != null) {
            Files.write(lossesFile, Arrays.stream(losses).mapToObj(PythonFloat::repr).toList());
        }

        // Inference: may the model babble back to us
        out.print("\n--- inference (new, hallucinated names) ---\n");
        List<double[][][]> attention = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String name = sample(model, tokenizer, random, temperature, i == 0 ? attention : null);
            names.add(name);
            out.print(String.format(Locale.ROOT, "sample %2d: %s\n", i + 1, name));
        }
        out.flush();
        if (!noPictures) {
            Files.createDirectories(outDir);
            Path lossPng = outDir.resolve("microgpt-loss.png");
            Path attentionPng = outDir.resolve("microgpt-attention.png");
            Plots.lossPerStep("microgpt on " + (data == null ? "makemore's names" : data.getFileName()) + ": the loss "
                    + "of each step's document", losses, 50, lossPng);
            if (!names.isEmpty()) {
                Plots.attention("the attention of each head while the model made up \"" + names.get(0) + "\"",
                        attention.get(0), labels(names.get(0), blockSize), attentionPng);
            }
            System.err.println("wrote " + lossPng + (names.isEmpty() ? "" : " and " + attentionPng));
        }
        return 0;
    }

    /** The characters a sample's positions read: BOS ({@code <>}) then the letters. */
    private static List<String> labels(String name, int blockSize) {
        List<String> labels = new ArrayList<>(List.of("<>"));
        name.codePoints().limit(blockSize - 1L).forEach(c -> labels.add(new String(Character.toChars(c))));
        return labels;
    }

    private void checkOptions() {
        check(steps >= 0, "--steps (" + steps + ") must be >= 0");
        check(nEmbd >= 1, "--n-embd (" + nEmbd + ") must be >= 1");
        check(nHead >= 1, "--n-head (" + nHead + ") must be >= 1");
        check(nEmbd % nHead == 0, "--n-head (" + nHead + ") must divide --n-embd (" + nEmbd + ")");
        check(nLayer >= 1, "--n-layer (" + nLayer + ") must be >= 1");
        check(blockSize >= 1, "--block-size (" + blockSize + ") must be >= 1");
        check(lr >= 0 && Double.isFinite(lr), "--lr (" + lr + ") must be finite and >= 0");
        check(temperature > 0 && Double.isFinite(temperature),
                "--temperature (" + temperature + ") must be finite and > 0");
        check(samples >= 0, "--samples (" + samples + ") must be >= 0");
        Path dir = lossesFile == null ? null : lossesFile.toAbsolutePath().getParent();
        check(dir == null || Files.isDirectory(dir), "--losses " + lossesFile + ": no such directory " + dir);
        check(noPictures || !Files.exists(outDir) || Files.isDirectory(outDir),
                "--out-dir " + outDir + " is a file, not a directory");
    }

    /**
     * Returns the documents to learn, in file order: a mutable copy, for the shuffle. A file without documents is
     * a bad --data (exit code 2); one that cannot be read fails the run as any missing file does (exit code 1).
     */
    private List<String> documents() throws IOException {
        List<String> docs = data == null ? Names.load() : Names.load(data);
        check(!docs.isEmpty(), "--data " + data + " has no documents (it is empty or has only blank lines)");
        return new ArrayList<>(docs);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** Where the random numbers come from: the shuffle, the initial weights and the samples' draws. */
    interface Draws {
        void shuffle(List<?> list);

        double gauss(double std);

        /** Returns an index drawn with the given (non-negative) weights. */
        int choices(double[] weights);

        /** CPython's {@code random.seed(seed)}: microgpt's numbers. */
        static Draws python(long seed) {
            PythonRandom random = new PythonRandom(seed);
            return new Draws() {
                public void shuffle(List<?> list) {
                    random.shuffle(list);
                }

                public double gauss(double std) {
                    return random.nextGaussian(0, std);
                }

                public int choices(double[] weights) {
                    return random.choices(weights);
                }
            };
        }

        /** {@code java.util.Random(seed)}: {@code Collections.shuffle}, {@code nextGaussian() * std}, as the course. */
        static Draws java(long seed) {
            Random random = new Random(seed);
            return new Draws() {
                public void shuffle(List<?> list) {
                    Collections.shuffle(list, random);
                }

                public double gauss(double std) {
                    return random.nextGaussian() * std;
                }

                public int choices(double[] weights) {
                    double r = random.nextDouble() * Arrays.stream(weights).sum();
                    double sum = 0;
                    for (int i = 0; i < weights.length; i++) {
                        sum += weights[i];
                        if (r < sum) {
                            return i;
                        }
                    }
                    return weights.length - 1;
                }
            };
        }
    }

    /**
     * Characters to token ids and back: each distinct character (Unicode code point) of the documents, in order,
     * is a token id 0..n-1, and id n is BOS, the special Beginning of Sequence token that also ends a document.
     */
    static final class Tokenizer {
        final int[] uchars;
        final int bos;

        Tokenizer(List<String> docs) {
            BitSet seen = new BitSet();
            for (String doc : docs) {
                for (int i = 0, c; i < doc.length(); i += Character.charCount(c)) {
                    c = doc.codePointAt(i);
                    seen.set(c);
                }
            }
            uchars = new int[seen.cardinality()];             // sorted, each once
            for (int k = 0, c = seen.nextSetBit(0); c >= 0; k++, c = seen.nextSetBit(c + 1)) {
                uchars[k] = c;
            }
            bos = uchars.length;
        }

        int vocabSize() {
            return uchars.length + 1;
        }

        /** Returns the document's tokens surrounded by BOS on both sides. */
        int[] encode(String doc) {
            int[] tokens = doc.codePoints().map(c -> Arrays.binarySearch(uchars, c)).toArray();
            int[] withBos = new int[tokens.length + 2];
            withBos[0] = bos;
            System.arraycopy(tokens, 0, withBos, 1, tokens.length);
            withBos[withBos.length - 1] = bos;
            return withBos;
        }
    }

    /**
     * The model: its parameters, microgpt's {@code state_dict} of matrices (lists of rows), each matrix a
     * {@link Linear} layer without biases, and its forward function {@link #gpt}, GPT-2 with minor differences:
     * rmsnorm for layernorm, no biases, ReLU for GeLU.
     */
    static final class Gpt {
        final int nEmbd;
        final int nHead;
        final int nLayer;
        final int blockSize;
        final int headDim;
        final Map<String, Value[][]> stateDict = new LinkedHashMap<>();
        final Map<String, Linear> linear = new HashMap<>();
        final List<Value> params = new ArrayList<>();

        /** Draws the weights, matrix by matrix and row by row, as microgpt does. */
        Gpt(int vocabSize, int nEmbd, int nHead, int nLayer, int blockSize, Draws random) {
            this.nEmbd = nEmbd;
            this.nHead = nHead;
            this.nLayer = nLayer;
            this.blockSize = blockSize;
            this.headDim = nEmbd / nHead;
            stateDict.put("wte", matrix(vocabSize, nEmbd, random));
            stateDict.put("wpe", matrix(blockSize, nEmbd, random));
            stateDict.put("lm_head", matrix(vocabSize, nEmbd, random));
            for (int i = 0; i < nLayer; i++) {
                stateDict.put("layer" + i + ".attn_wq", matrix(nEmbd, nEmbd, random));
                stateDict.put("layer" + i + ".attn_wk", matrix(nEmbd, nEmbd, random));
                stateDict.put("layer" + i + ".attn_wv", matrix(nEmbd, nEmbd, random));
                stateDict.put("layer" + i + ".attn_wo", matrix(nEmbd, nEmbd, random));
                stateDict.put("layer" + i + ".mlp_fc1", matrix(4 * nEmbd, nEmbd, random));
                stateDict.put("layer" + i + ".mlp_fc2", matrix(nEmbd, 4 * nEmbd, random));
            }
            for (Map.Entry<String, Value[][]> e : stateDict.entrySet()) {   // flatten params into a single list
                for (Value[] row : e.getValue()) {
                    params.addAll(Arrays.asList(row));
                }
                if (!e.getKey().equals("wte") && !e.getKey().equals("wpe")) {     // the embeddings are rows to add
                    linear.put(e.getKey(), new Linear(e.getValue(), null, e.getKey().endsWith("mlp_fc1")));
                }
            }
        }

        private static Value[][] matrix(int nout, int nin, Draws random) {
            Value[][] m = new Value[nout][nin];
            for (Value[] row : m) {
                for (int i = 0; i < nin; i++) {
                    row[i] = new Value(random.gauss(INIT_STD));
                }
            }
            return m;
        }

        /** Returns {@code w x} for the matrix {@code name}: one layer-level node (mlp_fc1's ReLU in it). */
        List<Value> linear(List<Value> x, String name) {
            return linear.get(name).apply(x);
        }

        /** Returns an empty KV cache: no keys and no values yet, in each layer. */
        KvCache newCache() {
            List<List<List<Value>>> keys = new ArrayList<>();
            List<List<List<Value>>> values = new ArrayList<>();
            for (int li = 0; li < nLayer; li++) {
                keys.add(new ArrayList<>());
                values.add(new ArrayList<>());
            }
            return new KvCache(keys, values);
        }

        /** Returns the logits over the next token, given a token at a position (see below). */
        List<Value> gpt(int tokenId, int posId, KvCache cache) {
            return gpt(List.of(stateDict.get("wte")[tokenId]), posId, cache, null);
        }

        /**
         * Returns the logits over the next token, given the token's embedding row (wte's, or leaves holding its
         * data) at a position and the cache of the positions before it, to which this position's keys and values
         * are added. {@code weights}, if not null, receives each head's attention weights over the positions.
         */
        List<Value> gpt(List<Value> tokEmb, int posId, KvCache cache, List<double[]> weights) {
            List<Value> posEmb = List.of(stateDict.get("wpe")[posId]);   // position embedding
            List<Value> x = add(tokEmb, posEmb);                        // joint token and position embedding
            x = Functions.rmsNorm(x);   // note: not redundant due to backward pass via the residual connection

            for (int li = 0; li < nLayer; li++) {
                // 1) Multi-head Attention block
                List<Value> xResidual = x;
                x = Functions.rmsNorm(x);
                List<Value> q = linear(x, "layer" + li + ".attn_wq");
                List<Value> k = linear(x, "layer" + li + ".attn_wk");
                List<Value> v = linear(x, "layer" + li + ".attn_wv");
                cache.keys().get(li).add(k);
                cache.values().get(li).add(v);
                List<Value> xAttn = attention(q, cache.keys().get(li), cache.values().get(li), weights);
                x = linear(xAttn, "layer" + li + ".attn_wo");
                x = add(x, xResidual);
                // 2) MLP block
                xResidual = x;
                x = Functions.rmsNorm(x);
                x = linear(x, "layer" + li + ".mlp_fc1");               // with the ReLU
                x = linear(x, "layer" + li + ".mlp_fc2");
                x = add(x, xResidual);
            }
            return linear(x, "lm_head");
        }

        /** Each head's query against the keys of every position so far: the heads' outputs, side by side. */
        private List<Value> attention(List<Value> q, List<List<Value>> keys, List<List<Value>> values,
                List<double[]> weights) {
            List<Value> xAttn = new ArrayList<>(nEmbd);
            for (int h = 0; h < nHead; h++) {
                int hs = h * headDim;
                List<Value> qH = q.subList(hs, hs + headDim);
                List<Value> attnLogits = new ArrayList<>(keys.size());
                for (List<Value> key : keys) {
                    attnLogits.add(Value.dot(qH, key.subList(hs, hs + headDim)).mul(1 / Math.sqrt(headDim)));
                }
                List<Value> attnWeights = Functions.softmax(attnLogits);
                if (weights != null) {
                    weights.add(attnWeights.stream().mapToDouble(Value::data).toArray());
                }
                for (int j = 0; j < headDim; j++) {
                    List<Value> vHj = new ArrayList<>(values.size());   // entry j of this head's values
                    for (List<Value> value : values) {
                        vHj.add(value.get(hs + j));
                    }
                    xAttn.add(Value.dot(attnWeights, vHj));
                }
            }
            return xAttn;
        }
    }

    /** The keys and the values of the positions seen so far, a list for each layer. */
    record KvCache(List<List<List<Value>>> keys, List<List<List<Value>>> values) {
    }

    static List<Value> add(List<Value> a, List<Value> b) {
        List<Value> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).add(b.get(i)));
        }
        return out;
    }

    /** One training step after another: microgpt's loop body, with Adam's buffers and its learning rate decay. */
    static final class Training {
        private final Gpt model;
        private final double learningRate;
        private final int numSteps;
        private final double[] m;   // first moment buffer
        private final double[] v;   // second moment buffer
        /** With --tape: a recording for each number of positions, and the tape speed-ups they use. */
        private final Map<Integer, Recording> recordings;
        private final Set<Tape.Speedup> speedups;
        private int step;

        /** A new graph every step, as microgpt builds it; or with {@code tape}, recordings with every speed-up. */
        Training(Gpt model, double learningRate, int numSteps, boolean tape) {
            this(model, learningRate, numSteps, tape ? EnumSet.allOf(Tape.Speedup.class) : null);
        }

        /** With {@code speedups} not null: recordings that use them. */
        Training(Gpt model, double learningRate, int numSteps, Set<Tape.Speedup> speedups) {
            this.model = model;
            this.learningRate = learningRate;
            this.numSteps = numSteps;
            this.m = new double[model.params.size()];
            this.v = new double[model.params.size()];
            this.recordings = speedups != null ? new HashMap<>() : null;
            this.speedups = speedups;
        }

        /**
         * Learns from one document's tokens (BOS, the characters, BOS), cut to the block size, and returns the
         * loss before the update.
         */
        double step(int[] tokens) {
            int n = Math.min(model.blockSize, tokens.length - 1);
            double loss;
            if (recordings == null) {
                // Forward the token sequence through the model, building up the graph all the way to the loss
                KvCache cache = model.newCache();
                List<List<Value>> logits = new ArrayList<>(n);
                int[] targets = new int[n];
                for (int posId = 0; posId < n; posId++) {
                    logits.add(model.gpt(tokens[posId], posId, cache));
                    targets[posId] = tokens[posId + 1];
                }
                Value lossNode = Losses.crossEntropy(logits, targets);   // the mean of -log p(target) over the positions
                // Backward the loss, calculating the gradients with respect to all model parameters
                lossNode.backward();
                loss = lossNode.data();
            } else {
                Recording recording = recordings.get(n);
                if (recording == null) {
                    recording = new Recording(n);
                    recordings.put(n, recording);
                }
                loss = recording.step(tokens);
            }

            // Adam optimizer update: update the model parameters based on the corresponding gradients
            double lrT = learningRate * (1 - (double) step / numSteps);   // linear learning rate decay
            double correct1 = 1 - Math.pow(BETA1, step + 1);
            double correct2 = 1 - Math.pow(BETA2, step + 1);
            for (int i = 0; i < m.length; i++) {
                Value p = model.params.get(i);
                m[i] = BETA1 * m[i] + (1 - BETA1) * p.grad();
                v[i] = BETA2 * v[i] + (1 - BETA2) * Math.pow(p.grad(), 2);
                double mHat = m[i] / correct1;
                double vHat = v[i] / correct2;
                p.setData(p.data() - lrT * mHat / (Math.pow(vHat, 0.5) + EPS_ADAM));
                p.setGrad(0);
            }
            step++;
            return loss;
        }

        /**
         * The graph of a document of {@code n} positions, recorded once: its token embeddings and targets are leaves
         * that each step sets, the rest (wpe, the layers, lm_head) the model's parameters themselves.
         */
        private final class Recording {
            final Value[][] embeddings;
            final Value[] targets;
            final Tape tape;
            /** The embedding leaves' entries in the order backward() adds into them (each position's add node). */
            final int[][] order;

            Recording(int n) {
                embeddings = new Value[n][model.nEmbd];
                targets = new Value[n];
                KvCache cache = model.newCache();
                List<List<Value>> logits = new ArrayList<>(n);
                for (int posId = 0; posId < n; posId++) {
                    for (int i = 0; i < model.nEmbd; i++) {
                        embeddings[posId][i] = new Value(0.0);
                    }
                    targets[posId] = new Value(0.0);
                    logits.add(model.gpt(List.of(embeddings[posId]), posId, cache, null));
                }
                Value loss = Losses.crossEntropy(logits, List.of(targets));
                tape = Tape.record(loss, speedups);
                order = backwardOrder(loss);
            }

            /**
             * Returns {position, i} for each embedding entry in the order a new graph's backward() adds its gradient
             * into its wte row: the order of the add nodes (embedding + position) that read them.
             */
            private int[][] backwardOrder(Value loss) {
                Map<Value, int[]> entry = new IdentityHashMap<>();
                for (int p = 0; p < embeddings.length; p++) {
                    for (int i = 0; i < embeddings[p].length; i++) {
                        entry.put(embeddings[p][i], new int[] {p, i});
                    }
                }
                List<int[]> order = new ArrayList<>();
                for (Value node : loss.backwardOrder()) {
                    if (node.children().size() == 2 && entry.containsKey(node.children().get(0))) {
                        order.add(entry.get(node.children().get(0)));
                    }
                }
                return order.toArray(new int[0][]);
            }

            double step(int[] tokens) {
                Value[][] wte = model.stateDict.get("wte");
                for (int posId = 0; posId < embeddings.length; posId++) {
                    for (int i = 0; i < model.nEmbd; i++) {
                        embeddings[posId][i].setData(wte[tokens[posId]][i].data());
                        embeddings[posId][i].setGrad(0);
                    }
                    targets[posId].setData(tokens[posId + 1]);
                }
                double loss = tape.forward();
                tape.backward();
                for (int[] e : order) {                           // into wte, as backward() would add
                    Value w = wte[tokens[e[0]]][e[1]];
                    w.setGrad(w.grad() + embeddings[e[0]][e[1]].grad());
                }
                return loss;
            }
        }
    }

    /**
     * Returns a new document: tokens drawn one at a time until BOS or the block size, as characters. If
     * {@code attention} is not null, it receives the heads' attention weights, {@code [head][position][key]}.
     */
    static String sample(Gpt model, Tokenizer tokenizer, Draws random, double temperature,
            List<double[][][]> attention) {
        KvCache cache = model.newCache();
        int tokenId = tokenizer.bos;
        StringBuilder sample = new StringBuilder();
        List<double[]> weights = attention == null ? null : new ArrayList<>();
        for (int posId = 0; posId < model.blockSize; posId++) {
            List<Value> logits = model.gpt(List.of(model.stateDict.get("wte")[tokenId]), posId, cache, weights);
            List<Value> scaled = logits.stream().map(l -> l.mul(1 / temperature)).toList();
            tokenId = random.choices(Functions.softmax(scaled).stream().mapToDouble(Value::data).toArray());
            if (tokenId == tokenizer.bos) {
                break;
            }
            sample.appendCodePoint(tokenizer.uchars[tokenId]);
        }
        if (attention != null) {                                  // weights: position after position, head after head
            int heads = model.nHead * model.nLayer;
            int positions = weights.size() / heads;
            double[][][] byHead = new double[heads][positions][positions];
            for (int k = 0; k < weights.size(); k++) {
                int posId = k / heads;
                double[] w = weights.get(k);
                System.arraycopy(w, 0, byHead[k % heads][posId], 0, w.length);
            }
            attention.add(byHead);
        }
        return sample.toString();
    }
}
