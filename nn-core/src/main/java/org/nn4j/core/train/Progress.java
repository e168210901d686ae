package org.nn4j.core.train;

import java.util.Locale;

/**
 * How {@link Trainer} reports progress: a progress bar (me.tongfei progressbar) on a terminal,
 * one plain line per epoch elsewhere (CI logs, files), or nothing.
 */
public enum Progress {
    /** {@link #BAR} when the JVM has a console, {@link #LINES} otherwise; {@code -Dnn4j.progress=bar|lines|none} overrides. */
    AUTO,
    /** A progress bar redrawn in place, for a terminal. */
    BAR,
    /** One plain line per epoch, for CI logs and files. */
    LINES,
    /** No progress output. */
    NONE;

    /** System property that overrides {@link #AUTO}. */
    public static final String PROPERTY = "nn4j.progress";

    /**
     * The concrete mode: this one, or for {@link #AUTO} the property's or the console's choice.
     *
     * @return {@link #BAR}, {@link #LINES} or {@link #NONE}
     * @throws IllegalArgumentException when the property names no mode
     */
    public Progress resolve() {
        if (this != AUTO) {
            return this;
        }
        String chosen = System.getProperty(PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            try {
                Progress p = valueOf(chosen.trim().toUpperCase(Locale.ROOT));
                return p == AUTO ? fromConsole() : p;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Progress: -D" + PROPERTY + " must be bar, lines, none or auto, found '"
                        + chosen + "'", e);
            }
        }
        return fromConsole();
    }

    private static Progress fromConsole() {
        // A console means stdin and stdout are a terminal: the bar's carriage returns render.
        return System.console() != null ? BAR : LINES;
    }
}
