package org.nn4j.core.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** What {@link Trainer} shows while it runs, for one resolved {@link Progress} mode. */
final class ProgressDisplay implements AutoCloseable {

    private final Progress mode;
    private final PrintStream out;
    private ProgressBar bar;
    private LineConsumer line;

    ProgressDisplay(Progress mode, PrintStream out) {
        this.mode = mode.resolve();
        this.out = out;
    }

    /** @param batches batches in the epoch, or −1 when unknown (the bar then only counts) */
    void startEpoch(int epoch, int epochs, long batches) {
        if (mode == Progress.BAR) {
            line = new LineConsumer(new ConsoleProgressBarConsumer(out));
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + epoch + "/" + epochs)
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(line)
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
        close();
        if (mode != Progress.NONE) {
            // On a line of its own: the bar is cut to the terminal's width, the metrics must not be.
            out.println("epoch " + stats.epoch() + "/" + epochs + ": " + stats.metrics());
            out.flush();
        }
    }

    /** Renders the bar's final state and ends its line (also for a bar left open by an exception). */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            line.close();
            bar = null;
        }
    }

    /**
     * Works around progressbar 0.10.1: a bar closed before its first scheduled refresh renders
     * its final state but never closes its consumer, so its line is not ended and the next output
     * would run on after it. Closing twice prints one line end.
     */
    private static final class LineConsumer implements ProgressBarConsumer {

        private final ConsoleProgressBarConsumer console;
        private boolean closed;

        LineConsumer(ConsoleProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public void accept(String rendered) {
            console.accept(rendered);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                console.close();
            }
        }
    }
}
