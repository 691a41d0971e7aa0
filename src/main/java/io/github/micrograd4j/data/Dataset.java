package io.github.micrograd4j.data;

import java.util.Objects;

/**
 * A table of examples: a row of numeric features and one label each. Immutable: the arrays are copied in and
 * out.
 */
public final class Dataset {

    private final double[][] features;
    private final double[] labels;
    private final int dimension;

    /**
     * Creates a data set.
     *
     * @param features one row of features per example, every row of the same length
     * @param labels   one label per example
     * @throws IllegalArgumentException if the counts differ, there are no examples or rows differ in length
     * @throws NullPointerException     if an argument or a row is null
     */
    public Dataset(double[][] features, double[] labels) {
        Objects.requireNonNull(features, "features == null");
        Objects.requireNonNull(labels, "labels == null");
        if (features.length != labels.length) {
            throw new IllegalArgumentException(
                    "features.length (" + features.length + ") != labels.length (" + labels.length + ")");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one example");
        }
        this.features = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            Objects.requireNonNull(features[i], () -> "features contains null");
            if (features[i].length != features[0].length) {
                throw new IllegalArgumentException("features[" + i + "] has " + features[i].length
                        + " columns, features[0] has " + features[0].length);
            }
            this.features[i] = features[i].clone();
        }
        this.labels = labels.clone();
        this.dimension = features[0].length;
    }

    /**
     * A data set that takes the arrays as they are (already checked and owned by the caller: no copies); it may be
     * empty, with the given dimension.
     */
    private Dataset(double[][] features, double[] labels, int dimension) {
        this.features = features;
        this.labels = labels;
        this.dimension = dimension;
    }

    /** Returns a data set over these arrays without copying them; for readers that built them and drop them. */
    static Dataset wrap(double[][] features, double[] labels) {
        return new Dataset(features, labels, features[0].length);
    }

    /**
     * A data set cut into the examples to train on, those to choose settings by (validation, possibly none) and
     * those held out to test on: what {@link #split(int, int, long)} and {@code YinYang.split} return.
     *
     * @param train the examples to train on
     * @param val   the validation examples; a split without them has an empty part here ({@code size() == 0})
     * @param test  the held-out examples
     */
    public record Split(Dataset train, Dataset val, Dataset test) {

        /**
         * Checks the parts.
         *
         * @param train the examples to train on
         * @param val   the validation examples, possibly none
         * @param test  the held-out examples
         * @throws NullPointerException     if a part is null
         * @throws IllegalArgumentException if the parts' dimensions differ
         */
        public Split {
            Objects.requireNonNull(train, "train == null");
            Objects.requireNonNull(val, "val == null");
            Objects.requireNonNull(test, "test == null");
            if (val.dimension() != train.dimension() || test.dimension() != train.dimension()) {
                throw new IllegalArgumentException("the parts' dimensions differ: train " + train.dimension()
                        + ", val " + val.dimension() + ", test " + test.dimension());
            }
        }

        /**
         * A split without validation examples (its {@link #val()} is empty).
         *
         * @param train the examples to train on
         * @param test  the held-out examples
         * @throws NullPointerException     if a part is null
         * @throws IllegalArgumentException if the parts' dimensions differ
         */
        public Split(Dataset train, Dataset test) {
            this(train, Objects.requireNonNull(train, "train == null").none(), test);
        }
    }

    /** An empty data set of this one's dimension. */
    private Dataset none() {
        return new Dataset(new double[0][], new double[0], dimension);
    }

    /**
     * Returns a seeded random split into training and held-out examples, without validation examples:
     * {@code split(trainCount, 0, seed)}.
     *
     * @param trainCount how many examples to train on
     * @param seed       the shuffle's seed
     * @return the training and the held-out examples (and an empty {@code val})
     * @throws IllegalArgumentException if {@code trainCount} is not in [1, size() - 1]
     */
    public Split split(int trainCount, long seed) {
        return split(trainCount, 0, seed);
    }

    /**
     * Returns a seeded random split: the examples shuffled by Fisher-Yates with {@code new java.util.Random(seed)}
     * ({@code for i = n - 1 down to 1: swap(i, rng.nextInt(i + 1))} over the indices 0 to n - 1), the first
     * {@code trainCount} shuffled examples for training, the next {@code valCount} for validation, the others held
     * out, each part in shuffled order. The same seed gives the same split on every JVM.
     *
     * @param trainCount how many examples to train on, at least 1
     * @param valCount   how many to validate on, 0 or more
     * @param seed       the shuffle's seed
     * @return the three parts
     * @throws IllegalArgumentException if a count is negative, there is no training example or no held-out one
     */
    public Split split(int trainCount, int valCount, long seed) {
        int n = size();
        if (trainCount < 1 || valCount < 0 || (long) trainCount + valCount >= n) {
            throw new IllegalArgumentException("trainCount (" + trainCount + ") and valCount (" + valCount + ") "
                    + "must leave an example to train on and one to hold out of " + n + " examples");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random rng = new java.util.Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int valEnd = trainCount + valCount;
        return new Split(pick(order, 0, trainCount), pick(order, trainCount, valEnd), pick(order, valEnd, n));
    }

    private Dataset pick(int[] order, int from, int to) {
        double[][] f = new double[to - from][];
        double[] l = new double[to - from];
        for (int i = from; i < to; i++) {
            f[i - from] = features[order[i]].clone();
            l[i - from] = labels[order[i]];
        }
        return new Dataset(f, l, dimension);
    }

    /**
     * Returns the number of examples.
     *
     * @return the number of rows
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the number of features of each example.
     *
     * @return the number of columns
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Returns a copy of the features of example {@code i}.
     *
     * @param i the example, in [0, size())
     * @return a new array
     */
    public double[] features(int i) {
        return features[i].clone();
    }

    /**
     * Returns a copy of all features, one row per example.
     *
     * @return a new array of new rows
     */
    public double[][] features() {
        double[][] copy = new double[features.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = features[i].clone();
        }
        return copy;
    }

    /**
     * Returns the label of example {@code i}.
     *
     * @param i the example, in [0, size())
     * @return its label
     */
    public double label(int i) {
        return labels[i];
    }

    /**
     * Returns a copy of the labels.
     *
     * @return a new array
     */
    public double[] labels() {
        return labels.clone();
    }

    /**
     * Returns the examples from {@code from} (inclusive) to {@code to} (exclusive), for train/test splits.
     *
     * @param from the first example
     * @param to   one past the last example
     * @return a new data set
     * @throws IndexOutOfBoundsException if the range is outside [0, size()] or empty
     */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        if (from == to) {
            throw new IndexOutOfBoundsException("empty slice [" + from + ", " + to + ")");
        }
        double[][] f = new double[to - from][];
        System.arraycopy(features, from, f, 0, f.length);
        double[] l = new double[to - from];
        System.arraycopy(labels, from, l, 0, l.length);
        return new Dataset(f, l);
    }

    /**
     * Returns this data set with labels -1 and +1 turned into 0 and 1 (other labels unchanged), for losses
     * that take class indices or probabilities.
     *
     * @return a new data set
     */
    public Dataset withBinaryLabels() {
        double[] l = labels.clone();
        for (int i = 0; i < l.length; i++) {
            if (l[i] == -1) {
                l[i] = 0;
            }
        }
        return new Dataset(features(), l, dimension);
    }

    /**
     * Returns a short description, such as {@code Dataset(100 examples, 2 features)}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Dataset(" + size() + " examples, " + dimension() + " features)";
    }
}
