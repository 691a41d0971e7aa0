package io.github.micrograd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * scikit-learn's handwritten digits ({@code sklearn.datasets.load_digits}): 1,797 images of 8 by 8 pixels, each
 * pixel a count from 0 to 16, labelled 0 to 9, shipped with the library as a 57 KB compressed resource.
 *
 * <pre>{@code
 * Dataset.Split digits = Digits.load().split(Digits.TRAIN_SIZE, Digits.SPLIT_SEED);   // 1,500 + 297
 * MLP model = new MLP(new Random(0), 64, 32, 10);
 * }</pre>
 *
 * <h2>Source and licence</h2>
 * The images are the test set of the UCI Machine Learning Repository's "Optical Recognition of Handwritten
 * Digits" (E. Alpaydin and C. Kaynak, 1998;
 * <a href="https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits">archive.ics.uci.edu</a>),
 * licensed under Creative Commons Attribution 4.0 (CC BY 4.0), as scikit-learn distributes them
 * ({@code sklearn/datasets/data/digits.csv.gz}, copied unchanged: 65 integers a line, the 64 pixels row by row,
 * then the label). See the repository's NOTICE file.
 */
public final class Digits {

    /** The images' width and height in pixels. */
    public static final int SIDE = 8;

    /** The number of classes, the digits 0 to 9. */
    public static final int CLASSES = 10;

    /** The number of images. */
    public static final int SIZE = 1797;

    /** The training part of the examples' split: {@code load().split(TRAIN_SIZE, SPLIT_SEED)}, 297 held out. */
    public static final int TRAIN_SIZE = 1500;

    /** The seed of the examples' split. */
    public static final long SPLIT_SEED = 0;

    /** The largest pixel count. */
    static final double MAX_PIXEL = 16;

    private Digits() {
    }

    /**
     * Returns the 1,797 images in scikit-learn's order: 64 features each, the pixels row by row divided by 16 (so
     * in [0, 1]), and labels 0.0 to 9.0.
     *
     * @return the data set
     */
    public static Dataset load() {
        try (InputStream raw = Digits.class.getResourceAsStream("digits.csv.gz")) {
            if (raw == null) {
                throw new IllegalStateException("digits.csv.gz is missing from the micrograd4j jar");
            }
            return Csv.readNumeric(new GZIPInputStream(raw), "digits.csv.gz",
                    new Csv.Format(SIDE * SIDE, Csv.Header.ABSENT, MAX_PIXEL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
