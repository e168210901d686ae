package org.nn4j.benchmarks.throughput;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Optim;
import org.nn4j.core.SampleTransform;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.data.DataFolder;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.ImageSet;
import org.nn4j.examples.resnet.ResNetExperiment;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * How long the training thread waits for augmented batches: fashion-resnet's training step (model H, batch 128) on
 * Fashion-MNIST with crop+flip+normalise, the augmentation run on the training thread (no prefetching) and on 1 and 2
 * worker threads, in alternating windows of {@code STEPS} steps. Prints the median wait and step time per batch for each.
 *
 * <pre>benchmarks/run-throughput --stall [--rounds 5]</pre>
 */
public final class AugmentStall {

    private static final int STEPS = 40;

    private AugmentStall() {
    }

    public static void main(String[] args) {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 5;
        Nn4jRuntime.configure();
        ImageSet train = FashionMnist.train(DataFolder.resolve(null));
        ResNetExperiment experiment = ResNetExperiment.fashion();
        SampleTransform augment = experiment.augmentation();
        Optim optim = new Optim(experiment.network(), new CrossEntropyLoss(),
                new GradientDescent(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4));
        INDArray x = train.images();
        INDArray y = train.oneHot();
        String[] names = {"on the training thread", "prefetch(1, 4)", "prefetch(2, 4)"};
        DataLoader[] loaders = {
            new DataLoader(x, y, 128, 1).transform(augment),
            new DataLoader(x, y, 128, 2).transform(augment).prefetch(1, 4),
            new DataLoader(x, y, 128, 3).transform(augment).prefetch(2, 4)};
        Iterator<Batch>[] its = new Iterator[loaders.length];
        for (int i = 0; i < loaders.length; i++) {
            its[i] = loaders[i].iterator();
        }
        List<List<double[]>> results = new ArrayList<>();
        for (int i = 0; i < loaders.length; i++) {
            results.add(new ArrayList<>());
        }
        window(optim, its, loaders, 0, 10); // warm-up
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < loaders.length; k++) {
                int i = (r % 2 == 0) ? k : loaders.length - 1 - k; // alternate the order every round
                results.get(i).add(window(optim, its, loaders, i, STEPS));
                System.err.printf(Locale.ROOT, "round %d %s: wait %.2f ms, step %.1f ms%n", r, names[i],
                        results.get(i).get(r)[0], results.get(i).get(r)[1]);
            }
        }
        System.out.printf(Locale.ROOT, "%n# Data wait of fashion-resnet's training thread, %d rounds of %d steps, batch 128"
                + " (medians per step)%n%n| augmentation | wait for the batch, ms | whole step, ms | wait / step |%n"
                + "|---|---:|---:|---:|%n", rounds, STEPS);
        for (int i = 0; i < loaders.length; i++) {
            double wait = median(results.get(i), 0);
            double step = median(results.get(i), 1);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f%% |%n", names[i], wait, step, 100 * wait / step);
        }
    }

    /** {@code steps} training steps from loader {@code i}: the mean wait for a batch and the mean whole step, in ms. */
    private static double[] window(Optim optim, Iterator<Batch>[] its, DataLoader[] loaders, int i, int steps) {
        long wait = 0;
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            long t = System.nanoTime();
            if (!its[i].hasNext()) {
                its[i] = loaders[i].iterator();
            }
            Batch b = its[i].next();
            wait += System.nanoTime() - t;
            optim.step(b.x(), b.y());
        }
        return new double[] {wait / 1e6 / steps, (System.nanoTime() - start) / 1e6 / steps};
    }

    private static double median(List<double[]> values, int k) {
        double[] v = values.stream().mapToDouble(a -> a[k]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
