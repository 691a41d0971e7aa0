package io.github.micrograd4j.io;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.micrograd4j.data.Dataset;
import io.github.micrograd4j.data.Digits;
import io.github.micrograd4j.data.Moons;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.optim.Adam;
import io.github.micrograd4j.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Runs ONNX models in ONNX Runtime for Java, in-process, and trains the models the tests export. */
final class OnnxRuntimeRunner {

    private OnnxRuntimeRunner() {
    }

    /** Returns the runtime's output {@code y} for the batch {@code x} (one row per example). */
    static double[][] run(byte[] model, double[][] x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of(Onnx.INPUT, input))) {
            return (double[][]) result.get(Onnx.OUTPUT).orElseThrow().getValue();
        }
    }

    /** Returns {@code model.apply} on each row of {@code x}. */
    static double[][] apply(MLP model, double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = model.apply(x[i]).stream().mapToDouble(Value::data).toArray();
        }
        return y;
    }

    /** Returns {@code n} rows of {@code width} numbers drawn uniformly from [-2, 2). */
    static double[][] randomBatch(Random rng, int n, int width) {
        double[][] x = new double[n][width];
        for (double[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = rng.nextDouble() * 4 - 2;
            }
        }
        return x;
    }

    /** Returns micrograd's moons model after the demo's 100 steps (java.util.Random(1337), as MoonsDemo --rng java). */
    static MLP trainedMoons() {
        Dataset data = Moons.micrograd100();
        MLP model = new MLP(new Random(1337), 2, 16, 16, 1);
        SGD sgd = new SGD(model.parameters(), 1.0);
        for (int k = 0; k < 100; k++) {
            List<Value> scores = new ArrayList<>();
            for (double[] row : data.features()) {
                scores.add(model.apply(row).get(0));
            }
            Value loss = Losses.hinge(scores, data.labels()).add(Losses.l2(model.parameters(), 1e-4));
            model.zeroGrad();
            loss.backward();
            sgd.setLearningRate(1.0 - 0.9 * k / 100);
            sgd.step();
        }
        return model;
    }

    /** Returns the first 300 of scikit-learn's 8x8 digits ({@link Digits#load()}): 64 pixels in [0, 1], labels 0-9. */
    static Dataset digits() {
        return Digits.load().slice(0, 300);
    }

    /** Returns a 64-32-10 MLP (ReLU hidden, linear output: DigitsExample's) after 5 full-batch Adam steps on {@link #digits()}. */
    static MLP trainedDigits() {
        Dataset data = digits();
        MLP model = new MLP(64, new int[] {32, 10}, Activation.RELU, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(10));
        Adam adam = new Adam(model.parameters(), 0.01);
        int[] targets = new int[data.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (int) data.label(i);
        }
        for (int step = 0; step < 5; step++) {
            List<List<Value>> logits = new ArrayList<>();
            for (double[] row : data.features()) {
                logits.add(model.apply(row));
            }
            Value loss = Losses.crossEntropy(logits, targets);
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        return model;
    }
}
