package micrograd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Part 7: microgpt's data, training and sampling. The data are makemore's 32,033 names (names.txt, one a line);
 * each name is a document, read one letter (token) at a time between two BOS tokens. Trained, the GPT makes up
 * names of its own: {@code java -cp target/classes micrograd.Names} in course/, after a {@code mvn -q compile} (or
 * {@code mvn -q test}) that builds your current code into target/classes (README.md, "When you finish").
 */
public final class Names {

    /** The names of names.txt, in the file's order. */
    public static final List<String> DOCS = load();
    /** The vocabulary: the distinct characters of the names, sorted ("ab...z"); token i is CHARS.charAt(i). */
    public static final String CHARS = chars(DOCS);
    /** The token that starts and ends every name: the one after the characters (26). */
    public static final int BOS = CHARS.length();
    /** The seed of the reference run, Task 7.3. */
    public static final long SEED = 42;
    /** How sharp sampling is: below 1, likely tokens get likelier (microgpt: 0.5). */
    public static final double TEMPERATURE = 0.5;

    private Names() {
    }

    /**
     * Task 7.2. Returns the tokens of a name: BOS, the index in {@link #CHARS} of each letter, then BOS.
     *
     * @param name the name, lowercase letters
     * @return its tokens, name.length() + 2 of them
     */
    public static List<Integer> encode(String name) {
        throw new UnsupportedOperationException("Task 7.2: return BOS, the index in CHARS of each letter, then BOS");
    }

    /**
     * Task 7.2. Returns the loss of a name: the model reads its tokens one by one (fresh KV caches), and at each
     * position pos, of the first {@code n = min(blockSize, tokens - 1)}, predicts the token after it; the loss is
     * the mean of {@code Vectors.nll(logits, next token)} over those n positions (microgpt:
     * {@code (1 / n) * sum(losses)}).
     *
     * @param model the GPT
     * @param name  the name
     * @return the mean negative log-likelihood
     */
    public static Value loss(Gpt model, String name) {
        throw new UnsupportedOperationException("Task 7.2: read the name's tokens with fresh KV caches; the mean of nll(logits, next token) over the first min(blockSize, tokens - 1) positions");
    }

    /**
     * What training did: the loss of each step (before that step's update), and the trained model.
     *
     * @param losses the loss of each step's name
     * @param model  the model after the last update
     */
    public record Result(double[] losses, Gpt model) {
    }

    /**
     * Task 7.3. Trains microgpt on the names: a copy of {@link #DOCS} shuffled with
     * {@code Collections.shuffle(docs, rng)}, then {@code new Gpt(rng, Gpt.Config.MICROGPT)}, then for each step k
     * the name {@code docs.get(k % docs.size())}: its loss, recorded, backward, and {@code adam.step(k, steps)}.
     *
     * @param rng   where the order of the names and the weights come from, in that order
     * @param steps the number of steps, one name each
     * @return the losses and the model
     */
    public static Result train(Random rng, int steps) {
        throw new UnsupportedOperationException("Task 7.3: shuffle a copy of DOCS with rng, then new Gpt(rng, Gpt.Config.MICROGPT) and an Adam; per step k: the loss of docs.get(k % size), backward, adam.step(k, steps)");
    }

    /**
     * Task 7.4. Returns a token drawn from the probabilities {@code softmax(logits / temperature)}: with
     * {@code r = rng.nextDouble()}, the first token whose running sum of probabilities is above r. The sums should
     * reach 1, above any r; if rounding leaves them all at or below r (a last sum of 0.9999999999999998, say), the
     * last token.
     *
     * @param logits      the logits of every token
     * @param temperature below 1 sharpens the probabilities, above 1 flattens them
     * @param rng         where r comes from (one number per call)
     * @return the token, from 0 to logits.size() - 1
     */
    public static int sampleToken(List<Value> logits, double temperature, Random rng) {
        throw new UnsupportedOperationException("Task 7.4: draw a token from softmax(logits / temperature): the first whose running sum of probabilities is above rng.nextDouble()");
    }

    /**
     * Task 7.4. Returns a name the model makes up: from BOS at position 0, each position's logits give the next
     * token ({@link #sampleToken}); it stops at BOS (not part of the name) or after blockSize positions.
     *
     * @param model       the GPT
     * @param temperature how sharp sampling is
     * @param rng         where the draws come from
     * @return the name's letters
     */
    public static String sample(Gpt model, double temperature, Random rng) {
        throw new UnsupportedOperationException("Task 7.4: from BOS at position 0, draw token after token with sampleToken until BOS or blockSize positions; return the letters");
    }

    /**
     * Trains microgpt as Task 7.3 does, for {@code args[0]} steps (default 1000), and prints the last loss and 20
     * names it makes up.
     *
     * @param args the number of steps, optional
     */
    public static void main(String... args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Random rng = new Random(SEED);
        Result r = train(rng, steps);
        System.out.printf("step %d / %d | loss %.4f%n", steps, steps, r.losses()[steps - 1]);
        for (int i = 0; i < 20; i++) {
            System.out.println(sample(r.model(), TEMPERATURE, rng));
        }
    }

    private static List<String> load() {
        List<String> docs = new ArrayList<>();
        try (InputStream in = Names.class.getResourceAsStream("names.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.strip().isEmpty()) {
                    docs.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(docs);
    }

    private static String chars(List<String> docs) {
        TreeSet<Character> chars = new TreeSet<>();
        for (String d : docs) {
            for (char c : d.toCharArray()) {
                chars.add(c);
            }
        }
        StringBuilder s = new StringBuilder();
        chars.forEach(s::append);
        return s.toString();
    }
}
