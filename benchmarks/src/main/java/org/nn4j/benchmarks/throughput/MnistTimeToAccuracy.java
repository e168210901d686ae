package org.nn4j.benchmarks.throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.DataFolder;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Mnist;
import org.nn4j.data.Normalise;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * Time to 98.5% MNIST test accuracy for workload C's network (CNN 16/32 5×5 "same"), as a user would train it:
 * nn-data's {@link Mnist} and {@link DataLoader} (batch 64, shuffled each epoch), nn-core's
 * {@link Trainer} and {@link Adam} 1e-3, images normalised with MNIST's mean and std. Test accuracy
 * after every epoch; the clock (wall seconds, evaluation included) stops at the first epoch with
 * test accuracy ≥ 98.5%. Then {@code benchmarks/peers/pytorch_mnist_time.py} does the same in PyTorch.
 *
 * <p>Memory: at steps 100, 1000 and 2000 of the same run, the heap after GC and the off-heap bytes
 * ({@link MemoryProbe}); the time of those readings is left out of the clock. Training goes on past
 * 98.5% until step 2000 has been read.
 *
 * <p>Arguments: {@code --quick} (6,000 training images, 2 epochs, readings at steps 20, 100 and 180: a smoke
 * test of the command, not a measurement), {@code --max-epochs N} (default 10), {@code --no-pytorch}.
 */
public final class MnistTimeToAccuracy {

    private static final double TARGET = 0.985;
    private static final int BATCH = 64;
    private static final long SEED = 1;

    private MnistTimeToAccuracy() {
    }

    public static void main(String[] args) {
        boolean quick = false;
        boolean pytorch = true;
        int maxEpochs = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-pytorch" -> pytorch = false;
                case "--max-epochs" -> maxEpochs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --quick, --max-epochs N, --no-pytorch)");
            }
        }
        int trainImages = quick ? 6_000 : 60_000;
        int epochs = quick ? 2 : maxEpochs;
        long[] probeSteps = quick ? new long[] {20, 100, 180} : new long[] {100, 1000, 2000};
        Nn4jRuntime.configure();
        String loadBefore = ThroughputBenchmark.loadAverage();

        List<String> report = new ArrayList<>();
        report.add("## nn4j");
        report.addAll(nn4j(trainImages, epochs, probeSteps));
        if (pytorch) {
            report.add("## PyTorch (benchmarks/peers/pytorch_mnist_time.py)");
            try {
                List<String> args2 = new ArrayList<>(List.of("--max-epochs", Integer.toString(epochs),
                        "--train-images", Integer.toString(trainImages), "--target", Double.toString(TARGET)));
                report.addAll(PyTorchPeer.run("pytorch_mnist_time.py", args2.toArray(String[]::new)));
            } catch (RuntimeException e) {
                report.add("PyTorch peer failed: " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "%n# MNIST time to %.1f%% test accuracy, model C, Adam 1e-3, batch %d, %,d training"
                + " images%s; load average before %s, after %s%n", 100 * TARGET, BATCH, trainImages,
                quick ? " (QUICK: smoke test only)" : "", loadBefore, ThroughputBenchmark.loadAverage());
        report.forEach(System.out::println);
    }

    /** Trains workload C's network epoch by epoch; returns the report lines (per epoch, the result, the memory readings). */
    private static List<String> nn4j(int trainImages, int epochs, long[] probeSteps) {
        ImageSet train = Mnist.train(DataFolder.resolve(null));
        ImageSet test = Mnist.test(DataFolder.resolve(null));
        INDArray trainX = Normalise.MNIST.apply(train.images().get(NDArrayIndex.interval(0, trainImages)));
        INDArray trainY = train.oneHot().get(NDArrayIndex.interval(0, trainImages));
        INDArray testX = Normalise.MNIST.apply(test.images());

        MemoryProbe probe = new MemoryProbe();
        List<MemoryProbe.Reading> readings = new ArrayList<>();
        AtomicLong drawn = new AtomicLong();
        // A batch is drawn right before its step, so when batch n + 1 is drawn, step n has finished.
        DataLoader loader = new DataLoader(trainX, trainY, BATCH, SEED).map(b -> {
            long done = drawn.getAndIncrement();
            for (long s : probeSteps) {
                if (done == s) {
                    readings.add(probe.read(done));
                    System.err.println("  " + readings.get(readings.size() - 1));
                }
            }
            return b;
        });
        DataLoader testLoader = new DataLoader(testX, test.oneHot(), 1_000, false, false, 0);

        Sequential net = Nn4jModels.cnnC();
        Trainer trainer = new Trainer(net, new CrossEntropyLoss(), new Adam(1e-3))
                .restoreBest(false).progress(Progress.NONE);
        List<String> lines = new ArrayList<>();
        double reachedAt = Double.NaN;
        int reachedEpoch = 0;
        double trainSeconds = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double probeBefore = probe.seconds();
            long t = System.nanoTime();
            trainer.fit(loader, 1); // one epoch; the Adam state lives in the optimizer, so epochs continue
            double epochSeconds = (System.nanoTime() - t) / 1e9 - (probe.seconds() - probeBefore);
            trainSeconds += epochSeconds;
            double accuracy = trainer.evaluate(testLoader).accuracy();
            double elapsed = (System.nanoTime() - start) / 1e9 - probe.seconds();
            String line = String.format(Locale.ROOT, "epoch %d train_seconds %.1f test_accuracy %.4f elapsed %.1f",
                    epoch, epochSeconds, accuracy, elapsed);
            lines.add(line);
            System.err.println("  [nn4j] " + line);
            if (Double.isNaN(reachedAt) && accuracy >= TARGET) {
                reachedAt = elapsed;
                reachedEpoch = epoch;
            }
            if (!Double.isNaN(reachedAt) && readings.size() == probeSteps.length) {
                lines.add(String.format(Locale.ROOT, "reached %.1f s (epoch %d); %.1f s per training epoch (%d epochs)",
                        reachedAt, reachedEpoch, trainSeconds / epoch, epoch));
                break;
            }
            if (epoch == epochs) {
                lines.add(String.format(Locale.ROOT, "%s after %d epochs; %.1f s per training epoch",
                        Double.isNaN(reachedAt) ? "NOT reached" : String.format(Locale.ROOT, "reached %.1f s", reachedAt),
                        epoch, trainSeconds / epoch));
            }
        }
        readings.forEach(r -> lines.add("memory " + r));
        if (readings.size() >= 2) {
            MemoryProbe.Reading first = readings.get(0);
            MemoryProbe.Reading last = readings.get(readings.size() - 1);
            lines.add("memory from step " + first.step() + " to " + last.step() + ": " + MemoryProbe.growth(first, last));
        }
        return lines;
    }
}
