package io.github.micrograd4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToIntFunction;
import javax.imageio.ImageIO;

/** PNG pictures for the examples, drawn with the JDK alone (java.awt in headless mode, javax.imageio). */
final class Plots {

    /** Region fills (light) and point colours (strong) for up to four classes. */
    private static final Color[] REGION = {new Color(0xF6C6C0), new Color(0xC3D9F3), new Color(0xCDEBC5), new Color(0xF2E2B6)};
    private static final Color[] POINT = {new Color(0xD7301F), new Color(0x2B6CB0), new Color(0x2E8B3A), new Color(0xC58B00)};

    private Plots() {
    }

    /**
     * Writes the plane coloured by the class {@code classify} gives each pixel, with the points over it.
     *
     * @param points   the examples' coordinates (x, y)
     * @param classes  each example's class, from 0
     * @param classify a point's predicted class, from 0
     * @param out      the PNG file to write
     */
    static void decisionRegions(double[][] points, int[] classes, ToIntFunction<double[]> classify, Path out)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int size = 600;
        int cell = 3;
        double[] box = bounds(points, 0.5);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int py = 0; py < size; py += cell) {
            for (int px = 0; px < size; px += cell) {
                double x = box[0] + (px + cell / 2.0) / size * (box[1] - box[0]);
                double y = box[3] - (py + cell / 2.0) / size * (box[3] - box[2]);
                g.setColor(REGION[classify.applyAsInt(new double[] {x, y}) % REGION.length]);
                g.fillRect(px, py, cell, cell);
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1.2f));
        for (int i = 0; i < points.length; i++) {
            double px = (points[i][0] - box[0]) / (box[1] - box[0]) * size;
            double py = (box[3] - points[i][1]) / (box[3] - box[2]) * size;
            Ellipse2D dot = new Ellipse2D.Double(px - 5, py - 5, 10, 10);
            g.setColor(POINT[classes[i] % POINT.length]);
            g.fill(dot);
            g.setColor(Color.BLACK);
            g.draw(dot);
        }
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
    }

    /** Writes the data points and a curve through {@code f} over the points' x range. */
    static void curve(double[][] points, DoubleUnaryOperator f, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 700;
        int h = 450;
        double[] box = bounds(points, 0.3);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0xBBBBBB));
        int zeroY = (int) ((box[3] - 0) / (box[3] - box[2]) * h);
        g.drawLine(0, zeroY, w, zeroY);
        g.setColor(POINT[1]);
        for (double[] p : points) {
            double px = (p[0] - box[0]) / (box[1] - box[0]) * w;
            double py = (box[3] - p[1]) / (box[3] - box[2]) * h;
            g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
        }
        Path2D line = new Path2D.Double();
        for (int px = 0; px <= w; px += 2) {
            double x = box[0] + (double) px / w * (box[1] - box[0]);
            double py = (box[3] - f.applyAsDouble(x)) / (box[3] - box[2]) * h;
            if (px == 0) {
                line.moveTo(px, py);
            } else {
                line.lineTo(px, py);
            }
        }
        g.setColor(POINT[0]);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(line);
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
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
}
