package org.nn4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table of a network's modules, like torchsummary's or Keras's {@code summary()}: each module,
 * its output shape for a given input shape, its parameter count, and the total, trainable and
 * frozen parameter counts. The shapes come from one forward pass on a batch of zeros, in eval
 * mode (BatchNorm's running statistics are not touched); the network's mode is restored.
 * Modules inside nested {@link Sequential}s, {@link Residual}s, {@link Concat}s, {@link ConcatTable}s and
 * {@link ParallelTable}s are indented under their container, with their paths ({@code 1.block.0}, {@code 2.1}); a
 * module that outputs a {@link Table} shows its arrays' shapes ({@code Table([1, 4], [1, 2])}).
 *
 * <pre>{@code
 * System.out.println(Summary.of(net, 1, 784));
 * }</pre>
 */
public final class Summary {

    private static final String FORMAT = "%-44s %-18s %12s%n";
    private static final int WIDTH = 76;

    private record Row(String layer, String shape, long params) {
    }

    private Summary() {
    }

    /**
     * The summary of {@code net} for an input of {@code inputShape} (batch axis first, e.g.
     * {@code 1, 3, 32, 32}), in the dtype of the network's parameters.
     *
     * @param net        its parameters are not modified; its train/eval mode is restored
     * @param inputShape the shape of one input batch, batch axis first
     * @return a table of each module's output shape and parameter count, with the totals
     * @throws IllegalArgumentException naming the module when the input does not fit it
     */
    public static String of(Module net, long... inputShape) {
        List<Parameter> parameters = net.parameters();
        DataType dataType = parameters.isEmpty() ? DataType.FLOAT : parameters.get(0).value().dataType();
        List<Row> rows = new ArrayList<>();
        boolean wasTraining = net.isTraining();
        net.eval();
        try {
            INDArray input = Nd4j.zeros(dataType, inputShape);
            if (net instanceof Sequential s) {
                children(s, "", 0, input, rows);
            } else {
                visit(net, "", 0, input, rows);
            }
        } finally {
            if (wasTraining) {
                net.train();
            }
        }
        long total = count(parameters, false);
        long frozen = count(parameters, true);
        StringBuilder out = new StringBuilder();
        out.append("-".repeat(WIDTH)).append('\n');
        out.append(String.format(Locale.ROOT, FORMAT, "Layer (type)", "Output shape", "Param #"));
        out.append("=".repeat(WIDTH)).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, FORMAT, r.layer(), r.shape(), String.format(Locale.ROOT, "%,d", r.params())));
        }
        out.append("=".repeat(WIDTH)).append('\n');
        out.append(String.format(Locale.ROOT, "Input shape: %s (%s)%n", Arrays.toString(inputShape), dataType));
        out.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total - frozen));
        out.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", frozen));
        return out.append("-".repeat(WIDTH)).append('\n').toString();
    }

    /** Adds the rows of {@code m} and returns its output: an array, or a {@link Table} for a {@link TableModule}. */
    private static Object visit(Module m, String path, int depth, Object input, List<Row> rows) {
        if (m instanceof Sequential s) {
            int at = rows.size();
            rows.add(null); // the container's row, filled in once its output shape is known
            Object out = children(s, path, depth + 1, input, rows);
            rows.set(at, row(path, depth, "Sequential", out, s));
            return out;
        }
        if (m instanceof Residual r) {
            int at = rows.size();
            rows.add(null);
            visit(r.block(), join(path, "block"), depth + 1, input, rows);
            visit(r.shortcut(), join(path, "shortcut"), depth + 1, input, rows);
            Object out = forward(m, path, input);
            rows.set(at, row(path, depth, "Residual", out, r));
            return out;
        }
        List<Module> branches = m instanceof Concat concat ? concat.branches()
                : m instanceof ConcatTable concatTable ? concatTable.branches()
                : m instanceof ParallelTable parallel ? parallel.branches() : null;
        if (branches != null) {
            int at = rows.size();
            rows.add(null);
            for (int i = 0; i < branches.size(); i++) {
                Object in = m instanceof ParallelTable && input instanceof Table t && i < t.size() ? t.get(i) : input;
                visit(branches.get(i), join(path, Integer.toString(i)), depth + 1, in, rows);
            }
            Object out = forward(m, path, input);
            String type = m instanceof Concat cat ? "Concat(dim=" + cat.dim() + ")" : m.getClass().getSimpleName();
            rows.set(at, row(path, depth, type, out, m));
            return out;
        }
        Object out = forward(m, path, input);
        rows.add(row(path, depth, m.toString(), out, m));
        return out;
    }

    /** A table module is given a table (an array becomes a table of one), any other module an array, as in Sequential. */
    private static Object forward(Module m, String path, Object input) {
        try {
            if (m instanceof TableModule t) {
                return t.forward(input instanceof Table table ? table : Table.of((INDArray) input));
            }
            if (input instanceof Table table && table.size() != 1) {
                throw new IllegalStateException("it takes one array, not a table of " + table.size());
            }
            return m.forward(input instanceof Table table ? table.get(0) : (INDArray) input);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Summary: module " + (path.isEmpty() ? "" : path + " ") + m
                    + " does not accept input " + describe(input) + ": " + e.getMessage(), e);
        }
    }

    /** An array's shape; a table's shapes, or its array's shape when it holds one (what the next module is given). */
    private static String describe(Object value) {
        if (value instanceof Table t && t.size() == 1) {
            return Checks.shape(t.get(0));
        }
        return value instanceof INDArray a ? Checks.shape(a) : value.toString();
    }

    private static String join(String path, String child) {
        return path.isEmpty() ? child : path + "." + child;
    }

    private static Object children(Sequential s, String path, int depth, Object input, List<Row> rows) {
        Object x = input;
        for (int i = 0; i < s.size(); i++) {
            x = visit(s.get(i), path.isEmpty() ? Integer.toString(i) : path + "." + i, depth, x, rows);
        }
        return x;
    }

    private static Row row(String path, int depth, String type, Object out, Module m) {
        String name = "  ".repeat(depth) + (path.isEmpty() ? "" : path + "  ") + type.replace("\n", " ");
        return new Row(name, describe(out), count(m.parameters(), false));
    }

    /** Elements of all parameters, or of the frozen ones only. */
    private static long count(List<Parameter> parameters, boolean frozenOnly) {
        long n = 0;
        for (Parameter p : parameters) {
            if (!frozenOnly || p.isFrozen()) {
                n += p.value().length();
            }
        }
        return n;
    }
}
