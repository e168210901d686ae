package org.nn4j.examples.usps;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.nn4j.examples.plot.Plots;

/** A 2-D embedding (t-SNE) of digits as a scatter plot, one colour and legend entry per digit. */
final class DigitScatter {

    /** Ten colours that stay distinct side by side (Tableau 10). */
    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private DigitScatter() {
    }

    /**
     * @param points one {x, y} per sample; not modified
     * @param labels the digit of each sample, 0..9; not modified
     */
    static void write(Path file, String title, double[][] points, int[] labels) throws IOException {
        XYChart chart = Plots.scatter(title, "t-SNE 1", "t-SNE 2");
        chart.getStyler().setMarkerSize(4);
        for (int digit = 0; digit < COLOURS.length; digit++) {
            int n = 0;
            for (int label : labels) {
                n += label == digit ? 1 : 0;
            }
            double[] x = new double[n];
            double[] y = new double[n];
            int j = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == digit) {
                    x[j] = points[i][0];
                    y[j++] = points[i][1];
                }
            }
            Plots.points(chart, "digit " + digit, x, y, COLOURS[digit], 4);
        }
        Plots.save(chart, file);
    }
}
