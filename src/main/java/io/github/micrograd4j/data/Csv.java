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

/**
 * Reads numeric tables from comma-separated text: a header line naming the columns, then one example a line.
 * One column is the label, every other column a feature, in file order. Blank lines are skipped.
 *
 * <pre>{@code
 * Dataset d = Csv.read(Path.of("moons.csv"), "y");   // header x1,x2,y
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
        String header = reader.readLine();
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
}
