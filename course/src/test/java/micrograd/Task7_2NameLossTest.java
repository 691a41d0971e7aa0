package micrograd;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task7.2")
@DisplayName("Task 7.2  the loss of one name            Names.encode, loss")
class Task7_2NameLossTest {

    static final String LOSS = "tokens = encode(name); n = min(blockSize, tokens.size() - 1); fresh KvCaches; for pos"
            + " = 0 .. n - 1: Vectors.nll(model.apply(tokens.get(pos), pos, keys, values), tokens.get(pos + 1));"
            + " return their sum times 1.0 / n";

    /** Returns the negative log-likelihoods of the first n next tokens, from your apply and nll (Tasks 6.1, 6.6). */
    static List<Double> nlls(Gpt model, List<Integer> tokens, int n) {
        KvCache keys = new KvCache(model.config().nLayer());
        KvCache values = new KvCache(model.config().nLayer());
        List<Double> nll = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            nll.add(Vectors.nll(model.apply(tokens.get(pos), pos, keys, values), tokens.get(pos + 1)).data());
        }
        return nll;
    }

    @Test
    @Order(1)
    @DisplayName("the vocabulary is a to z, then BOS = 26; encode(\"emma\") = BOS e m m a BOS")
    void encode() {
        Expect.text("Names.CHARS, the sorted distinct letters of the names (given)", "abcdefghijklmnopqrstuvwxyz",
                Names.CHARS, "given: no need to change it");
        Expect.equal("Names.encode(\"emma\")", List.of(26, 4, 12, 12, 0, 26), Names.encode("emma"),
                "BOS first and last; each letter's token is its index in CHARS (CHARS.indexOf(c)): a = 0, e = 4");
    }

    @Test
    @Order(2)
    @DisplayName("loss(model, \"emma\"): the mean over its 5 positions of -log p(next token)")
    void loss() {
        Gpt model = new Gpt(new Random(21), Gpt.Config.MICROGPT);
        List<Double> nll = nlls(model, Names.encode("emma"), 5);
        double mean = nll.stream().mapToDouble(Double::doubleValue).sum() / 5;
        double got = Names.loss(model, "emma").data();
        String hint = Math.abs(got - 5 * mean) < 1e-9 ? "yours looks like the sum: the mean is the sum times 1.0 / n;"
                + " " + LOSS : LOSS;
        Expect.close("Names.loss(model, \"emma\")", mean, got, 1e-12, hint);
    }

    @Test
    @Order(3)
    @DisplayName("a name longer than the block: only its first blockSize = 16 positions count")
    void longName() {
        Gpt model = new Gpt(new Random(22), Gpt.Config.MICROGPT);
        String name = "abcdefghijklmnopqrst";   // 20 letters, 22 tokens
        Throwable e = catchThrowable(() -> Names.loss(model, name));
        Expect.that(e == null, "Names.loss of a 20-letter name reads no position past the block",
                "no exception", e, "n = Math.min(blockSize, tokens.size() - 1): wpe has rows for positions 0 to 15 only");
        double mean = nlls(model, Names.encode(name), 16).stream().mapToDouble(Double::doubleValue).sum() / 16;
        Expect.close("Names.loss(model, \"" + name + "\"): the mean over positions 0 to 15", mean,
                Names.loss(model, name).data(), 1e-12, LOSS);
    }

    @Test
    @Order(4)
    @DisplayName("backward from the loss reaches the rows of the name's tokens, and no other token's")
    void gradient() {
        Gpt model = new Gpt(new Random(23), Gpt.Config.MICROGPT);
        Names.loss(model, "bob").backward();
        Expect.that(model.wte[1][0].grad() != 0, "wte[1][0].grad() after backward() of loss(\"bob\"): b is read",
                "not 0", model.wte[1][0].grad(), "build the loss from Value operations on the model's own weights");
        Expect.exactly("wte[2][0].grad() after backward() of loss(\"bob\"): c is not read", 0.0,
                model.wte[2][0].grad(), "only the tokens read (BOS, b, o, b) use their rows: " + LOSS);
        Expect.exactly("wpe[4][0].grad() after backward() of loss(\"bob\"): 4 positions read, 0 to 3", 0.0,
                model.wpe[4][0].grad(), "the last BOS is only predicted, never read: " + LOSS);
    }
}
