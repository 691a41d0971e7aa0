package micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Part 6: Karpathy's microgpt, a GPT made of your {@link Value}s: token and position embeddings, then per layer
 * multi-head attention over a KV cache and a ReLU MLP, each with RMS norm before it and a residual around it, then
 * the logits of the next token. It reads one token at a time: {@link #apply(int, int, KvCache, KvCache)}.
 */
public final class Gpt implements Module {

    /**
     * The sizes of a GPT.
     *
     * @param vocabSize the number of tokens (microgpt: 26 letters and BOS)
     * @param nEmbd     the length of every vector that flows through the model
     * @param nHead     the number of attention heads, each looking at {@code nEmbd / nHead} of those numbers
     * @param nLayer    the number of blocks (attention, then MLP)
     * @param blockSize the most positions it reads (its position embeddings)
     */
    public record Config(int vocabSize, int nEmbd, int nHead, int nLayer, int blockSize) {

        /** microgpt's sizes: 27 tokens, n_embd 16, 4 heads of 4, 1 layer, block_size 16. */
        public static final Config MICROGPT = new Config(27, 16, 4, 1, 16);

        /** Returns the length of one head's slice, {@code nEmbd / nHead}. */
        public int headDim() {
            return nEmbd / nHead;
        }
    }

    /**
     * The weights of one block, microgpt's {@code layer{i}.attn_wq} ... {@code layer{i}.mlp_fc2}; each is
     * {@code [outputs][inputs]}.
     *
     * @param attnWq the queries', [nEmbd][nEmbd]
     * @param attnWk the keys', [nEmbd][nEmbd]
     * @param attnWv the values', [nEmbd][nEmbd]
     * @param attnWo the heads' output projection, [nEmbd][nEmbd]
     * @param mlpFc1 the MLP's first layer, [4 nEmbd][nEmbd]
     * @param mlpFc2 the MLP's second layer, [nEmbd][4 nEmbd]
     */
    public record Block(Value[][] attnWq, Value[][] attnWk, Value[][] attnWv, Value[][] attnWo, Value[][] mlpFc1,
            Value[][] mlpFc2) {
    }

    /** The standard deviation of the initial weights (microgpt: {@code random.gauss(0, 0.08)}). */
    public static final double INIT_STD = 0.08;

    final Config config;
    /** The token embeddings, one row per token: [vocabSize][nEmbd]. */
    final Value[][] wte;
    /** The position embeddings, one row per position: [blockSize][nEmbd]. */
    final Value[][] wpe;
    /** The output layer, one row per token: [vocabSize][nEmbd]. */
    final Value[][] lmHead;
    /** The blocks' weights, layer after layer. */
    final List<Block> blocks = new ArrayList<>();

    /**
     * Task 6.3. Returns a matrix of new leaves, each {@code rng.nextGaussian() * INIT_STD}, drawn row after row
     * (microgpt's {@code matrix(nout, nin)}).
     *
     * @param nout the number of rows
     * @param nin  the length of each row
     * @param rng  where the numbers come from
     * @return the matrix, [nout][nin]
     */
    static Value[][] matrix(int nout, int nin, Random rng) {
        Value[][] m = new Value[nout][nin];
        for (int o = 0; o < nout; o++) {
            for (int i = 0; i < nin; i++) {
                m[o][i] = new Value(rng.nextGaussian() * INIT_STD);
            }
        }
        return m;
    }

    /**
     * Task 6.3. Makes a GPT with microgpt's weights, drawn from rng in microgpt's order: wte, wpe, lm_head, then for
     * each layer attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2. No biases.
     *
     * @param rng    where the weights come from
     * @param config the sizes
     */
    public Gpt(Random rng, Config config) {
        this.config = config;
        int n = config.nEmbd();
        wte = matrix(config.vocabSize(), n, rng);
        wpe = matrix(config.blockSize(), n, rng);
        lmHead = matrix(config.vocabSize(), n, rng);
        for (int layer = 0; layer < config.nLayer(); layer++) {
            Value[][] wq = matrix(n, n, rng);
            Value[][] wk = matrix(n, n, rng);
            Value[][] wv = matrix(n, n, rng);
            Value[][] wo = matrix(n, n, rng);
            Value[][] fc1 = matrix(4 * n, n, rng);
            Value[][] fc2 = matrix(n, 4 * n, rng);
            blocks.add(new Block(wq, wk, wv, wo, fc1, fc2));
        }
    }

    /** Returns the sizes. */
    public Config config() {
        return config;
    }

    /** Task 6.3. Returns every weight in the order they were drawn: matrix after matrix, row after row. */
    @Override
    public List<Value> parameters() {
        List<Value[][]> matrices = new ArrayList<>(List.of(wte, wpe, lmHead));
        for (Block b : blocks) {
            matrices.addAll(List.of(b.attnWq(), b.attnWk(), b.attnWv(), b.attnWo(), b.mlpFc1(), b.mlpFc2()));
        }
        List<Value> p = new ArrayList<>();
        for (Value[][] m : matrices) {
            for (Value[] row : m) {
                p.addAll(List.of(row));
            }
        }
        return p;
    }

    /**
     * Task 6.3. Returns the embedding of a token at a position: its row of wte plus the position's row of wpe.
     *
     * @param token the token
     * @param pos   the position, from 0
     * @return the vector, nEmbd long
     */
    public List<Value> embed(int token, int pos) {
        return Vectors.add(List.of(wte[token]), List.of(wpe[pos]));
    }

    /**
     * Task 6.4. Returns one attention head's output: the query's score against each key,
     * {@code (q . k_t) / sqrt(d)} with d the head's length, turned into weights by softmax, and the sum of the
     * values weighted by them.
     *
     * @param q      the query, d long
     * @param keys   one key per position, each d long
     * @param values one value per position, each d long
     * @return the weighted sum of the values, d long
     */
    public static List<Value> head(List<Value> q, List<List<Value>> keys, List<List<Value>> values) {
        int d = q.size();
        List<Value> scores = new ArrayList<>();
        for (List<Value> k : keys) {
            Value dot = new Value(0);
            for (int j = 0; j < d; j++) {
                dot = dot.add(q.get(j).mul(k.get(j)));
            }
            scores.add(dot.div(Math.sqrt(d)));
        }
        List<Value> weights = Vectors.softmax(scores);
        List<Value> out = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            Value sum = new Value(0);
            for (int t = 0; t < values.size(); t++) {
                sum = sum.add(weights.get(t).mul(values.get(t).get(j)));
            }
            out.add(sum);
        }
        return out;
    }

    /**
     * Task 6.5. Returns multi-head attention for the position being read: q, k and v are x times the layer's
     * attn_wq, attn_wk and attn_wv; k and v are appended to the caches first, so that the position attends to
     * itself too; each head h attends with its slice {@code [h * headDim, (h + 1) * headDim)} of q and of every
     * cached key and value; the heads' outputs, side by side, are multiplied by attn_wo.
     *
     * @param x      the (normalized) input, nEmbd long
     * @param layer  the layer
     * @param keys   the keys cache, which gains this position's key
     * @param values the values cache, which gains this position's value
     * @return the attention's output, nEmbd long
     */
    public List<Value> attention(List<Value> x, int layer, KvCache keys, KvCache values) {
        Block b = blocks.get(layer);
        List<Value> q = Vectors.linear(x, b.attnWq());
        keys.add(layer, Vectors.linear(x, b.attnWk()));
        values.add(layer, Vectors.linear(x, b.attnWv()));
        int d = config.headDim();
        List<Value> heads = new ArrayList<>();
        for (int h = 0; h < config.nHead(); h++) {
            int from = h * d;
            List<List<Value>> kh = new ArrayList<>();
            List<List<Value>> vh = new ArrayList<>();
            for (int t = 0; t < keys.get(layer).size(); t++) {
                kh.add(keys.get(layer).get(t).subList(from, from + d));
                vh.add(values.get(layer).get(t).subList(from, from + d));
            }
            heads.addAll(head(q.subList(from, from + d), kh, vh));
        }
        return Vectors.linear(heads, b.attnWo());
    }

    /**
     * Task 6.6. Returns the logits of the token after {@code token}, read at position {@code pos}: microgpt's
     * {@code gpt(token_id, pos_id, keys, values)}. x is the RMS norm of the embedding; then for each layer
     * x = x + attention(rmsnorm(x)), and x = x + mlp_fc2(relu(mlp_fc1(rmsnorm(x)))); the logits are lm_head times x.
     *
     * @param token  the token read
     * @param pos    its position, from 0
     * @param keys   the keys of the positions before (this one's is added)
     * @param values the values of the positions before (this one's is added)
     * @return one logit per token of the vocabulary
     */
    public List<Value> apply(int token, int pos, KvCache keys, KvCache values) {
        List<Value> x = Vectors.rmsnorm(embed(token, pos));
        for (int layer = 0; layer < config.nLayer(); layer++) {
            Block b = blocks.get(layer);
            List<Value> residual = x;
            x = Vectors.add(attention(Vectors.rmsnorm(x), layer, keys, values), residual);
            residual = x;
            List<Value> hidden = new ArrayList<>();
            for (Value h : Vectors.linear(Vectors.rmsnorm(x), b.mlpFc1())) {
                hidden.add(h.relu());
            }
            x = Vectors.add(Vectors.linear(hidden, b.mlpFc2()), residual);
        }
        return Vectors.linear(x, lmHead);
    }
}
