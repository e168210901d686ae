package org.nn4j.examples;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an experiment measured: headline figures, its configuration, curves, tables and the
 * pictures it drew. Written as {@code results.json} (for machines) and {@code summary.md}
 * (for people) into the run's folder.
 */
public final class Results {

    /** A table as it appears in summary.md. */
    public record Table(String title, List<String> header, List<List<Object>> rows) {
    }

    /** A picture written into the run's folder. */
    public record Artifact(String file, String caption) {
    }

    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Artifact> artifacts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A setting of the run (network, epochs, learning rate, …). */
    public Results config(String key, Object value) {
        config.put(key, value);
        return this;
    }

    /** A headline number (an accuracy, a loss, a PSNR). */
    public Results figure(String key, double value) {
        figures.put(key, value);
        return this;
    }

    /** A curve, one value per epoch or iteration (e.g. "train_loss"). */
    public Results series(String key, List<Double> values) {
        series.put(key, List.copyOf(values));
        return this;
    }

    public Results table(String title, List<String> header, List<List<Object>> rows) {
        tables.add(new Table(title, List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    public Results artifact(String file, String caption) {
        artifacts.add(new Artifact(file, caption));
        return this;
    }

    /** A sentence for summary.md (a conclusion, a caveat). */
    public Results note(String text) {
        notes.add(text);
        return this;
    }

    public Map<String, Double> figures() {
        return Map.copyOf(figures);
    }

    public Map<String, List<Double>> series() {
        return Map.copyOf(series);
    }

    public List<Artifact> artifacts() {
        return List.copyOf(artifacts);
    }

    /**
     * Writes results.json and summary.md into {@code dir}, each to a temporary name first.
     */
    public void write(Path dir, String experiment, long seed, boolean quick, double wallSeconds) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experiment);
        json.put("seed", seed);
        json.put("quick", quick);
        json.put("wall_seconds", wallSeconds);
        json.put("machine", machine());
        json.put("config", config);
        json.put("figures", figures);
        json.put("series", series);
        json.put("tables", tables);
        json.put("artifacts", artifacts);
        json.put("notes", notes);
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json);
        writeAtomically(dir.resolve("results.json"), text + "\n");
        writeAtomically(dir.resolve("summary.md"), markdown(experiment, seed, quick, wallSeconds));
    }

    /** The figures as aligned lines, printed at the end of a run. */
    public String figuresText() {
        StringBuilder s = new StringBuilder();
        figures.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-36s %s%n", k, format(v))));
        return s.toString();
    }

    private String markdown(String experiment, long seed, boolean quick, double wallSeconds) {
        StringBuilder s = new StringBuilder("# " + experiment + (quick ? " (quick mode)" : "") + "\n\n");
        s.append(String.format(Locale.ROOT, "Seed %d, %.1f s wall time on %s.%n%n", seed, wallSeconds, machine()));
        if (!figures.isEmpty()) {
            s.append("| figure | value |\n|---|---:|\n");
            figures.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(format(v)).append(" |\n"));
            s.append('\n');
        }
        for (Table t : tables) {
            s.append("## ").append(t.title()).append("\n\n| ").append(String.join(" | ", t.header())).append(" |\n|");
            t.header().forEach(h -> s.append("---|"));
            s.append('\n');
            for (List<Object> row : t.rows()) {
                s.append("| ");
                for (Object cell : row) {
                    s.append(cell instanceof Double d ? format(d) : String.valueOf(cell)).append(" | ");
                }
                s.setLength(s.length() - 1);
                s.append('\n');
            }
            s.append('\n');
        }
        notes.forEach(n -> s.append(n).append("\n\n"));
        artifacts.forEach(a -> s.append("![").append(a.caption()).append("](").append(a.file()).append(")\n\n"));
        if (!config.isEmpty()) {
            s.append("## Configuration\n\n");
            config.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        return s.toString();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1e-3 ? "%.4f" : "%.3e", v);
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
