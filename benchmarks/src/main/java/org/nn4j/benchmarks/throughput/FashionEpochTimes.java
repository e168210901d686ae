package org.nn4j.benchmarks.throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Sequential;
import org.nn4j.core.train.History;
import org.nn4j.data.DataFolder;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.ImageSet;
import org.nn4j.examples.resnet.ResNetExperiment;

/**
 * Seconds per epoch of fashion-resnet's protocol (60000 augmented training images and the 10000 test images
 * evaluated), nn4j and {@code peers/pytorch_fashion_resnet.py}, one epoch each in alternating order, a fresh network
 * every epoch (the first epoch's learning rate, 0.1, in both). The nn4j epoch is {@code Trainer.fit} on the example's
 * own loaders; the PyTorch epoch is the peer's own timing of its epoch (the process start and the data loading are
 * outside it, as nn4j's data loading is).
 *
 * <pre>benchmarks/run-throughput --fashion-epochs [--rounds 3]</pre>
 */
public final class FashionEpochTimes {

    private FashionEpochTimes() {
    }

    public static void main(String[] args) {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
        Nn4jRuntime.configure();
        ImageSet train = FashionMnist.train(DataFolder.resolve(null));
        ImageSet test = FashionMnist.test(DataFolder.resolve(null));
        ResNetExperiment experiment = ResNetExperiment.fashion();
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        String load = ThroughputBenchmark.loadAverage();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean nn4jNow = (r % 2 == 0) == (k == 0); // nn4j first in even rounds, PyTorch first in odd ones
                if (nn4jNow) {
                    Sequential net = experiment.network();
                    History h = ResNetExperiment.trainer(net, 1)
                            .fit(experiment.trainLoader(train, r + 1), experiment.testLoader(test), 1);
                    ours.add(h.last().seconds());
                    System.err.printf(Locale.ROOT, "round %d nn4j: %.1f s, test accuracy %.4f%n", r, ours.get(r),
                            h.last().validationAccuracy());
                } else {
                    List<String> out = PyTorchPeer.run("pytorch_fashion_resnet.py", "--epochs", "1", "--seed",
                            Integer.toString(r + 1));
                    theirs.add(out.stream().filter(l -> l.startsWith("epoch 1 seconds ")).map(l -> Double.parseDouble(
                            l.split(" ")[3])).findFirst().orElseThrow(() -> new IllegalStateException(
                            "no epoch line in the peer's output " + out)));
                    System.err.printf(Locale.ROOT, "round %d PyTorch: %.1f s%n", r, theirs.get(r));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n# fashion-resnet: seconds per epoch, %d rounds alternating, load average before %s,"
                + " after %s%n%n| round | nn4j | PyTorch | nn4j / PyTorch |%n|---|---:|---:|---:|%n", rounds, load,
                ThroughputBenchmark.loadAverage());
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            ratios.add(ours.get(r) / theirs.get(r));
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.2f |%n", r + 1, ours.get(r), theirs.get(r), ratios.get(r));
        }
        System.out.printf(Locale.ROOT, "| median | %.1f | %.1f | %.2f |%n", median(ours), median(theirs), median(ratios));
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
