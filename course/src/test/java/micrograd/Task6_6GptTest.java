package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.6")
@DisplayName("Task 6.6  the GPT, one token at a time    Gpt.apply")
class Task6_6GptTest {

    static final String GPT = "x = rmsnorm(embed(token, pos)); for each layer: x = x + attention(rmsnorm(x), layer,"
            + " keys, values), then x = x + mlp_fc2 relu(mlp_fc1 rmsnorm(x)); return Vectors.linear(x, lmHead)";

    /** A step of microgpt's forward pass left out, and what the hint says then. */
    enum Slip {
        NONE(GPT),
        NO_FIRST_NORM("yours leaves out the RMS norm of the embedding: x = rmsnorm(embed(token, pos)) first"),
        NO_ATTENTION_NORM("yours gives attention x itself: give it rmsnorm(x), and add its output to x itself"),
        NO_ATTENTION_RESIDUAL("yours leaves out the residual around attention: x = x + attention(rmsnorm(x), ...)"),
        NO_MLP_NORM("yours gives the MLP x itself: mlp_fc1 times rmsnorm(x), and add its output to x itself"),
        NO_RELU("yours leaves out the MLP's relu: relu() each output of mlp_fc1 before mlp_fc2"),
        NO_MLP_RESIDUAL("yours leaves out the residual around the MLP: x = x + mlp_fc2 relu(mlp_fc1 rmsnorm(x))");

        final String hint;

        Slip(String hint) {
            this.hint = hint;
        }
    }

    /**
     * Returns microgpt's logits at each position of tokens, from your pieces (Tasks 6.1 to 6.5), with one step left
     * out (or none).
     */
    static List<double[]> reference(Gpt model, int[] tokens, Slip slip) {
        KvCache keys = new KvCache(model.config().nLayer());
        KvCache values = new KvCache(model.config().nLayer());
        List<double[]> logits = new ArrayList<>();
        for (int pos = 0; pos < tokens.length; pos++) {
            List<Value> x = model.embed(tokens[pos], pos);
            x = slip == Slip.NO_FIRST_NORM ? x : Vectors.rmsnorm(x);
            for (int layer = 0; layer < model.config().nLayer(); layer++) {
                Gpt.Block b = model.blocks.get(layer);
                List<Value> a = model.attention(slip == Slip.NO_ATTENTION_NORM ? x : Vectors.rmsnorm(x), layer, keys,
                        values);
                x = slip == Slip.NO_ATTENTION_RESIDUAL ? a : Vectors.add(a, x);
                List<Value> h = Vectors.linear(slip == Slip.NO_MLP_NORM ? x : Vectors.rmsnorm(x), b.mlpFc1());
                List<Value> relu = new ArrayList<>();
                for (Value hi : h) {
                    relu.add(slip == Slip.NO_RELU ? hi : hi.relu());
                }
                List<Value> m = Vectors.linear(relu, b.mlpFc2());
                x = slip == Slip.NO_MLP_RESIDUAL ? m : Vectors.add(m, x);
            }
            logits.add(Checks.data(Vectors.linear(x, model.lmHead)));
        }
        return logits;
    }

    /** Checks model.apply over tokens against the reference, with a hint aimed at the step yours looks to leave out. */
    static void matches(String what, Gpt model, int[] tokens) {
        List<double[]> expected = reference(model, tokens, Slip.NONE);
        KvCache keys = new KvCache(model.config().nLayer());
        KvCache values = new KvCache(model.config().nLayer());
        for (int pos = 0; pos < tokens.length; pos++) {
            double[] got = Checks.data(model.apply(tokens[pos], pos, keys, values));
            Expect.equal("apply() at position " + pos + " gives one logit per token", model.config().vocabSize(),
                    got.length, "return Vectors.linear(x, lmHead): lm_head has one row per token");
            if (!close(expected.get(pos), got)) {
                String hint = GPT;
                for (Slip slip : Slip.values()) {
                    if (slip != Slip.NONE && close(reference(model, tokens, slip).get(pos), got)) {
                        hint = slip.hint + "; " + GPT;
                    }
                }
                Expect.equal("the logits of " + what + " at position " + pos, Checks.show(expected.get(pos)),
                        Checks.show(got), hint);
            }
        }
        for (int layer = 0; layer < model.config().nLayer(); layer++) {
            Expect.equal("the keys cached in layer " + layer + " after reading " + tokens.length + " tokens",
                    tokens.length, keys.get(layer).size(), "each layer's attention appends one key and one value"
                            + " per position, to that layer's list: attention(..., layer, keys, values)");
        }
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]))) {
                return false;
            }
        }
        return a.length == b.length;
    }

    @Test
    @Order(1)
    @DisplayName("reading BOS, e, m, m, a: microgpt's logits at each position")
    void logits() {
        matches("BOS e m m a", new Gpt(new Random(11), Gpt.Config.MICROGPT), new int[] {26, 4, 12, 12, 0});
    }

    @Test
    @Order(2)
    @DisplayName("two layers, each with its own weights and its own KV cache")
    void twoLayers() {
        matches("BOS a n n a with 2 layers", new Gpt(new Random(12), new Gpt.Config(27, 16, 4, 2, 16)),
                new int[] {26, 0, 13, 13, 0});
    }

    @Test
    @Order(3)
    @DisplayName("the loss's gradient on every weight matches nudging it (your Derivatives.slope), for a small GPT")
    void gradient() {
        Gpt model = new Gpt(new Random(13), new Gpt.Config(5, 4, 2, 1, 4));
        int[] tokens = {4, 1, 2, 0};
        java.util.function.DoubleSupplier loss = () -> loss(model, tokens).data();
        model.zeroGrad();
        loss(model, tokens).backward();
        List<Value> p = model.parameters();
        for (int i = 0; i < p.size(); i++) {
            Value w = p.get(i);
            double data = w.data();
            double slope = Derivatives.slope(d -> {
                w.setData(d);
                return loss.getAsDouble();
            }, data);
            w.setData(data);
            Expect.close("the grad of parameter " + i + " (of " + p.size() + ") of a 1-layer GPT of n_embd 4, 2 heads,"
                            + " on the loss of 3 positions, matches your Derivatives.slope", slope, w.grad(),
                    1e-5 * Math.max(1, Math.abs(slope)), "every step from Value operations, so backward reaches"
                            + " every weight: " + GPT);
        }
    }

    /** Returns the sum of Vectors.nll over the positions: each token predicts the next. */
    static Value loss(Gpt model, int[] tokens) {
        KvCache keys = new KvCache(model.config().nLayer());
        KvCache values = new KvCache(model.config().nLayer());
        Value sum = new Value(0);
        for (int pos = 0; pos + 1 < tokens.length; pos++) {
            sum = sum.add(Vectors.nll(model.apply(tokens[pos], pos, keys, values), tokens[pos + 1]));
        }
        return sum;
    }
}
