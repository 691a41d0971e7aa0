package io.github.micrograd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.XorShift64Star;
import io.github.micrograd4j.data.Dataset.Split;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoints of EurekaLabs micrograd's reference run (github.com/EurekaLabsAI/micrograd at commit e6b3705:
 * yin-yang data and weights from xorshift64* seeded 42, a 2-8-3 tanh MLP, AdamW), as that repository's Python
 * script printed them under CPython 3.11: initial weights and activations, the first step's losses, gradients
 * and updated parameters, and losses along the trajectory.
 */
@DisplayName("The yin-yang run matches EurekaLabs micrograd's checkpoints")
class YinYangTest {

    static final double TIGHT = 1e-12;

    /** The parameter index of L{layer}.N{neuron}.w{i}, or of its bias when i == nin. */
    static int index(int layer, int neuron, int i) {
        return layer == 0 ? neuron * 3 + i : 24 + neuron * 9 + i;
    }

    /** The reference's data: the first 1,216 draws of the generator. */
    static Split split(XorShift64Star rng) {
        return io.github.micrograd4j.data.YinYang.split(io.github.micrograd4j.data.YinYang.generate(100, rng));
    }

    /** The reference's model: the next 40 draws. */
    static MLP model(XorShift64Star rng) {
        return new MLP(2, new int[] {8, 3}, Activation.TANH, Activation.LINEAR, Init.UNIFORM_FAN_IN, rng);
    }

    @Test
    @DisplayName("initial weights, the hidden layer, logits and loss of train[0]")
    void initialisation() {
        XorShift64Star rng = new XorShift64Star(42);
        Dataset data = io.github.micrograd4j.data.YinYang.generate(100, rng);
        MLP model = model(rng);
        List<Value> p = model.parameters();
        assertThat(p).hasSize(51);
        assertThat(p.get(index(0, 0, 0)).data()).isCloseTo(0.5227403657037659, within(TIGHT));
        assertThat(p.get(index(0, 0, 1)).data()).isCloseTo(0.08767522297151412, within(TIGHT));
        assertThat(p.get(index(1, 0, 0)).data()).isCloseTo(-0.136663474373242, within(TIGHT));
        assertThat(p.get(index(0, 3, 2)).data()).as("biases start at 0").isZero();

        List<Value> hidden = model.layers().get(0).apply(List.of(new Value(data.features(0)[0]), new Value(data.features(0)[1])));
        assertThat(hidden.get(0).data()).isCloseTo(-0.23311336812578978, within(TIGHT));
        assertThat(hidden.get(1).data()).isCloseTo(0.8357770370976024, within(TIGHT));
        assertThat(hidden.get(2).data()).isCloseTo(0.07379137458557644, within(TIGHT));
        List<Value> logits = model.apply(data.features(0));
        assertThat(logits.get(0).data()).isCloseTo(0.6788868024362866, within(TIGHT));
        assertThat(logits.get(1).data()).isCloseTo(0.19077364522510948, within(TIGHT));
        assertThat(logits.get(2).data()).isCloseTo(0.008479900473821522, within(TIGHT));
        assertThat(io.github.micrograd4j.nn.Losses.crossEntropy(List.of(logits), new int[] {0}).data()).isCloseTo(0.7539053558160359, within(TIGHT));
    }

    @Test
    @DisplayName("step 1: losses, gradients, and the parameters after AdamW")
    void firstStep() {
        XorShift64Star rng = new XorShift64Star(42);
        Split split = split(rng);
        MLP model = model(rng);
        List<Value> p = model.parameters();
        assertThat(YinYang.loss(model, split.val()).data()).isCloseTo(1.0538977419739777, within(TIGHT));
        Value loss = YinYang.loss(model, split.train());
        assertThat(loss.data()).isCloseTo(1.0122152826497561, within(TIGHT));
        loss.backward();
        assertThat(p.get(index(0, 0, 0)).grad()).isCloseTo(-0.031309739727744035, within(TIGHT));
        assertThat(p.get(index(0, 0, 2)).grad()).isCloseTo(0.0039389533294891315, within(TIGHT));
        assertThat(p.get(index(1, 0, 1)).grad()).isCloseTo(-0.15089829644758043, within(TIGHT));
        new Adam(p, 0.1, 0.9, 0.95, 1e-8, 1e-4).step();
        assertThat(p.get(index(0, 0, 0)).data()).isCloseTo(0.6227351063611759, within(TIGHT));
        assertThat(p.get(index(0, 0, 2)).data()).isCloseTo(-0.09999974612609554, within(TIGHT));
    }

    @Test
    @DisplayName("the printed trajectory: the reference's line format and its checkpoints to 1e-9")
    void trajectory() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        YinYang.train(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(110);
        assertThat(lines.get(0)).isEqualTo("step 1/100, val loss 1.053898");
        assertThat(lines).filteredOn(l -> l.contains("val loss")).hasSize(10).allMatch(l -> l.matches("step \\d+/100, val loss \\d\\.\\d{6}"));
        double[] expected = {1.0122152826497561, 0.8466614840586785, 0.7433865082961447};
        List<String> train = lines.stream().filter(l -> l.contains("train loss")).toList();
        assertThat(train).hasSize(100);
        for (int k = 0; k < expected.length; k++) {
            assertThat(train.get(k)).startsWith("step " + (k + 1) + "/100, train loss ");
            assertThat(value(train.get(k))).isCloseTo(expected[k], within(1e-9));
        }
        assertThat(value(train.get(9))).isCloseTo(0.619530801607749, within(1e-9));
        assertThat(train.get(0)).isEqualTo("step 1/100, train loss 1.0122152826497561");   // the reference's digits
        assertThat(train.get(9)).isEqualTo("step 10/100, train loss 0.619530801607749");
        assertThat(value(train.get(99))).isLessThan(value(train.get(9)));
    }

    @Test
    @DisplayName("the run's loss form and the library's stable softmax cross-entropy agree to 1e-15")
    void lossForms() {
        XorShift64Star rng = new XorShift64Star(42);
        Split split = split(rng);
        MLP model = model(rng);
        List<List<Value>> logits = new java.util.ArrayList<>();
        int[] targets = new int[split.train().size()];
        for (int i = 0; i < targets.length; i++) {
            logits.add(model.apply(split.train().features(i)));
            targets[i] = (int) split.train().label(i);
        }
        double stable = io.github.micrograd4j.nn.Losses.crossEntropy(logits, targets).data();
        assertThat(YinYang.loss(model, split.train()).data()).isCloseTo(stable, within(1e-15));
    }

    @Test
    @DisplayName("number format: Python's %.6f (half even on the exact value); repr is PythonFloatTest's")
    void formats() {
        assertThat(PythonFloat.fixed(1.0538977419739777, 6)).isEqualTo("1.053898");
        assertThat(PythonFloat.fixed(0.0000005, 6)).isEqualTo("0.000000");   // 5e-7 is just below its decimal
    }

    @Test
    @DisplayName("the main prints only the reference's 110 lines and draws the regions and the training curves")
    void main(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("yy.png");
        Path curves = dir.resolve("yy-training.png");
        List<String> out = ExamplesTest.run(YinYang::main, "--out", png.toString(), "--training-out", curves.toString());
        assertThat(out).hasSize(110);
        assertThat(ExamplesTest.picture(png, Plots.WIDTH, 640)).as("the three regions' fills")
                .contains(Plots.regionColour(0), Plots.regionColour(1), Plots.regionColour(2));
        ExamplesTest.picture(curves, 720, 420);
    }

    @Test
    @DisplayName("the history behind the training curves: one loss and accuracy per step, the validation loss every 10")
    void history() {
        YinYang.Run run = YinYang.train(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(run.trainLoss()).hasSize(100);
        assertThat(run.trainLoss()[0]).isCloseTo(1.0122152826497561, within(TIGHT));
        assertThat(run.trainLoss()[9]).isCloseTo(0.619530801607749, within(1e-9));
        assertThat(run.valLoss()).hasSize(10);
        assertThat(run.valLoss()[0]).isCloseTo(1.0538977419739777, within(TIGHT));
        assertThat(run.trainAccuracy()).hasSize(100);
        assertThat(DoubleStream.of(run.trainAccuracy())).allMatch(a -> a >= 0 && a <= 100);
        assertThat(run.trainAccuracy()[99]).as("the trained model classifies most training points")
                .isGreaterThan(run.trainAccuracy()[0]).isGreaterThanOrEqualTo(80);
        int correct = 0;
        Split split = io.github.micrograd4j.data.YinYang.split(run.data());
        for (int i = 0; i < split.train().size(); i++) {
            if (YinYang.argmax(run.model().apply(split.train().features(i))) == (int) split.train().label(i)) {
                correct++;
            }
        }
        assertThat(correct).as("accuracy after the last update, recomputed").isGreaterThanOrEqualTo(64);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
