package io.github.micrograd4j.train;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.nn.Activation;
import io.github.micrograd4j.nn.Init;
import io.github.micrograd4j.nn.Losses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.optim.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mini-batches through recorded graphs: one shard is the eager path to the bit, any number of threads gives the
 * same numbers to the bit, and bad input changes nothing.
 */
@DisplayName("Trainer: mini-batches through tapes, on any number of threads")
class TrainerTest {

    static final int N = 100;
    static final int D = 6;
    static final int CLASSES = 3;

    /** 100 examples of 6 features in 3 classes (the class decides the mean of the features). */
    static double[][] features() {
        Random rng = new Random(11);
        double[][] x = new double[N][D];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                x[i][j] = rng.nextGaussian() + (i % CLASSES == j % CLASSES ? 1.5 : 0);
            }
        }
        return x;
    }

    static double[] labels() {
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % CLASSES;
        }
        return y;
    }

    static MLP model() {
        return new MLP(D, new int[] {8, CLASSES}, Activation.RELU, Activation.LINEAR, Init.UNIFORM_FAN_IN, new Random(5));
    }

    static List<List<Value>> logits(MLP model, List<List<Value>> inputs) {
        List<List<Value>> out = new ArrayList<>();
        for (List<Value> in : inputs) {
            out.add(model.apply(in));
        }
        return out;
    }

    /** What a run printed: each batch's loss, then the final parameters. */
    record Run(double[] losses, double[] parameters) {
    }

    /** Three epochs of batches of 16 (the last of each epoch 4 long) over a shuffled order, Adam 0.01. */
    static Run train(Integer shard, int threads) {
        double[][] x = features();
        double[] y = labels();
        MLP model = model();
        Adam adam = new Adam(model.parameters(), 0.01);
        Random shuffle = new Random(2);
        int[] order = new int[N];
        Arrays.setAll(order, i -> i);
        List<Double> losses = new ArrayList<>();
        Trainer trainer = shard == null ? null : new Trainer(model.parameters(), D, shard, threads,
                (in, t) -> Losses.crossEntropy(logits(model, in), t));
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int i = N - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < N; from += 16) {
                int to = Math.min(from + 16, N);
                adam.zeroGrad();
                if (trainer != null) {
                    losses.add(trainer.backward(x, y, order, from, to));
                } else {                                      // the eager path: a new graph every batch
                    List<List<Value>> z = new ArrayList<>();
                    int[] targets = new int[to - from];
                    for (int i = from; i < to; i++) {
                        z.add(model.apply(x[order[i]]));
                        targets[i - from] = (int) y[order[i]];
                    }
                    Value loss = Losses.crossEntropy(z, targets);
                    loss.backward();
                    losses.add(loss.data());
                }
                adam.step();
            }
        }
        if (trainer != null) {
            trainer.close();
        }
        return new Run(losses.stream().mapToDouble(Double::doubleValue).toArray(),
                model.parameters().stream().mapToDouble(Value::data).toArray());
    }

    @Test
    @DisplayName("a batch in one shard follows the eager path bit for bit (the last, shorter batch of each epoch included)")
    void oneShardIsTheEagerPath() {
        Run eager = train(null, 1);
        Run taped = train(16, 1);
        assertThat(taped.losses()).hasSize(21).containsExactly(eager.losses());
        assertThat(taped.parameters()).containsExactly(eager.parameters());
        assertThat(eager.losses()[20]).isLessThan(eager.losses()[0]);      // it learns
    }

    @Test
    @DisplayName("1, 2, 3 and 4 threads give the same losses and parameters to the bit")
    void threadsDoNotChangeTheNumbers() {
        Run one = train(4, 1);
        for (int threads : new int[] {2, 3, 4}) {
            Run many = train(4, threads);
            assertThat(many.losses()).as("%d threads", threads).containsExactly(one.losses());
            assertThat(many.parameters()).as("%d threads", threads).containsExactly(one.parameters());
        }
    }

    @Test
    @DisplayName("shards of 5 follow the eager trajectory to 1e-12 relative (the sums grouped differently)")
    void shardsAgreeWithTheEagerPath() {
        Run eager = train(null, 1);
        Run sharded = train(5, 2);                         // shards of 5, 5, 5 and 1: weighted by size
        for (int i = 0; i < eager.losses().length; i++) {
            assertThat(sharded.losses()[i]).as("batch %d", i)
                    .isCloseTo(eager.losses()[i], within(1e-12 * Math.abs(eager.losses()[i])));
        }
        for (int i = 0; i < eager.parameters().length; i++) {
            assertThat(sharded.parameters()[i]).as("parameter %d", i)
                    .isCloseTo(eager.parameters()[i], within(1e-12 * Math.max(1, Math.abs(eager.parameters()[i]))));
        }
    }

    @Test
    @DisplayName("the gradient is added to what the parameters hold, as backward() does")
    void gradientsAccumulate() {
        MLP model = model();
        try (Trainer trainer = new Trainer(model.parameters(), D, (in, t) -> Losses.crossEntropy(logits(model, in), t))) {
            int[] rows = {0, 1, 2, 3, 4};
            double first = trainer.backward(features(), labels(), rows);
            double[] once = model.parameters().stream().mapToDouble(Value::grad).toArray();
            double second = trainer.backward(features(), labels(), rows);
            assertThat(second).isEqualTo(first);
            double[] twice = model.parameters().stream().mapToDouble(Value::grad).toArray();
            for (int i = 0; i < once.length; i++) {
                assertThat(twice[i]).isEqualTo(once[i] + once[i]);
            }
            assertThat(Arrays.stream(once).anyMatch(g -> g != 0)).isTrue();
        }
    }

    @Test
    @DisplayName("bad batches are refused with their index and leave every gradient as it was")
    void badInput() {
        MLP model = model();
        double[][] x = features();
        double[] y = labels();
        try (Trainer trainer = new Trainer(model.parameters(), D, 4, 2, (in, t) -> Losses.crossEntropy(logits(model, in), t))) {
            assertThatThrownBy(() -> trainer.backward(x, y, new int[] {0, 100}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order[1] (100) is not an example");
            assertThatThrownBy(() -> trainer.backward(x, y, new int[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the batch is empty");
            double[][] narrow = {new double[D - 1]};
            assertThatThrownBy(() -> trainer.backward(narrow, new double[] {0}, new int[] {0}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features[0] has 5 values; the trainer's dimension is 6");
            double[] badLabels = y.clone();
            badLabels[9] = 7;                                 // no class 7: refused by the loss on a worker thread
            int[] rows = new int[12];
            Arrays.setAll(rows, i -> i);
            assertThatThrownBy(() -> trainer.backward(x, badLabels, rows))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target (7.0) must be a whole number in [0, 3)");
            assertThat(model.parameters()).allSatisfy(p -> assertThat(p.grad()).isZero());
        }
        assertThatThrownBy(() -> new Trainer(model.parameters(), 0, (in, t) -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dimension (0) must be >= 1");
        assertThatThrownBy(() -> new Trainer(model.parameters(), D, 0, 1, (in, t) -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("shard (0) must be >= 1");
        assertThatThrownBy(() -> new Trainer(model.parameters(), D, 8, 0, (in, t) -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads (0) must be >= 1");
        assertThatThrownBy(() -> new Trainer(null, D, (in, t) -> null)).isInstanceOf(NullPointerException.class)
                .hasMessage("parameters == null");
    }

    @Test
    @DisplayName("a closed trainer refuses to run; toString names its settings")
    void closed() {
        MLP model = model();
        Trainer trainer = new Trainer(model.parameters(), D, 8, 2, (in, t) -> Losses.crossEntropy(logits(model, in), t));
        assertThat(trainer).hasToString("Trainer(83 parameters, dimension 6, shard 8, 2 threads)");
        trainer.close();
        trainer.close();
        assertThatThrownBy(() -> trainer.backward(features(), labels(), new int[] {0}))
                .isInstanceOf(IllegalStateException.class).hasMessage("the trainer is closed");
    }

    /** Whether the current thread is one of a trainer's pool threads. */
    static boolean onWorker() {
        return Thread.currentThread().getName().startsWith("micrograd4j-trainer-");
    }

    /** Waits for the latch (a test thread's wait, bounded so that a broken trainer fails instead of hanging). */
    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting until " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The mean of op(x * w) over the examples: a loss whose op the tests make fail. */
    static Trainer.BatchLoss meanOf(CustomOp op, Value w) {
        return (in, t) -> {
            List<Value> terms = new ArrayList<>();
            for (List<Value> row : in) {
                terms.add(op.apply(row.get(0).mul(w)));
            }
            return Value.sum(terms).mul(1.0 / terms.size());
        };
    }

    @Test
    @Timeout(60)
    @DisplayName("an Error thrown on a worker thread reaches the caller, changes no gradient, and the next batch runs")
    void errorsOnWorkers() {
        Value w = new Value(2.0);
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch workerTookOne = new CountDownLatch(1);
        CustomOp boom = CustomOp.of("boom", 1, x -> {
            if (armed.get()) {
                if (onWorker()) {
                    workerTookOne.countDown();
                    throw new AssertionError("boom on a worker");
                }
                await(workerTookOne, "a worker takes a shard");  // so that a worker surely takes one
            }
            return x[0];
        }, (x, y, p) -> p[0] = 1);
        double[][] x = {{1}, {2}, {3}, {4}};
        double[] y = {0, 0, 0, 0};
        try (Trainer trainer = new Trainer(List.of(w), 1, 1, 2, meanOf(boom, w))) {
            trainer.backward(x, y, new int[] {0, 1, 2, 3});   // records the tapes, unarmed
            w.setGrad(0.0);
            armed.set(true);
            assertThatThrownBy(() -> trainer.backward(x, y, new int[] {0, 1, 2, 3}))
                    .isInstanceOf(AssertionError.class).hasMessage("boom on a worker");
            assertThat(w.grad()).isZero();
            armed.set(false);
            assertThat(trainer.backward(x, y, new int[] {0, 1, 2})).isEqualTo((2 + 4 + 6) / 3.0);
            assertThat(w.grad()).isEqualTo((1 + 2 + 3) / 3.0);
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("when a later shard fails first on another thread, the first failed shard's error is the one thrown")
    void lowestFailedShardWins() {
        for (int threads : new int[] {2, 3}) {
            Value w = new Value(1.0);
            AtomicBoolean armed = new AtomicBoolean();
            CountDownLatch shard2Failed = new CountDownLatch(1);
            CustomOp boom = CustomOp.of("boom", 1, x -> {
                if (armed.get() && x[0] == 2) {
                    shard2Failed.countDown();
                    throw new IllegalStateException("boom at shard 2");
                }
                if (armed.get() && x[0] == 1) {
                    await(shard2Failed, "shard 2 fails");     // on one thread, while another takes shard 2
                    throw new IllegalStateException("boom at shard 1");
                }
                return x[0];
            }, (x, y, p) -> p[0] = 1);
            double[][] x = {{0}, {1}, {2}, {3}};
            double[] y = {0, 0, 0, 0};
            try (Trainer trainer = new Trainer(List.of(w), 1, 1, threads, meanOf(boom, w))) {
                trainer.backward(x, y, new int[] {0, 1, 2, 3});
                w.setGrad(0.0);
                armed.set(true);
                assertThatThrownBy(() -> trainer.backward(x, y, new int[] {0, 1, 2, 3})).as("%d threads", threads)
                        .isInstanceOf(IllegalStateException.class).hasMessage("boom at shard 1");
                assertThat(w.grad()).isZero();
            }
        }
    }

    @Test
    @DisplayName("with bad targets in several shards, every thread count reports the first shard's, as one thread does")
    void firstFailureWhateverTheThreads() {
        MLP model = model();
        double[] bad = labels().clone();
        bad[1] = 5;                                           // shard 1 (shards of one example)
        bad[2] = 6;                                           // shard 2
        for (int threads : new int[] {1, 2, 3}) {
            try (Trainer trainer = new Trainer(model.parameters(), D, 1, threads,
                    (in, t) -> Losses.crossEntropy(logits(model, in), t))) {
                assertThatThrownBy(() -> trainer.backward(features(), bad, new int[] {0, 1, 2, 3}))
                        .as("%d threads", threads).hasMessageContaining("target (5.0)");
                assertThat(trainer.backward(features(), labels(), new int[] {0, 1, 2, 3})).as("then a good batch").isFinite();
            }
        }
    }
}
