package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.5")
@DisplayName("Task 6.5  heads side by side, KV cache    Gpt.attention")
class Task6_5MultiHeadTest {

    static final String HEADS = "for head h, take numbers h * headDim to (h + 1) * headDim - 1 of q and of every"
            + " cached key and value (subList), and Gpt.head them; put the heads' outputs side by side, head 0"
            + " first; return Vectors.linear(of those, attnWo)";
    static final String APPEND_FIRST = "append this position's k and v to the caches before the heads attend"
            + " (keys.add(layer, k), values.add(layer, v)): a position attends to itself too, and at position 0"
            + " there is nothing else to attend to";

    /** Returns n random leaves in [-1, 1]. */
    static List<Value> vector(Random rng, int n) {
        Value[] x = new Value[n];
        for (int i = 0; i < n; i++) {
            x[i] = new Value(-1 + 2 * rng.nextDouble());
        }
        return List.of(x);
    }

    /**
     * Returns what attention gives for query q over the cached keys and values (one vector per position), from your
     * head (Task 6.4) and linear (Task 6.2): each head on its slice, side by side, times attn_wo.
     */
    static double[] expected(Gpt model, List<Value> q, List<List<Value>> keys, List<List<Value>> values) {
        int d = model.config().headDim();
        List<Value> heads = new ArrayList<>();
        for (int h = 0; h < model.config().nHead(); h++) {
            List<List<Value>> kh = new ArrayList<>();
            List<List<Value>> vh = new ArrayList<>();
            for (int t = 0; t < keys.size(); t++) {
                kh.add(keys.get(t).subList(h * d, (h + 1) * d));
                vh.add(values.get(t).subList(h * d, (h + 1) * d));
            }
            heads.addAll(kh.isEmpty() ? List.of(Checks.leaves(new double[d]))      // no position: nothing to weigh
                    : Gpt.head(q.subList(h * d, (h + 1) * d), kh, vh));
        }
        return Checks.data(Vectors.linear(heads, model.blocks.get(0).attnWo()));
    }

    /**
     * Returns model.attention(x, 0, keys, values); an exception fails the test with the hint to append first if yours
     * appends after its heads have read the cache (then at position 0 a head finds no key and no value), or if it
     * came before this position's key was in the cache.
     */
    static List<Value> attend(Gpt model, List<Value> x, KvCache keys, KvCache values) {
        int cached = keys.get(0).size();
        try {
            return model.attention(x, 0, keys, values);
        } catch (RuntimeException e) {
            if (ProgressBoard.notWrittenYet(e) != null) {
                throw e;
            }
            String at = ProgressBoard.trail(e);
            String got = e + (at.isEmpty() ? "" : ", at " + at);
            String fact = "attention at position " + cached + " caches this position's key before it attends";
            Expect.that(!readsBeforeAppending(model, x.size()), fact, "no exception", got, "yours appends k and v"
                    + " after its heads have read the cache (given position 0's, at position 1 it attends to position 0"
                    + " only), so at position 0 a head finds an empty cache, no key and no value: " + APPEND_FIRST);
            Expect.that(keys.get(0).size() > cached, fact, "no exception", got,
                    "the exception came before this position's key was in the cache: " + APPEND_FIRST);
            throw e;
        }
    }

    /**
     * True if model.attention's heads read the cache before it appends this position's key and value: with position
     * 0 in the cache, attention at position 1 gives what attending to position 0 alone gives.
     */
    static boolean readsBeforeAppending(Gpt model, int nEmbd) {
        Gpt.Block b = model.blocks.get(0);
        Random rng = new Random(8);
        List<Value> x0 = vector(rng, nEmbd);
        List<Value> x1 = vector(rng, nEmbd);
        List<List<Value>> k0 = List.of(Vectors.linear(x0, b.attnWk()));
        List<List<Value>> v0 = List.of(Vectors.linear(x0, b.attnWv()));
        KvCache keys = new KvCache(model.config().nLayer());
        KvCache values = new KvCache(model.config().nLayer());
        keys.add(0, k0.get(0));
        values.add(0, v0.get(0));
        try {
            double[] got = Checks.data(model.attention(x1, 0, keys, values));
            double[] positionZeroOnly = expected(model, Vectors.linear(x1, b.attnWq()), k0, v0);
            return same(got, positionZeroOnly);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True if a and b have the same length and agree to 1e-12. */
    static boolean same(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    /** Returns the hint for an attention output that is not the expected one, aimed at the slip it looks like. */
    static String hint(double[] got, double[] withoutThisPosition) {
        return same(got, withoutThisPosition) ? "yours attends to the positions before this one only: " + APPEND_FIRST
                : HEADS;
    }

    @Test
    @Order(1)
    @DisplayName("each call appends this position's key x attn_wk and value x attn_wv to the caches")
    void caches() {
        Gpt model = new Gpt(new Random(1), Gpt.Config.MICROGPT);
        Gpt.Block b = model.blocks.get(0);
        KvCache keys = new KvCache(1);
        KvCache values = new KvCache(1);
        Random rng = new Random(2);
        for (int pos = 0; pos < 3; pos++) {
            List<Value> x = vector(rng, 16);
            attend(model, x, keys, values);
            Expect.equal("keys.get(0).size() after attention at positions 0 to " + pos, pos + 1, keys.get(0).size(),
                    "keys.add(layer, k) once per call");
            Expect.equal("values.get(0).size() after attention at positions 0 to " + pos, pos + 1,
                    values.get(0).size(), "values.add(layer, v) once per call");
            Expect.equal("the key cached at position " + pos + " is x times attn_wk", Checks.show(Checks.data(
                    Vectors.linear(x, b.attnWk()))), Checks.show(Checks.data(keys.get(0).get(pos))),
                    "k = Vectors.linear(x, attnWk); keys.add(layer, k)");
            Expect.equal("the value cached at position " + pos + " is x times attn_wv", Checks.show(Checks.data(
                    Vectors.linear(x, b.attnWv()))), Checks.show(Checks.data(values.get(0).get(pos))),
                    "v = Vectors.linear(x, attnWv); values.add(layer, v)");
        }
    }

    @Test
    @Order(2)
    @DisplayName("position 0 attends to itself: its output is attn_wo times its own value")
    void positionZero() {
        Gpt model = new Gpt(new Random(3), Gpt.Config.MICROGPT);
        Gpt.Block b = model.blocks.get(0);
        KvCache keys = new KvCache(1);
        KvCache values = new KvCache(1);
        List<Value> x = vector(new Random(4), 16);
        double[] got = Checks.data(attend(model, x, keys, values));
        double[] expected = Checks.data(Vectors.linear(Vectors.linear(x, b.attnWv()), b.attnWo()));
        Expect.equal("attention at position 0 gives n_embd = 16 numbers", 16, got.length, HEADS);
        for (int i = 0; i < 16; i++) {
            Expect.close("output " + i + " of attention at position 0: (x attn_wv) attn_wo", expected[i], got[i],
                    1e-12, hint(got, new double[16]));
        }
    }

    @Test
    @Order(3)
    @DisplayName("position 2 attends to positions 0, 1 and 2, each head to its own slice of 4")
    void heads() {
        Gpt model = new Gpt(new Random(5), Gpt.Config.MICROGPT);
        Gpt.Block b = model.blocks.get(0);
        KvCache keys = new KvCache(1);
        KvCache values = new KvCache(1);
        Random rng = new Random(6);
        for (int pos = 0; pos < 3; pos++) {
            List<Value> x = vector(rng, 16);
            List<List<Value>> before = new ArrayList<>(keys.get(0));
            List<List<Value>> valuesBefore = new ArrayList<>(values.get(0));
            double[] got = Checks.data(attend(model, x, keys, values));
            List<Value> q = Vectors.linear(x, b.attnWq());
            List<List<Value>> allKeys = new ArrayList<>(before);
            allKeys.add(Vectors.linear(x, b.attnWk()));
            List<List<Value>> allValues = new ArrayList<>(valuesBefore);
            allValues.add(Vectors.linear(x, b.attnWv()));
            double[] expected = expected(model, q, allKeys, allValues);
            double[] withoutThis = expected(model, q, before, valuesBefore);
            Expect.equal("attention at position " + pos + " gives n_embd = 16 numbers", 16, got.length, HEADS);
            for (int i = 0; i < 16; i++) {
                Expect.close("output " + i + " of attention at position " + pos, expected[i], got[i], 1e-12,
                        hint(got, withoutThis));
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("gradients reach the inputs of earlier positions through the cache, matching nudging")
    void gradient() {
        Gpt model = new Gpt(new Random(7), new Gpt.Config(3, 4, 2, 1, 4));
        // position 0 reads (a, b, c, d), position 1 reads (e, f, g, h); the output is position 1's
        Checks.gradientsMatchSlopes("y0 - y1 + 2 y3 with y = attention at position 1, of 2 heads of 2", 8, -1, 1,
                x -> {
                    KvCache keys = new KvCache(1);
                    KvCache values = new KvCache(1);
                    attend(model, List.of(x[0], x[1], x[2], x[3]), keys, values);
                    List<Value> y = attend(model, List.of(x[4], x[5], x[6], x[7]), keys, values);
                    return y.get(0).sub(y.get(1)).add(y.get(3).mul(2));
                }, "cache the Values themselves (not copies of their numbers), so that position 1's output depends"
                        + " on position 0's input through its key and value: " + HEADS);
    }
}
