package io.github.micrograd4j.train;

import io.github.micrograd4j.nn.MLP;
import io.github.micrograd4j.engine.Tape;
import io.github.micrograd4j.nn.Losses;
import io.github.micrograd4j.engine.Value;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batch gradients through recorded graphs, on one thread or several: the loss of a batch is computed and
 * differentiated by replaying {@link Tape}s instead of building a graph for every batch, and the gradient is added
 * to the parameters' {@link Value#grad()}, exactly where {@code loss.backward()} would put it. A training step
 * stays forward-and-backward, then the optimizer:
 *
 * <pre>{@code
 * Dataset.Split digits = Digits.load().split(1500, 0);
 * double[][] x = digits.train().features();
 * double[] y = digits.train().labels();
 * MLP model = new MLP(new Random(1), 64, 32, 10);
 * Adam adam = new Adam(model.parameters(), 1e-2);
 * try (Trainer trainer = new Trainer(model.parameters(), 64, Trainer.DEFAULT_SHARD, 2,
 *         (inputs, targets) -> Losses.crossEntropy(inputs.stream().map(model::apply).toList(), targets))) {
 *     int[] order = new int[x.length];
 *     Arrays.setAll(order, i -> i);
 *     for (int from = 0; from < x.length; from += 32) {                   // one epoch, batches of 32
 *         adam.zeroGrad();
 *         double loss = trainer.backward(x, y, order, from, Math.min(from + 32, x.length));
 *         adam.step();
 *     }
 * }
 * }</pre>
 *
 * <h2>How a batch is computed</h2>
 * A batch is cut into <em>shards</em> of {@code shard} examples (the last one shorter). For each shard size the
 * trainer builds, once, a graph of the loss over input leaves of its own ({@code dimension} leaves per example,
 * one target leaf per example) and the shared parameters, and records it: {@code loss.apply(inputs, targets)}
 * must return the <em>mean</em> loss of the examples it is given (every {@link Losses} function does), built from
 * those leaves, and only from operations a tape can replay (every built-in operation and {@link
 * io.github.micrograd4j.engine.CustomOp}). For every batch each shard's leaves are set to its examples, its tape
 * replays the loss and computes the gradient with respect to the parameters into a buffer of its own
 * ({@link Tape#gradient(List, double[])}, which touches no {@code Value}'s gradient), and the shards are then
 * combined in shard order: the batch loss is {@code sum_s (n_s / n) loss_s} and each parameter's gradient
 * {@code sum_s (n_s / n) grad_s}, for shards of {@code n_s} of the batch's {@code n} examples.
 *
 * <h2>The same numbers on any number of threads</h2>
 * The shards are fixed by the batch and {@code shard} alone, a shard's result does not depend on the thread that
 * computes it (every thread's tape for a shard size replays the same graph), and the results are added in shard
 * order, so the losses and the gradients, and so a whole training run, are the same to the bit with 1, 2 or 16
 * threads. A batch that fits in one shard gives exactly the numbers of building the loss eagerly and calling
 * {@code backward()} (same operations, same order), bit for bit. Different {@code shard} sizes give the same
 * numbers up to rounding (the sums are grouped differently).
 *
 * <h2>Threads</h2>
 * With {@code threads > 1} the shards run on a pool of {@code threads - 1} daemon threads and the calling thread,
 * each thread taking the batch's next shard as soon as it is free, so that a thread that starts late (woken late,
 * or its core taken by another process) leaves its shards to the others instead of holding up the batch. Each
 * thread has its own tapes and leaves (all recorded on the calling thread, before the batch starts). While
 * {@link #backward} runs, the parameters are only read: do not change them from another thread then. A trainer is
 * not itself thread-safe: call it from one thread, and {@link #close()} it (try-with-resources) to stop its pool.
 */
public final class Trainer implements AutoCloseable {

    /** The default number of examples per shard: 8, so a batch of 32 keeps up to four cores busy. */
    public static final int DEFAULT_SHARD = 8;

    /**
     * Builds the loss of some examples from their input and target leaves.
     */
    @FunctionalInterface
    public interface BatchLoss {

        /**
         * Returns the mean loss of the examples, built from the given leaves.
         *
         * @param inputs  one list of {@code dimension} input leaves per example
         * @param targets one target leaf per example (a class index, a label or a regression target)
         * @return the mean loss over the examples
         */
        Value apply(List<List<Value>> inputs, List<Value> targets);
    }

    private final List<Value> parameters;
    private final int dimension;
    private final int shard;
    private final BatchLoss loss;
    private final Worker[] workers;
    /** The threads of workers 1 to threads - 1 (worker 0 is the calling thread); null with one thread. */
    /** The {@code threads - 1} threads that take shards beside the calling one, or null for one thread. */
    private final ExecutorService pool;
    /** Per shard of the current batch: its gradient and its mean loss. */
    private double[][] shardGrads = new double[0][];
    private double[] shardLosses = new double[0];
    private final double[] total;
    private volatile boolean closed;

    /**
     * Creates a trainer that runs on the calling thread, with shards of {@value #DEFAULT_SHARD} examples.
     *
     * @param parameters the values to differentiate with respect to, such as {@code model.parameters()}
     * @param dimension  the number of input features of an example
     * @param loss       builds the mean loss of some examples from their leaves
     * @throws IllegalArgumentException if {@code dimension < 1}
     * @throws NullPointerException     if an argument or a parameter is null
     */
    public Trainer(List<Value> parameters, int dimension, BatchLoss loss) {
        this(parameters, dimension, DEFAULT_SHARD, 1, loss);
    }

    /**
     * Creates a trainer.
     *
     * @param parameters the values to differentiate with respect to, such as {@code model.parameters()}
     * @param dimension  the number of input features of an example
     * @param shard      the number of examples per shard (see the class comment: the results depend on it, not on
     *                   {@code threads}); a shard at least as large as the batch gives the eager numbers exactly
     * @param threads    the number of threads that compute the shards, the calling thread included
     * @param loss       builds the mean loss of some examples from their leaves
     * @throws IllegalArgumentException if {@code dimension}, {@code shard} or {@code threads} is {@code < 1}
     * @throws NullPointerException     if an argument or a parameter is null
     */
    public Trainer(List<Value> parameters, int dimension, int shard, int threads, BatchLoss loss) {
        Objects.requireNonNull(parameters, "parameters == null");
        Objects.requireNonNull(loss, "loss == null");
        requirePositive(dimension, "dimension");
        requirePositive(shard, "shard");
        requirePositive(threads, "threads");
        List<Value> p = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            int at = i;
            p.add(Objects.requireNonNull(parameters.get(i), () -> "parameters[" + at + "] == null"));
        }
        this.parameters = Collections.unmodifiableList(p);
        this.dimension = dimension;
        this.shard = shard;
        this.loss = loss;
        this.total = new double[p.size()];
        this.workers = new Worker[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Worker();
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, new ThreadFactory() {
            private final AtomicInteger made = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "micrograd4j-trainer-" + made.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
    }

    private static void requirePositive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " (" + n + ") must be >= 1");
        }
    }

    /**
     * Computes the mean loss of the examples {@code rows} and its gradient, which it adds to every parameter's
     * {@link Value#grad()} (as {@code loss.backward()} does: call the optimizer's {@code zeroGrad()} first).
     *
     * @param features the examples' inputs, {@code dimension} numbers each
     * @param targets  the examples' targets (for {@link Losses#crossEntropy(List, List)}, class indices)
     * @param rows     the indices of the batch's examples
     * @return the batch's mean loss
     * @throws IllegalArgumentException if {@code rows} is empty or an index is out of range, or an example has not
     *                                  {@code dimension} features (the message names it); nothing is changed then
     * @throws NullPointerException     if an argument or a used row is null
     */
    public double backward(double[][] features, double[] targets, int[] rows) {
        Objects.requireNonNull(rows, "rows == null");
        return backward(features, targets, rows, 0, rows.length);
    }

    /**
     * Computes the mean loss of the examples {@code order[from]} to {@code order[to - 1]} and adds its gradient to
     * every parameter's {@link Value#grad()}: the form for a loop over a shuffled order, one batch at a time.
     *
     * @param features the examples' inputs, {@code dimension} numbers each
     * @param targets  the examples' targets
     * @param order    indices of examples
     * @param from     the batch's first position in {@code order}
     * @param to       the position after its last
     * @return the batch's mean loss
     * @throws IllegalArgumentException if the batch is empty or an index is out of range, or an example has not
     *                                  {@code dimension} features; nothing is changed then
     * @throws IndexOutOfBoundsException if {@code from} or {@code to} is outside {@code order}
     * @throws NullPointerException     if an argument or a used row is null
     * @throws IllegalStateException    if the trainer is closed
     */
    public double backward(double[][] features, double[] targets, int[] order, int from, int to) {
        Objects.requireNonNull(features, "features == null");
        Objects.requireNonNull(targets, "targets == null");
        Objects.requireNonNull(order, "order == null");
        Objects.checkFromToIndex(from, to, order.length);
        if (closed) {
            throw new IllegalStateException("the trainer is closed");
        }
        int n = to - from;
        if (n == 0) {
            throw new IllegalArgumentException("the batch is empty (from == to == " + from + ")");
        }
        for (int i = from; i < to; i++) {
            int r = order[i];
            if (r < 0 || r >= features.length || r >= targets.length) {
                throw new IllegalArgumentException("order[" + i + "] (" + r + ") is not an example: there are "
                        + features.length + " features and " + targets.length + " targets");
            }
            double[] row = Objects.requireNonNull(features[r], () -> "features[" + r + "] == null");
            if (row.length != dimension) {
                throw new IllegalArgumentException(
                        "features[" + r + "] has " + row.length + " values; the trainer's dimension is " + dimension);
            }
        }
        int shards = (n + shard - 1) / shard;
        if (shardGrads.length < shards) {
            shardGrads = new double[shards][];
            for (int s = 0; s < shards; s++) {
                shardGrads[s] = new double[parameters.size()];
            }
            shardLosses = new double[shards];
        }
        int active = pool == null ? 1 : Math.min(workers.length, shards);
        for (int w = 0; w < active; w++) {                   // record any new shard size here, on this thread:
            workers[w].record(Math.min(shard, n));           // any active worker may take any of the shards
            workers[w].record(n - (shards - 1) * shard);
        }
        run(shards, (w, s) -> {
            int start = from + s * shard;
            int size = Math.min(shard, to - start);
            shardLosses[s] = workers[w].recorded(size).compute(features, targets, order, start, shardGrads[s]);
        });
        double batchLoss = 0;
        Arrays.fill(total, 0.0);
        for (int s = 0; s < shards; s++) {                   // in shard order, whatever the threads
            double f = (double) Math.min(shard, n - s * shard) / n;
            batchLoss += f * shardLosses[s];
            double[] g = shardGrads[s];
            for (int i = 0; i < total.length; i++) {
                total[i] += f * g[i];
            }
        }
        for (int i = 0; i < total.length; i++) {
            Value p = parameters.get(i);
            p.setGrad(p.grad() + total[i]);
        }
        return batchLoss;
    }

    /** What one worker does for one shard. */
    private interface ShardTask {
        void run(int worker, int shard);
    }

    /**
     * Runs the shards: worker 0 on this thread, workers 1 to shards - 1 on the pool, each taking the next shard when
     * free; then throws the failure of the lowest failed shard, if any (the same one on any number of threads).
     */
    private void run(int shards, ShardTask task) {
        Batch batch = new Batch(shards, task);
        int helpers = pool == null ? 0 : Math.min(workers.length, shards) - 1;
        List<Future<?>> running = new ArrayList<>(helpers);
        for (int w = 1; w <= helpers; w++) {
            int worker = w;
            running.add(pool.submit(() -> batch.work(worker)));
        }
        batch.work(0);
        boolean interrupted = false;
        for (Future<?> f : running) {                        // never return while a worker still runs this batch
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    batch.failed(Integer.MAX_VALUE - 1, e.getCause());   // (work() catches what a shard throws)
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        batch.rethrow();
    }

    /** Stops the trainer's threads; a closed trainer refuses {@link #backward}. Closing twice does nothing. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdown();                                 // a batch under way finishes first
        }
    }

    /**
     * Returns {@code Trainer(<parameters> parameters, dimension <d>, shard <s>, <t> threads)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Trainer(" + parameters.size() + " parameters, dimension " + dimension + ", shard " + shard + ", "
                + workers.length + (workers.length == 1 ? " thread)" : " threads)");
    }

    /** One thread's recorded shards, by size. */
    private final class Worker {
        final Map<Integer, Shard> shards = new HashMap<>();

        /** Records the shard of {@code size} examples unless it is recorded already (on the calling thread). */
        void record(int size) {
            shards.computeIfAbsent(size, Shard::new);
        }

        /** The shard of {@code size} examples, which {@link #record} recorded before the batch started. */
        Shard recorded(int size) {
            Shard sh = shards.get(size);
            if (sh == null) {
                throw new IllegalStateException("no shard of " + size + " examples was recorded for this worker");
            }
            return sh;
        }
    }

    /** The graph of the loss over {@code size} examples' leaves, recorded once. */
    private final class Shard {
        final Value[][] inputs;
        final Value[] targets;
        final Tape tape;

        Shard(int size) {
            inputs = new Value[size][dimension];
            targets = new Value[size];
            List<List<Value>> in = new ArrayList<>(size);
            List<Value> t = new ArrayList<>(size);
            for (int e = 0; e < size; e++) {
                for (int j = 0; j < dimension; j++) {
                    inputs[e][j] = new Value(0.0);
                }
                targets[e] = new Value(0.0);
                in.add(List.of(inputs[e]));
                t.add(targets[e]);
            }
            Value root = Objects.requireNonNull(loss.apply(in, t), "the loss function returned null");
            tape = Tape.record(root);
        }

        /** Sets the leaves to the examples order[start...], replays the loss and its gradient into grads. */
        double compute(double[][] features, double[] y, int[] order, int start, double[] grads) {
            for (int e = 0; e < inputs.length; e++) {
                int r = order[start + e];
                double[] row = features[r];
                Value[] leaves = inputs[e];
                for (int j = 0; j < leaves.length; j++) {
                    leaves[j].setData(row[j]);
                }
                targets[e].setData(y[r]);
            }
            double l = tape.forward();
            tape.gradient(parameters, grads);
            return l;
        }
    }

    /**
     * One batch's shards, taken one at a time by whichever thread is free. A new one for every batch, so that a
     * thread that wakes late finds every shard of its batch taken, never a shard of the next one.
     */
    private static final class Batch {
        final int shards;
        final ShardTask task;
        /** The next shard to take. */
        final AtomicInteger next = new AtomicInteger();
        /** The failure of the lowest failed shard (guarded by this). */
        private Throwable failure;
        private int failedShard = Integer.MAX_VALUE;

        Batch(int shards, ShardTask task) {
            this.shards = shards;
            this.task = task;
        }

        /**
         * Computes shards on worker w until none is left to take. A failed shard is kept and the next one taken:
         * every shard is finished, so the batch never waits forever, and the failure reported is that of the
         * lowest failed shard, the one a single thread would have met first.
         */
        void work(int w) {
            for (int s; (s = next.getAndIncrement()) < shards; ) {
                try {
                    task.run(w, s);
                } catch (Throwable e) {                      // anything: the batch must never wait forever
                    failed(s, e);
                }
            }
        }

        synchronized void failed(int s, Throwable e) {
            if (s < failedShard) {
                failedShard = s;
                failure = e;
            }
        }

        /** Throws the failure of the lowest failed shard, if any. */
        synchronized void rethrow() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new UndeclaredThrowableException(failure, "a shard's loss threw " + failure);
            }
        }
    }
}
