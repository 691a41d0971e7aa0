package io.github.micrograd4j.examples;

import io.github.micrograd4j.data.Names;
import io.github.micrograd4j.data.PythonRandom;
import io.github.micrograd4j.engine.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.MicroGpt
 * mvn -q test-compile exec:java -Dexec.mainClass=io.github.micrograd4j.examples.MicroGpt \
 *     -Dexec.args="--steps 200 --n-layer 2 --data words.txt --losses losses.txt"
 * </pre>
 *
 * <h2>Number for number</h2>
 * Each number is computed as microgpt computes it: the same draws from the same generator ({@link PythonRandom}:
 * the shuffle, the Gaussian weights in the state dict's order, the samples), every sum from 0 and left to right
 * ({@code Value.weightedSum} from a zero bias is Python's {@code sum(w * x)}), a division as a multiplication by a
 * power -1 (Python's {@code Value.__truediv__}), Adam written as microgpt writes it. What is left differs only in
 * the last bits, for reasons outside this file: the JVM's {@code exp}, {@code log}, {@code pow}, {@code cos} and
 * {@code sin} do not always round as the C library's do (215 of the 4,192 initial weights differ from CPython's
 * in their last bit, see {@link PythonRandom#nextGaussian()}, though with CPython's own weights the losses differ
 * as much), and the engine's backward pass may add a value's gradient shares in another order than microgpt's
 * recursive topological sort. Measured on x86-64 with JDK 17: the first 8 losses are CPython's to the bit, 570 of
 * the 1,000, and all stay within 6e-16 of CPython's, relative; the printed lines are CPython's byte for byte.
 * {@code MicroGptTest} checks the printed lines, the first five losses to 1e-12 and all 1,000 to 1e-9.
 */
@Command(name = "MicroGpt", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        description = {"Karpathy's microgpt: a small GPT over scalar Values learns makemore's 32,033 names (or "
                + "the documents of --data, one a line) one document a step with Adam, then makes up new ones. "
                + "Prints what microgpt.py prints: the counts, a loss line each step (ended by a carriage return), "
                + "the samples.", ""})
public final class MicroGpt implements Callable<Integer> {

    /** The standard deviation of the initial weights, microgpt's {@code matrix(..., std=0.08)}. */
    static final double INIT_STD = 0.08;

    /** Adam's decay rates and epsilon, microgpt's {@code beta1, beta2, eps_adam}. */
    static final double BETA1 = 0.85;
    static final double BETA2 = 0.99;
    static final double EPS_ADAM = 1e-8;

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
            description = "random.seed of the shuffle, the initial weights and the samples "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.5",
            description = "Sampling temperature, > 0; lower is more conservative (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20",
            description = "Documents to make up after training (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--losses", paramLabel = "FILE",
            description = "Also write each step's loss at full precision (Python's repr), one a line.")
    Path lossesFile;

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
        PythonRandom random = new PythonRandom(seed);   // Let there be order among chaos

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
        Training training = new Training(model, lr, steps);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = training.step(tokenizer.encode(docs.get(step % docs.size())));
            out.print(String.format(Locale.ROOT, "step %4d / %4d | loss %s\r", step + 1, steps,
                    PythonFloat.fixed(losses[step], 4)));
            out.flush();
        }
        if (lossesFile != null) {
            Files.write(lossesFile, Arrays.stream(losses).mapToObj(PythonFloat::repr).toList());
        }

        // Inference: may the model babble back to us
        out.print("\n--- inference (new, hallucinated names) ---\n");
        for (int i = 0; i < samples; i++) {
            out.print(String.format(Locale.ROOT, "sample %2d: %s\n", i + 1, sample(model, tokenizer, random,
                    temperature)));
        }
        out.flush();
        return 0;
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

    /**
     * Characters to token ids and back: each distinct character (Unicode code point) of the documents, in order,
     * is a token id 0..n-1, and id n is BOS, the special Beginning of Sequence token that also ends a document.
     */
    static final class Tokenizer {
        final int[] uchars;
        final int bos;

        Tokenizer(List<String> docs) {
            uchars = docs.stream().flatMapToInt(String::codePoints).distinct().sorted().toArray();
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
     * The model: its parameters, microgpt's {@code state_dict} of matrices (lists of rows), and its forward
     * function {@link #gpt}, GPT-2 with minor differences: rmsnorm for layernorm, no biases, ReLU for GeLU.
     */
    static final class Gpt {
        final int nEmbd;
        final int nHead;
        final int nLayer;
        final int blockSize;
        final int headDim;
        final Map<String, Value[][]> stateDict = new LinkedHashMap<>();
        final List<Value> params = new ArrayList<>();

        /** Draws the weights from {@code random}, matrix by matrix and row by row, as microgpt does. */
        Gpt(int vocabSize, int nEmbd, int nHead, int nLayer, int blockSize, PythonRandom random) {
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
            for (Value[][] mat : stateDict.values()) {   // flatten params into a single list
                for (Value[] row : mat) {
                    params.addAll(Arrays.asList(row));
                }
            }
        }

        private static Value[][] matrix(int nout, int nin, PythonRandom random) {
            Value[][] m = new Value[nout][nin];
            for (Value[] row : m) {
                for (int i = 0; i < nin; i++) {
                    row[i] = new Value(random.nextGaussian(0, INIT_STD));
                }
            }
            return m;
        }

        private Value[][] layer(int li, String name) {
            return stateDict.get("layer" + li + "." + name);
        }

        /** Returns an empty KV cache: no keys and no values yet, in each layer. */
        KvCache newCache() {
            List<List<Value[]>> keys = new ArrayList<>();
            List<List<Value[]>> values = new ArrayList<>();
            for (int li = 0; li < nLayer; li++) {
                keys.add(new ArrayList<>());
                values.add(new ArrayList<>());
            }
            return new KvCache(keys, values);
        }

        /**
         * Returns the logits over the next token, given one token at one position and the cache of the positions
         * before it, to which this position's keys and values are added.
         */
        Value[] gpt(int tokenId, int posId, KvCache cache) {
            Value[] tokEmb = stateDict.get("wte")[tokenId];   // token embedding
            Value[] posEmb = stateDict.get("wpe")[posId];     // position embedding
            Value[] x = add(tokEmb, posEmb);                  // joint token and position embedding
            x = rmsnorm(x);   // note: not redundant due to backward pass via the residual connection

            for (int li = 0; li < nLayer; li++) {
                // 1) Multi-head Attention block
                Value[] xResidual = x;
                x = rmsnorm(x);
                Value[] q = linear(x, layer(li, "attn_wq"));
                Value[] k = linear(x, layer(li, "attn_wk"));
                Value[] v = linear(x, layer(li, "attn_wv"));
                cache.keys().get(li).add(k);
                cache.values().get(li).add(v);
                Value[] xAttn = attention(q, cache.keys().get(li), cache.values().get(li));
                x = linear(xAttn, layer(li, "attn_wo"));
                x = add(x, xResidual);
                // 2) MLP block
                xResidual = x;
                x = rmsnorm(x);
                x = linear(x, layer(li, "mlp_fc1"));
                x = relu(x);
                x = linear(x, layer(li, "mlp_fc2"));
                x = add(x, xResidual);
            }
            return linear(x, stateDict.get("lm_head"));
        }

        /** Each head's query against the keys of every position so far: the heads' outputs, side by side. */
        private Value[] attention(Value[] q, List<Value[]> keys, List<Value[]> values) {
            Value[] xAttn = new Value[nEmbd];
            for (int h = 0; h < nHead; h++) {
                int hs = h * headDim;
                Value[] qH = Arrays.copyOfRange(q, hs, hs + headDim);
                Value[] attnLogits = new Value[keys.size()];
                for (int t = 0; t < keys.size(); t++) {
                    attnLogits[t] = div(dot(qH, Arrays.copyOfRange(keys.get(t), hs, hs + headDim)),
                            Math.pow(headDim, 0.5));
                }
                Value[] attnWeights = softmax(attnLogits);
                for (int j = 0; j < headDim; j++) {
                    Value[] vHj = new Value[values.size()];   // entry j of this head's values, at each position
                    for (int t = 0; t < vHj.length; t++) {
                        vHj[t] = values.get(t)[hs + j];
                    }
                    xAttn[hs + j] = dot(attnWeights, vHj);
                }
            }
            return xAttn;
        }
    }

    /** The keys and the values of the positions seen so far, a list for each layer. */
    record KvCache(List<List<Value[]>> keys, List<List<Value[]>> values) {
    }

    /** Returns {@code w x}: one dot product for each row of {@code w}. */
    static Value[] linear(Value[] x, Value[][] w) {
        Value[] out = new Value[w.length];
        for (int o = 0; o < w.length; o++) {
            out[o] = dot(w[o], x);
        }
        return out;
    }

    /** Returns {@code exp(l - max) / sum(exp(l - max))} for each logit l. */
    static Value[] softmax(Value[] logits) {
        double maxVal = Double.NEGATIVE_INFINITY;
        for (Value l : logits) {
            maxVal = Math.max(maxVal, l.data());
        }
        Value[] exps = new Value[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exps[i] = logits[i].sub(maxVal).exp();
        }
        Value total = Value.sum(exps);
        Value[] probs = new Value[exps.length];
        for (int i = 0; i < exps.length; i++) {
            probs[i] = exps[i].mul(total.pow(-1));   // Python's e / total is e * total**-1, a power for each e
        }
        return probs;
    }

    /** Returns {@code x / sqrt(mean(x^2) + 1e-5)}. */
    static Value[] rmsnorm(Value[] x) {
        Value ms = div(dot(x, x), x.length);
        Value scale = ms.add(1e-5).pow(-0.5);
        Value[] out = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].mul(scale);
        }
        return out;
    }

    /** Returns {@code sum(a[i] * b[i])} as Python's {@code sum} adds: from 0, left to right. */
    static Value dot(Value[] a, Value[] b) {
        return Value.dot(Arrays.asList(a), Arrays.asList(b));
    }

    /** Returns {@code a / c} as microgpt's {@code Value.__truediv__} divides: {@code a * c**-1}. */
    static Value div(Value a, double c) {
        return a.mul(Math.pow(c, -1));
    }

    static Value[] add(Value[] a, Value[] b) {
        Value[] out = new Value[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].add(b[i]);
        }
        return out;
    }

    static Value[] relu(Value[] x) {
        return Arrays.stream(x).map(Value::relu).toArray(Value[]::new);
    }

    /** One training step after another: microgpt's loop body, with Adam's buffers and its learning rate decay. */
    static final class Training {
        private final Gpt model;
        private final double learningRate;
        private final int numSteps;
        private final double[] m;   // first moment buffer
        private final double[] v;   // second moment buffer
        private int step;

        Training(Gpt model, double learningRate, int numSteps) {
            this.model = model;
            this.learningRate = learningRate;
            this.numSteps = numSteps;
            this.m = new double[model.params.size()];
            this.v = new double[model.params.size()];
        }

        /**
         * Learns from one document's tokens (BOS, the characters, BOS), cut to the block size, and returns the
         * loss before the update.
         */
        double step(int[] tokens) {
            int n = Math.min(model.blockSize, tokens.length - 1);

            // Forward the token sequence through the model, building up the computation graph all the way to the loss
            KvCache cache = model.newCache();
            List<Value> losses = new ArrayList<>(n);
            for (int posId = 0; posId < n; posId++) {
                int tokenId = tokens[posId];
                int targetId = tokens[posId + 1];
                Value[] probs = softmax(model.gpt(tokenId, posId, cache));
                losses.add(probs[targetId].log().neg());
            }
            Value loss = Value.sum(losses).mul(1.0 / n);   // final average loss over the document sequence

            // Backward the loss, calculating the gradients with respect to all model parameters
            loss.backward();

            // Adam optimizer update: update the model parameters based on the corresponding gradients
            double lrT = learningRate * (1 - (double) step / numSteps);   // linear learning rate decay
            for (int i = 0; i < m.length; i++) {
                Value p = model.params.get(i);
                m[i] = BETA1 * m[i] + (1 - BETA1) * p.grad();
                v[i] = BETA2 * v[i] + (1 - BETA2) * Math.pow(p.grad(), 2);
                double mHat = m[i] / (1 - Math.pow(BETA1, step + 1));
                double vHat = v[i] / (1 - Math.pow(BETA2, step + 1));
                p.setData(p.data() - lrT * mHat / (Math.pow(vHat, 0.5) + EPS_ADAM));
                p.setGrad(0);
            }
            step++;
            return loss.data();
        }
    }

    /** Returns a new document: tokens drawn one at a time until BOS or the block size, as characters. */
    static String sample(Gpt model, Tokenizer tokenizer, PythonRandom random, double temperature) {
        KvCache cache = model.newCache();
        int tokenId = tokenizer.bos;
        StringBuilder sample = new StringBuilder();
        for (int posId = 0; posId < model.blockSize; posId++) {
            Value[] logits = model.gpt(tokenId, posId, cache);
            Value[] scaled = Arrays.stream(logits).map(l -> div(l, temperature)).toArray(Value[]::new);
            tokenId = random.choices(Arrays.stream(softmax(scaled)).mapToDouble(Value::data).toArray());
            if (tokenId == tokenizer.bos) {
                break;
            }
            sample.appendCodePoint(tokenizer.uchars[tokenId]);
        }
        return sample.toString();
    }
}
