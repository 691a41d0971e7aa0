package io.github.micrograd4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads numeric tables from comma-separated text: a header line naming the columns, then one example a line.
 * One column is the label, every other column a feature, in file order. Blank lines are skipped.
 *
 * <pre>{@code
 * Dataset d = Csv.read(Path.of("moons.csv"), "y");   // header x1,x2,y
 * }</pre>
 *
 * <p>Image files such as MNIST in CSV ({@code label,pixel0,...,pixel783}: the label first, then 784 pixels 0 to
 * 255, with or without a header line) are read by {@link #readNumeric(Path, Format)}, which streams the file: it
 * keeps only the numbers, so a 60,000-image file takes about its 47 million doubles (377 MB) and no more.
 *
 * <pre>{@code
 * Dataset mnist = Csv.readNumeric(Path.of("mnist_train.csv"), Csv.Format.MNIST);   // pixels / 255, in [0, 1]
 * }</pre>
 */
public final class Csv {

    private Csv() {
    }

    /**
     * Reads a table from a file.
     *
     * @param file        a UTF-8 CSV file with a header line
     * @param labelColumn the name of the label column
     * @return the data set
     * @throws IOException if the file cannot be read or a line is malformed; the message names the file, the
     *                     line number and the problem
     */
    public static Dataset read(Path file, String labelColumn) throws IOException {
        Objects.requireNonNull(file, "file == null");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), labelColumn);
        }
    }

    /**
     * Reads a table from a stream, which is not closed.
     *
     * @param in          UTF-8 CSV text with a header line
     * @param source      a name for the stream, used in error messages
     * @param labelColumn the name of the label column
     * @return the data set
     * @throws IOException if the stream cannot be read or a line is malformed; the message names the source,
     *                     the line number and the problem
     */
    public static Dataset read(InputStream in, String source, String labelColumn) throws IOException {
        Objects.requireNonNull(in, "in == null");
        Objects.requireNonNull(labelColumn, "labelColumn == null");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = withoutBom(reader.readLine());
        if (header == null) {
            throw new IOException(source + ": empty, expected a header line");
        }
        String[] names = header.split(",", -1);
        int label = -1;
        for (int c = 0; c < names.length; c++) {
            if (names[c].trim().equals(labelColumn)) {
                label = c;
            }
        }
        if (label < 0) {
            throw new IOException(source + ": line 1: no column named '" + labelColumn + "' in header '" + header + "'");
        }
        if (names.length < 2) {
            throw new IOException(source + ": line 1: need at least one feature column besides the label");
        }
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        int lineNo = 1;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != names.length) {
                throw new IOException(source + ": line " + lineNo + ": " + cells.length + " cells, the header has "
                        + names.length);
            }
            double[] row = new double[names.length - 1];
            for (int c = 0, f = 0; c < cells.length; c++) {
                double v;
                try {
                    v = Double.parseDouble(cells[c].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": line " + lineNo + ": column '" + names[c].trim() + "': '"
                            + cells[c].trim() + "' is not a number");
                }
                if (c == label) {
                    labels.add(v);
                } else {
                    row[f++] = v;
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(source + ": no data lines after the header");
        }
        double[] y = new double[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new Dataset(rows.toArray(new double[0][]), y);
    }

    /** Whether a numeric file starts with a header line. */
    public enum Header {
        /** The first line names the columns and is not data. */
        PRESENT,
        /** Every line is data. */
        ABSENT,
        /**
         * A header when the first line's label cell is not a number (MNIST's {@code label,pixel0,...}); otherwise
         * the first line is data, and a bad cell in it is reported as in any other line.
         */
        DETECT
    }

    /**
     * How {@link #readNumeric(Path, Format)} reads a file of numbers: which column is the label, whether there is
     * a header line, and the number every feature is divided by.
     *
     * @param labelColumn the 0-based index of the label column (0 for MNIST's label-first files)
     * @param header      whether the file has a header line
     * @param scale       what each feature is divided by (255 turns 8-bit pixels into [0, 1]; 1 keeps them)
     */
    public record Format(int labelColumn, Header header, double scale) {

        /** MNIST as CSV: the label in column 0, a header line or none (detected), pixels divided by 255. */
        public static final Format MNIST = new Format(0, Header.DETECT, 255);

        /**
         * Checks the settings.
         *
         * @param labelColumn the 0-based index of the label column
         * @param header      whether the file has a header line
         * @param scale       what each feature is divided by
         * @throws IllegalArgumentException if {@code labelColumn < 0} or {@code scale} is not finite and
         *                                  {@code > 0}
         * @throws NullPointerException     if {@code header} is null
         */
        public Format {
            if (labelColumn < 0) {
                throw new IllegalArgumentException("labelColumn (" + labelColumn + ") must be >= 0");
            }
            Objects.requireNonNull(header, "header == null");
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale (" + scale + ") must be finite and > 0");
            }
        }

        /**
         * Returns this format with another label column.
         *
         * @param column the 0-based index of the label column
         * @return the new format
         */
        public Format withLabelColumn(int column) {
            return new Format(column, header, scale);
        }

        /**
         * Returns this format with another header setting.
         *
         * @param h whether the file has a header line
         * @return the new format
         */
        public Format withHeader(Header h) {
            return new Format(labelColumn, h, scale);
        }

        /**
         * Returns this format with another scale.
         *
         * @param s what each feature is divided by
         * @return the new format
         */
        public Format withScale(double s) {
            return new Format(labelColumn, header, s);
        }
    }

    /**
     * Reads a file of numbers, one example a line: the label in column {@code format.labelColumn()}, every other
     * column a feature divided by {@code format.scale()}. Streamed: each line is parsed into its numbers and
     * dropped, so the file never sits in memory as text. A name ending in {@code .gz} is read through gzip.
     *
     * @param file   a UTF-8 CSV file
     * @param format the label column, the header and the scale
     * @return the data set
     * @throws IOException if the file cannot be read or a line is malformed; the message names the file, the
     *                     line, the column and the text, such as {@code "train.csv: line 7: column 3 (pixel1):
     *                     'x' is not a number"}
     */
    public static Dataset readNumeric(Path file, Format format) throws IOException {
        Objects.requireNonNull(file, "file == null");
        Objects.requireNonNull(format, "format == null");
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return readNumeric(in, file.toString(), format);
        }
    }

    /**
     * Reads numbers from a stream, which is not closed, as {@link #readNumeric(Path, Format)} reads a file.
     *
     * @param in     UTF-8 CSV text
     * @param source a name for the stream, used in error messages
     * @param format the label column, the header and the scale
     * @return the data set
     * @throws IOException if the stream cannot be read or a line is malformed; the message names the source,
     *                     the line, the column and the text
     */
    public static Dataset readNumeric(InputStream in, String source, Format format) throws IOException {
        Objects.requireNonNull(in, "in == null");
        Objects.requireNonNull(format, "format == null");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String[] names = null;
        int columns = -1;
        int label = format.labelColumn();
        double scale = format.scale();
        List<double[]> rows = new ArrayList<>();
        double[] labels = new double[1024];
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1) {
                line = withoutBom(line);
            }
            if (line.isBlank()) {
                continue;
            }
            if (columns < 0) {                                // the first line: a header, or the first row
                int n = count(line);
                if (label >= n) {
                    throw new IOException(source + ": line " + lineNo + ": labelColumn " + label + " is past the "
                            + n + " columns");
                }
                if (n < 2) {
                    throw new IOException(source + ": line " + lineNo + ": need at least one feature column "
                            + "besides the label");
                }
                columns = n;
                boolean header = format.header() == Header.PRESENT
                        || (format.header() == Header.DETECT && !isNumber(cell(line, label)));
                if (header) {
                    names = line.split(",", -1);
                    continue;
                }
            }
            double[] row = new double[columns - 1];
            int c = 0;
            int f = 0;
            int start = 0;
            while (true) {
                int end = line.indexOf(',', start);
                int stop = end < 0 ? line.length() : end;
                if (c >= columns) {
                    throw new IOException(source + ": line " + lineNo + ": " + count(line) + " columns, expected "
                            + columns + " (as on the first line)");
                }
                String cell = line.substring(start, stop).trim();
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": line " + lineNo + ": column " + (c + 1)
                            + (names != null ? " (" + names[c].trim() + ")" : "") + ": '" + cell + "' is not a number");
                }
                if (c == label) {
                    if (rows.size() == labels.length) {
                        labels = java.util.Arrays.copyOf(labels, labels.length * 2);
                    }
                    labels[rows.size()] = v;
                } else {
                    row[f++] = v / scale;
                }
                c++;
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
            if (c != columns) {
                throw new IOException(source + ": line " + lineNo + ": " + c + " columns, expected " + columns
                        + " (as on the first line)");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(source + ": no data lines" + (names != null ? " after the header" : ""));
        }
        return Dataset.wrap(rows.toArray(new double[0][]), java.util.Arrays.copyOf(labels, rows.size()));
    }

    private static int count(String line) {
        int n = 1;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    /** Cell c of a line (0-based). */
    private static String cell(String line, int c) {
        int start = 0;
        for (int i = 0; i < c; i++) {
            start = line.indexOf(',', start) + 1;
        }
        int end = line.indexOf(',', start);
        return line.substring(start, end < 0 ? line.length() : end);
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The line without a leading UTF-8 byte-order mark (which some editors write and {@code trim()} keeps). */
    private static String withoutBom(String line) {
        return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
