package org.nn4j.examples.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts the experiments draw, as PNG files (XChart). */
public final class Plots {

    private Plots() {
    }

    /** One line per series, x = 1..n (epochs or iterations). */
    public static void lines(Path file, String title, String xLabel, String yLabel, Map<String, List<Double>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(0);
        series.forEach((name, values) -> {
            double[] x = new double[values.size()];
            double[] y = new double[values.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = values.get(i);
            }
            chart.addSeries(name, x, y);
        });
        save(chart, file);
    }

    /** Points (x, y) of two or more named groups, e.g. a fit and its data. */
    public static XYChart scatter(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(700).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /** Adds a group of points with a colour; returns the series for further styling. */
    public static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color, int size) {
        XYSeries s = chart.addSeries(name, x.length == 0 ? new double[] {Double.NaN} : x, y.length == 0 ? new double[] {Double.NaN} : y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setShowInLegend(size > 2);
        return s;
    }

    /** A line through (x, y). */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return s;
    }

    /** A confusion matrix as a heat map: rows are true classes, columns predicted ones. */
    public static void confusion(Path file, String title, long[][] matrix) throws IOException {
        int k = matrix.length;
        int[] ticks = new int[k];
        for (int i = 0; i < k; i++) {
            ticks[i] = i;
        }
        Number[][] heat = new Number[k * k][];
        int n = 0;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                heat[n++] = new Number[] {p, k - 1 - t, matrix[t][p]};
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(650).height(600).title(title)
                .xAxisTitle("predicted").yAxisTitle("true (top row = class 0)").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)});
        int[] yTicks = new int[k];
        for (int i = 0; i < k; i++) {
            yTicks[i] = k - 1 - i; // heat rows are placed at k-1-t, so the label at position k-1-t must read t
        }
        chart.addSeries("count", toList(ticks), toList(yTicks), java.util.Arrays.asList(heat));
        BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Saves any XChart chart as PNG. */
    public static void save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Integer> toList(int[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    /** XChart appends ".png" itself. */
    private static String strip(Path file) {
        String s = file.toString();
        return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
    }
}
