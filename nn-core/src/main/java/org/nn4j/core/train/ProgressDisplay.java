package org.nn4j.core.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** What {@link Trainer} shows while it runs, for one resolved {@link Progress} mode. */
final class ProgressDisplay implements AutoCloseable {

    private final Progress mode;
    private final PrintStream out;
    private ProgressBar bar;

    ProgressDisplay(Progress mode, PrintStream out) {
        this.mode = mode.resolve();
        this.out = out;
    }

    /** @param batches batches in the epoch, or −1 when unknown (the bar then only counts) */
    void startEpoch(int epoch, int epochs, long batches) {
        if (mode == Progress.BAR) {
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + epoch + "/" + epochs)
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
        }
    }

    /** After each batch; {@code runningLoss} is the epoch's mean loss so far. */
    void batchDone(double runningLoss) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", runningLoss));
        }
    }

    void endEpoch(EpochStats stats, int epochs) {
        if (bar != null) {
            bar.close(); // renders the final state and moves to the next line
            bar = null;
        }
        if (mode != Progress.NONE) {
            // On a line of its own: the bar is cut to the terminal's width, the metrics must not be.
            out.println("epoch " + stats.epoch() + "/" + epochs + ": " + stats.metrics());
            out.flush();
        }
    }

    /** Closes a bar left open by an exception. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
