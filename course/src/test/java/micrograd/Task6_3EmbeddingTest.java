package micrograd;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task6.3")
@DisplayName("Task 6.3  weights, embeddings             Vectors.add, Gpt, parameters, embed")
class Task6_3EmbeddingTest {

    static final String ORDER = "draw the matrices in microgpt's order, each with matrix(): wte, wpe, lm_head, then"
            + " for each layer attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2; parameters() lists them in the"
            + " same order, each row after row";

    /** microgpt's matrices, in the order they are drawn, with their sizes for Config.MICROGPT. */
    static final String[] NAMES = {"wte", "wpe", "lm_head", "layer0.attn_wq", "layer0.attn_wk", "layer0.attn_wv",
        "layer0.attn_wo", "layer0.mlp_fc1", "layer0.mlp_fc2"};
    static final int[][] SHAPES = {{27, 16}, {16, 16}, {27, 16}, {16, 16}, {16, 16}, {16, 16}, {16, 16}, {64, 16},
        {16, 64}};

    /** Returns "lm_head row 3, column 2" for parameter i of a microgpt-sized model. */
    static String where(int i) {
        for (int m = 0; m < SHAPES.length; m++) {
            int size = SHAPES[m][0] * SHAPES[m][1];
            if (i < size) {
                return NAMES[m] + " row " + i / SHAPES[m][1] + ", column " + i % SHAPES[m][1];
            }
            i -= size;
        }
        return "past the last matrix";
    }

    @Test
    @Order(1)
    @DisplayName("Vectors.add: a_i + b_i, made from the very Values of a and b")
    void add() {
        Value[] a = Checks.leaves(1, 2, 3);
        Value[] b = Checks.leaves(0.5, -1, 4);
        List<Value> sum = Vectors.add(List.of(a), List.of(b));
        Expect.equal("Vectors.add of two vectors of 3 gives 3", 3, sum.size(), "one a_i.add(b_i) per i");
        double[] expected = {1.5, 1, 7};
        for (int i = 0; i < 3; i++) {
            Expect.exactly("element " + i + " of (1, 2, 3) + (0.5, -1, 4)", expected[i], sum.get(i).data(),
                    "a.get(i).add(b.get(i))");
        }
        Expect.same("the first child of element 0 is a_0 itself", a[0], sum.get(0).children().get(0),
                "a.get(i).add(b.get(i)): the sum links to the Values, so backward reaches them");
    }

    @Test
    @Order(2)
    @DisplayName("matrix(2, 3, rng): new leaves rng.nextGaussian() * 0.08, row after row")
    void matrix() {
        Value[][] m = Gpt.matrix(2, 3, new Random(7));
        Expect.equal("Gpt.matrix(2, 3, rng) has 2 rows", 2, m.length, "new Value[nout][nin]");
        Random same = new Random(7);
        for (int o = 0; o < 2; o++) {
            Expect.equal("row " + o + " of Gpt.matrix(2, 3, rng) has 3 numbers", 3, m[o].length, "new Value[nout][nin]");
            for (int i = 0; i < 3; i++) {
                Expect.exactly("m[" + o + "][" + i + "] of Gpt.matrix(2, 3, new Random(7))",
                        same.nextGaussian() * Gpt.INIT_STD, m[o][i].data(),
                        "m[o][i] = new Value(rng.nextGaussian() * INIT_STD), o in the outer loop, i in the inner");
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("new Gpt(rng, MICROGPT): 4,192 weights drawn in microgpt's order, listed so by parameters()")
    void parameters() {
        Random rng = new Random(42);
        Gpt model = new Gpt(rng, Gpt.Config.MICROGPT);
        List<Value> p = model.parameters();
        Expect.equal("new Gpt(rng, MICROGPT).parameters().size(): 27*16 + 16*16 + 27*16 + 4*16*16 + 64*16 + 16*64",
                4192, p.size(), ORDER);
        Random same = new Random(42);
        for (int i = 0; i < p.size(); i++) {
            Expect.exactly("parameter " + i + " (" + where(i) + ") of new Gpt(new Random(42), MICROGPT)",
                    same.nextGaussian() * Gpt.INIT_STD, p.get(i).data(), ORDER);
        }
        Expect.exactly("the next number of rng after new Gpt(rng, MICROGPT): it drew 4,192", same.nextGaussian(),
                rng.nextGaussian(), "one rng.nextGaussian() per weight, nothing else: " + ORDER);
        Expect.same("parameter 0 is wte[0][0] itself", model.wte[0][0], p.get(0),
                "list the model's own Values: Adam changes them in place");
        Expect.same("the last parameter is layer 0's mlp_fc2[15][63] itself", model.blocks.get(0).mlpFc2()[15][63],
                p.get(p.size() - 1), ORDER);
    }

    @Test
    @Order(4)
    @DisplayName("embed(3, 5): wte's row 3 plus wpe's row 5; backward reaches those two rows only")
    void embed() {
        Gpt model = new Gpt(new Random(1), Gpt.Config.MICROGPT);
        List<Value> x = model.embed(3, 5);
        Expect.equal("embed(3, 5) has n_embd = 16 numbers", 16, x.size(), "Vectors.add of the two rows");
        for (int i = 0; i < 16; i++) {
            Expect.exactly("element " + i + " of embed(3, 5) = wte[3][" + i + "] + wpe[5][" + i + "]",
                    model.wte[3][i].data() + model.wpe[5][i].data(), x.get(i).data(),
                    "Vectors.add(List.of(wte[token]), List.of(wpe[pos]))");
        }
        Value sum = x.get(0);
        for (int i = 1; i < 16; i++) {
            sum = sum.add(x.get(i));
        }
        sum.backward();
        Expect.exactly("wte[3][7].grad() after backward() of the sum of embed(3, 5)", 1.0, model.wte[3][7].grad(),
                "build the embedding from the weight Values themselves, so backward reaches them");
        Expect.exactly("wpe[5][7].grad()", 1.0, model.wpe[5][7].grad(), "the position's row: wpe[pos]");
        Expect.exactly("wte[4][7].grad(): another token's row", 0.0, model.wte[4][7].grad(), "the token's row: wte[token]");
        Expect.exactly("wpe[3][7].grad(): another position's row", 0.0, model.wpe[3][7].grad(),
                "the position's row: wpe[pos], not wpe[token]");
    }
}
