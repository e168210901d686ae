package org.nn4j.examples.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;

/**
 * A 2-D classifier's decision regions (a grid of its predictions, one forward pass) under the
 * data points, for networks with one sigmoid output (class 1 when > 0.5).
 */
public final class DecisionBoundary {

    private static final int GRID = 120;

    private DecisionBoundary() {
    }

    /**
     * @param net a network from {@code [N, 2]} to {@code [N, 1]}; put in eval mode by the caller
     * @param x   points {@code [N, 2]}; not modified
     * @param y   labels 0/1 {@code [N, 1]}; not modified
     */
    public static void write(Path file, String title, Module net, INDArray x, INDArray y) throws IOException {
        double[] xs = x.getColumn(0).toDoubleVector();
        double[] ys = x.getColumn(1).toDoubleVector();
        double[] labels = y.reshape(-1).toDoubleVector();
        double minX = min(xs) - 0.3;
        double maxX = max(xs) + 0.3;
        double minY = min(ys) - 0.3;
        double maxY = max(ys) + 0.3;
        double[][] grid = new double[GRID * GRID][2];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                grid[i * GRID + j][0] = minX + (maxX - minX) * j / (GRID - 1);
                grid[i * GRID + j][1] = minY + (maxY - minY) * i / (GRID - 1);
            }
        }
        INDArray gridInput = Nd4j.createFromArray(grid).castTo(x.dataType());
        double[] predicted = net.forward(gridInput).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();

        XYChart chart = Plots.scatter(title, "x1", "x2");
        chart.getStyler().setMarkerSize(3);
        Plots.points(chart, "region 1", select(grid, predicted, true, 0), select(grid, predicted, true, 1),
                new Color(255, 200, 200), 1);
        Plots.points(chart, "region 0", select(grid, predicted, false, 0), select(grid, predicted, false, 1),
                new Color(200, 210, 255), 1);
        double[][] points = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            points[i] = new double[] {xs[i], ys[i]};
        }
        Plots.points(chart, "class 1", select(points, labels, true, 0), select(points, labels, true, 1), new Color(200, 0, 0), 6);
        Plots.points(chart, "class 0", select(points, labels, false, 0), select(points, labels, false, 1), new Color(0, 0, 200), 6);
        Plots.save(chart, file);
    }

    private static double[] select(double[][] points, double[] score, boolean positive, int axis) {
        return java.util.stream.IntStream.range(0, points.length).filter(i -> (score[i] > 0.5) == positive)
                .mapToDouble(i -> points[i][axis]).toArray();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(1);
    }
}
