package io.github.micrograd4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToIntFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.ChartTheme;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The examples' charts, drawn with XChart (a test-scope dependency, so never part of the library) and written as
 * PNG files. Every chart has a title, axes with ticks and labels, and a legend. AWT runs headless.
 */
final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Region fills (light) and point colours (strong) for up to four classes. */
    private static final Color[] REGION = {new Color(0xF8CFC8), new Color(0xC9DDF5), new Color(0xD3EDCB), new Color(0xF2E2B6)};
    private static final Color[] POINT = {new Color(0xD7301F), new Color(0x2B6CB0), new Color(0x2E8B3A), new Color(0xC58B00)};

    /** Cells per axis of the grid the decision regions are sampled on. */
    static final int GRID = 200;

    /** The decision-region pictures' width in pixels (the plot is about square; the legend is at its right). */
    static final int WIDTH = 800;

    private Plots() {
    }

    /** Returns the RGB fill of class {@code c}'s region. */
    static int regionColour(int c) {
        return REGION[c % REGION.length].getRGB() & 0xFFFFFF;
    }

    /**
     * One line of a training chart.
     *
     * @param name   the legend entry
     * @param steps  the x values (training steps)
     * @param values the y values
     * @param right  whether the values use the right-hand axis (accuracy) rather than the left (loss)
     */
    record Curve(String name, double[] steps, double[] values, boolean right) {
    }

    /**
     * Writes the plane coloured by the class {@code classify} predicts at each point of a {@value #GRID} by
     * {@value #GRID} grid, with the examples drawn over it in their true class's colour.
     *
     * @param title    the chart's title
     * @param points   the examples' coordinates (x, y)
     * @param classes  each example's class, from 0
     * @param names    the classes' names, in class order
     * @param classify a point's predicted class, from 0
     * @param out      the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void decisionRegions(String title, double[][] points, int[] classes, List<String> names,
            ToIntFunction<double[]> classify, Path out) throws IOException {
        double[] box = niceBounds(points, 0.3, 0.5);
        XYChart chart = chart(title, WIDTH, 640, "x1", "x2");
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE).setLegendLayout(LegendLayout.Vertical);
        chart.getStyler().setXAxisMin(box[0]).setXAxisMax(box[1]).setYAxisMin(box[2]).setYAxisMax(box[3]);
        chart.getStyler().setPlotGridLinesVisible(false).setMarkerSize(9).setPlotContentSize(1.0);

        List<List<double[]>> cells = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            cells.add(new ArrayList<>());
        }
        double dx = (box[1] - box[0]) / GRID;
        double dy = (box[3] - box[2]) / GRID;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double[] p = {box[0] + (i + 0.5) * dx, box[2] + (j + 0.5) * dy};
                cells.get(Math.floorMod(classify.applyAsInt(p), names.size())).add(p);
            }
        }
        Cell cell = new Cell();
        for (int c = 0; c < names.size(); c++) {
            XYSeries s = series(chart, "cells " + c, cells.get(c));
            s.setMarker(cell).setMarkerColor(new Color(regionColour(c))).setShowInLegend(false);
        }
        for (int c = 0; c < names.size(); c++) {
            // the legend's entry for a region: a point-size square (the cells themselves are drawn cell-size)
            XYSeries s = series(chart, "predicted " + names.get(c), List.of());
            s.setMarker(SeriesMarkers.SQUARE).setMarkerColor(new Color(regionColour(c)));
        }
        List<List<double[]>> byClass = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < points.length; i++) {
            byClass.get(classes[i]).add(points[i]);
        }
        for (int c = 0; c < names.size(); c++) {
            XYSeries s = series(chart, "data: " + names.get(c), byClass.get(c));
            s.setMarker(new Dot()).setMarkerColor(POINT[c % POINT.length]);
        }
        // lay the chart out once to learn how many pixels a grid cell spans, then draw the cells that size
        BitmapEncoder.getBufferedImage(chart);
        cell.width = Math.abs(chart.getScreenXFromChart(box[0] + dx) - chart.getScreenXFromChart(box[0]));
        cell.height = Math.abs(chart.getScreenYFromChart(box[2] + dy) - chart.getScreenYFromChart(box[2]));
        write(chart, out);
    }

    /**
     * Writes the training curves: losses on the left axis, accuracies (in percent) on the right one.
     *
     * @param title  the chart's title
     * @param curves the lines
     * @param out    the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void trainingCurves(String title, List<Curve> curves, Path out) throws IOException {
        XYChart chart = chart(title, 720, 420, "step", "loss");
        chart.getStyler().setMarkerSize(6);
        double last = 0;
        for (Curve c : curves) {
            for (double step : c.steps()) {
                last = Math.max(last, step);
            }
        }
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.ceil(last / 10) * 10);
        // XChart puts the ticks of equally spaced x values on the values themselves (1, 4, 7, ...); one unequal
        // gap, from an invisible point, gives round ticks (0, 10, 20, ...) instead
        XYSeries round = chart.addSeries(" ", new double[] {0.5}, new double[] {Double.NaN});
        round.setShowInLegend(false);
        Color[] colours = {POINT[0], POINT[2], POINT[1], POINT[3]};
        boolean accuracy = false;
        for (int k = 0; k < curves.size(); k++) {
            Curve c = curves.get(k);
            XYSeries s = chart.addSeries(c.name(), c.steps(), c.values());
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setLineColor(colours[k % colours.length]).setLineWidth(2f);
            s.setMarkerColor(colours[k % colours.length]);
            s.setMarker(c.steps().length > 20 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            if (c.right()) {
                s.setYAxisGroup(1);
                accuracy = true;
            }
        }
        if (accuracy) {
            chart.setYAxisGroupTitle(0, "loss");
            chart.setYAxisGroupTitle(1, "accuracy (%)");
            chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
            chart.getStyler().setYAxisMin(1, 0.0).setYAxisMax(1, 100.0);
        }
        chart.getStyler().setYAxisMin(0, 0.0);
        write(chart, out);
    }

    /**
     * Writes the data points and the curve {@code f} over the points' x range.
     *
     * @param title    the chart's title
     * @param points   the data (x, y)
     * @param dataName the data's legend entry
     * @param f        the fitted function
     * @param fitName  the curve's legend entry
     * @param out      the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void fit(String title, double[][] points, String dataName, DoubleUnaryOperator f, String fitName, Path out)
            throws IOException {
        double[] box = bounds(points, 0.3);
        XYChart chart = chart(title, 720, 460, "x", "y");
        chart.getStyler().setXAxisMin(box[0]).setXAxisMax(box[1]).setYAxisMin(box[2]).setYAxisMax(box[3]);
        chart.getStyler().setMarkerSize(8).setLegendPosition(LegendPosition.InsideNW)
                .setLegendLayout(LegendLayout.Vertical);
        int n = 300;
        double[] xs = new double[n + 1];
        double[] ys = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            xs[i] = box[0] + (box[1] - box[0]) * i / n;
            ys[i] = f.applyAsDouble(xs[i]);
        }
        XYSeries line = chart.addSeries(fitName, xs, ys);
        line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        line.setLineColor(POINT[0]).setLineWidth(2.5f);
        XYSeries data = series(chart, dataName, List.of(points));   // over the curve
        data.setMarker(new Dot()).setMarkerColor(POINT[1]);
        write(chart, out);
    }

    /**
     * Writes the digits picture: on the left a grid of test images, each with its predicted and true label
     * ({@code "7 / 7"}), the wrong ones framed and labelled in red; on the right the confusion matrix over all the
     * test images, true class down, predicted class across, each cell's count written in it and shaded by it.
     *
     * @param title     the picture's title
     * @param images    the test images, {@code side * side} pixels each in [0, 1] (0 white, 1 black)
     * @param side      the images' width and height in pixels
     * @param predicted each image's predicted class
     * @param truth     each image's true class
     * @param classes   the number of classes
     * @param shown     how many images the grid shows (the first ones)
     * @param out       the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void digits(String title, double[][] images, int side, int[] predicted, int[] truth, int classes,
            int shown, Path out) throws IOException {
        int columns = 10;
        int count = Math.min(shown, images.length);
        int rows = (count + columns - 1) / columns;
        int cellPx = 64;                                      // an image drawn 64 pixels square, its label below
        int labelPx = 18;
        int gap = 8;
        int gridW = columns * (cellPx + gap);
        int gridH = rows * (cellPx + labelPx + gap);
        int matrixCell = Math.max(24, Math.min(44, 440 / classes));
        int matrixW = classes * matrixCell;
        int top = 70;
        int left = 20;
        int matrixLeft = left + gridW + 90;
        int width = matrixLeft + matrixW + 40;
        int height = top + Math.max(gridH, matrixW + 70) + 40;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int wrong = 0;
            for (int i = 0; i < predicted.length; i++) {
                wrong += predicted[i] != truth[i] ? 1 : 0;
            }
            g.drawString("the first " + count + " test images, labelled predicted / true (wrong in red: "
                    + countWrong(predicted, truth, count) + " here)", left, 52);
            g.drawString("confusion matrix, all " + predicted.length + " test images (" + wrong + " wrong)",
                    matrixLeft - 40, 52);
            for (int k = 0; k < count; k++) {
                int x0 = left + (k % columns) * (cellPx + gap);
                int y0 = top + (k / columns) * (cellPx + labelPx + gap);
                double px = (double) cellPx / side;
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        double v = Math.max(0, Math.min(1, images[k][r * side + c]));
                        int grey = (int) Math.round(255 * (1 - v));
                        g.setColor(new Color(grey, grey, grey));
                        int xa = x0 + (int) Math.round(c * px);
                        int ya = y0 + (int) Math.round(r * px);
                        g.fillRect(xa, ya, x0 + (int) Math.round((c + 1) * px) - xa, y0 + (int) Math.round((r + 1) * px) - ya);
                    }
                }
                boolean ok = predicted[k] == truth[k];
                g.setColor(ok ? Color.LIGHT_GRAY : POINT[0]);
                g.setStroke(new BasicStroke(ok ? 1f : 3f));
                g.drawRect(x0, y0, cellPx, cellPx);
                g.setColor(ok ? Color.DARK_GRAY : POINT[0]);
                g.setFont(new Font(Font.SANS_SERIF, ok ? Font.PLAIN : Font.BOLD, 13));
                g.drawString(predicted[k] + " / " + truth[k], x0 + cellPx / 2 - 14, y0 + cellPx + 15);
            }
            int[][] confusion = new int[classes][classes];
            int max = 1;
            for (int i = 0; i < predicted.length; i++) {
                max = Math.max(max, ++confusion[truth[i]][predicted[i]]);
            }
            int my = top + 10;
            g.setStroke(new BasicStroke(1f));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int t = 0; t < classes; t++) {
                for (int p = 0; p < classes; p++) {
                    int n = confusion[t][p];
                    double shade = n == 0 ? 0 : 0.15 + 0.85 * n / max;
                    Color base = t == p ? POINT[1] : POINT[0];
                    g.setColor(blend(Color.WHITE, base, shade));
                    g.fillRect(matrixLeft + p * matrixCell, my + t * matrixCell, matrixCell, matrixCell);
                    g.setColor(new Color(0xD0D0D0));
                    g.drawRect(matrixLeft + p * matrixCell, my + t * matrixCell, matrixCell, matrixCell);
                    if (n > 0) {
                        g.setColor(shade > 0.55 ? Color.WHITE : Color.BLACK);
                        String s = Integer.toString(n);
                        int sw = g.getFontMetrics().stringWidth(s);
                        g.drawString(s, matrixLeft + p * matrixCell + (matrixCell - sw) / 2,
                                my + t * matrixCell + matrixCell / 2 + 5);
                    }
                }
            }
            g.setColor(Color.BLACK);
            for (int c = 0; c < classes; c++) {                   // tick labels: classes along both axes
                String s = Integer.toString(c);
                int sw = g.getFontMetrics().stringWidth(s);
                g.drawString(s, matrixLeft + c * matrixCell + (matrixCell - sw) / 2, my + matrixW + 16);
                g.drawString(s, matrixLeft - sw - 6, my + c * matrixCell + matrixCell / 2 + 5);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String xTitle = "predicted class";
            g.drawString(xTitle, matrixLeft + (matrixW - g.getFontMetrics().stringWidth(xTitle)) / 2, my + matrixW + 36);
            Graphics2D turned = (Graphics2D) g.create();
            turned.rotate(-Math.PI / 2);
            String yTitle = "true class";
            turned.drawString(yTitle, -(my + (matrixW + turned.getFontMetrics().stringWidth(yTitle)) / 2), matrixLeft - 26);
            turned.dispose();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.DARK_GRAY);
            g.drawString("diagonal (blue): right; off the diagonal (red): wrong", matrixLeft - 40, my + matrixW + 56);
        } finally {
            g.dispose();
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            ImageIO.write(image, "png", stream);
        }
    }

    private static int countWrong(int[] predicted, int[] truth, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += predicted[i] != truth[i] ? 1 : 0;
        }
        return n;
    }

    /**
     * Writes the loss of each training step, faint, and its moving average over {@code window} steps, bold. Each
     * mean is drawn at the middle of the steps it spans (steps 1 to k while fewer than {@code window} have run),
     * so that the line follows the losses instead of lagging behind them; it also keeps XChart from putting a tick
     * under every n-th step, which it does when all x values are evenly spaced.
     *
     * @param title  the chart's title
     * @param losses the loss of each step
     * @param window how many steps the average spans
     * @param out    the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void lossPerStep(String title, double[] losses, int window, Path out) throws IOException {
        XYChart chart = chart(title, 760, 420, "step", "loss");
        double[] steps = new double[losses.length];
        double[] middles = new double[losses.length];
        double[] average = new double[losses.length];
        double sum = 0;
        for (int k = 0; k < losses.length; k++) {
            steps[k] = k + 1;
            sum += losses[k] - (k >= window ? losses[k - window] : 0);
            int spanned = Math.min(k + 1, window);
            average[k] = sum / spanned;
            middles[k] = k + 1 - (spanned - 1) / 2.0;        // the mean of steps k+1-spanned+1 .. k+1
        }
        if (losses.length == 0) {
            steps = new double[] {Double.NaN};
            middles = steps;
            losses = new double[] {Double.NaN};
            average = new double[] {Double.NaN};
        }
        XYSeries each = chart.addSeries("the loss of each step", steps, losses);
        each.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        each.setLineColor(new Color(0xB8C9E0)).setLineWidth(1f);
        XYSeries mean = chart.addSeries("its mean over " + window + " steps", middles, average);
        mean.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        mean.setLineColor(POINT[0]).setLineWidth(2.5f);
        chart.getStyler().setYAxisMin(0.0);
        write(chart, out);
    }

    /**
     * Writes one heatmap per attention head: row {@code p} is the weights that position {@code p} gives to
     * positions {@code 0..p} (each row sums to 1), the characters read at the positions along both axes.
     *
     * @param title   the picture's title
     * @param weights {@code [head][position][key position]}
     * @param labels  the character read at each position
     * @param out     the PNG file to write
     * @throws IOException if the file cannot be written
     */
    static void attention(String title, double[][][] weights, List<String> labels, Path out) throws IOException {
        int heads = weights.length;
        int n = heads == 0 ? 0 : weights[0].length;
        int side = Math.max(200, Math.min(320, 70 + 26 * n));   // one head's chart, square
        int columns = Math.max(1, Math.min(heads, 4));
        int rows = (heads + columns - 1) / columns;
        int top = 56;
        BufferedImage image = new BufferedImage(Math.max(columns * side, 480), top + Math.max(rows, 1) * side,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 16, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("row: the position reading; column: the position read; darker: more weight (each row sums"
                    + " to 1)", 16, 42);
            for (int h = 0; h < heads; h++) {
                Graphics2D cell = (Graphics2D) g.create((h % columns) * side, top + (h / columns) * side, side, side);
                try {
                    headChart("head " + (h + 1), weights[h], labels, side).paint(cell, side, side);
                } finally {
                    cell.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            ImageIO.write(image, "png", stream);
        }
    }

    /** One head's weights as an XChart heatmap: the first position on top, the positions not yet read left blank. */
    private static HeatMapChart headChart(String title, double[][] weights, List<String> labels, int side) {
        int n = weights.length;
        List<String> columns = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            String label = p < labels.size() ? labels.get(p) : "?";
            columns.add(label + "\u200B".repeat(p));           // distinct categories, even for a repeated character
            rows.add(0, label + "\u200B".repeat(p));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            for (int t = 0; t <= p; t++) {
                cells.add(new Number[] {t, n - 1 - p, weights[p][t]});
            }
        }
        HeatMapChart chart = new HeatMapChart(side, side, ChartTheme.XChart);   // (the theme sets what paint needs)
        chart.setTitle(title);
        HeatMapStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(new Color(0xF4F4F4));
        styler.setPlotBorderVisible(false);
        styler.setChartTitleBoxVisible(false);
        styler.setLegendVisible(false);
        styler.setRangeColors(new Color[] {Color.WHITE, POINT[1]});
        styler.setMin(0.0);
        styler.setMax(1.0);
        styler.setDrawBorder(true);
        styler.setPlotContentSize(1.0);
        styler.setPlotGridLinesVisible(false);
        styler.setAxisTitlesVisible(false);
        styler.setAxisTickLabelsFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.addSeries("attention", columns, rows, cells);
        return chart;
    }

    /** The colour {@code t} of the way from {@code a} to {@code b}. */
    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /** A white chart with the given title and axis titles, its legend below the plot. */
    private static XYChart chart(String title, int width, int height, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        chart.getStyler()
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE)
                .setPlotBorderColor(Color.DARK_GRAY)
                .setChartTitleBoxVisible(false)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15))
                .setLegendPosition(LegendPosition.OutsideS)
                .setLegendLayout(LegendLayout.Horizontal)
                .setLegendBorderColor(Color.GRAY)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setChartPadding(12);
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
                .setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11))
                .setPlotGridLinesColor(new Color(0xE2E2E2))
                .setPlotMargin(0);
        return chart;
    }

    private static XYSeries series(XYChart chart, String name, List<double[]> points) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        if (xs.length == 0) {
            // XChart refuses an empty series; a point outside the axes keeps the legend entry and draws nothing
            xs = new double[] {Double.NaN};
            ys = new double[] {Double.NaN};
        }
        return chart.addSeries(name, xs, ys);
    }

    private static void write(XYChart chart, Path out) throws IOException {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        try (OutputStream stream = Files.newOutputStream(out)) {
            ImageIO.write(image, "png", stream);
        }
    }

    /**
     * Returns {xmin, xmax, ymin, ymax} around the points with at least {@code margin} to spare, rounded out to
     * multiples of {@code step} (so that the axes' first and last ticks are the plot's edges).
     */
    private static double[] niceBounds(double[][] points, double margin, double step) {
        double[] b = bounds(points, margin);
        return new double[] {Math.floor(b[0] / step) * step, Math.ceil(b[1] / step) * step,
            Math.floor(b[2] / step) * step, Math.ceil(b[3] / step) * step};
    }

    /** Returns {xmin, xmax, ymin, ymax} around the points with a margin. */
    private static double[] bounds(double[][] points, double margin) {
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] p : points) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.max(b[1], p[0]);
            b[2] = Math.min(b[2], p[1]);
            b[3] = Math.max(b[3], p[1]);
        }
        return new double[] {b[0] - margin, b[1] + margin, b[2] - margin, b[3] + margin};
    }

    /** A filled square as wide and high as one grid cell on screen (once known), so the cells tile the plot. */
    private static final class Cell extends Marker {
        double width;
        double height;

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            double w = width > 0 ? width : markerSize;
            double h = height > 0 ? height : markerSize;
            // whole pixels, edges rounded the same way for neighbours, no anti-aliasing: the cells meet without
            // seams and the fills stay flat (which keeps the PNG small)
            int left = (int) Math.round(x - w / 2);
            int top = (int) Math.round(y - h / 2);
            Object hint = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.fillRect(left, top, (int) Math.round(x + w / 2) - left, (int) Math.round(y + h / 2) - top);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, hint);
        }
    }

    /** A filled circle in the series' colour with a thin dark outline, visible on any region colour. */
    private static final class Dot extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            Ellipse2D dot = new Ellipse2D.Double(x - markerSize / 2.0, y - markerSize / 2.0, markerSize, markerSize);
            g.fill(dot);
            Color fill = g.getColor();
            g.setColor(new Color(0x222222));
            g.setStroke(new BasicStroke(1f));
            g.draw(dot);
            g.setColor(fill);
        }
    }
}
