package org.nn4j.examples.finetune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.nn4j.core.Batch;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Normalise;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.mnist.MnistCnn;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * Transfer from PyTorch: CNN2 is trained on MNIST in PyTorch ({@code tools/pytorch/train_mnist_cnn.py}, one epoch, Adam
 * 1e-3, batch 64), its weights saved as {@code .npz} in the run folder; nn4j loads the convolutional part into
 * {@link MnistCnn#cnn2Network()} (the file's {@code features.*}; its classifier is left out), freezes it and trains a
 * new head (Linear 1600 → 128, ReLU, Linear 128 → 10) on Fashion-MNIST. The same network trained from scratch for the
 * same steps is the comparison; both are measured after 100, 300, 1,000 and 3,000 steps (10 and 30 in quick mode,
 * which pre-trains 40 steps on 1,000 images and trains on 2,000). Both: Adam 1e-3, batch 64, inputs normalised with MNIST's mean and std (the statistics
 * the convolutions were trained with), the accuracy measured on the Fashion-MNIST test set. Needs a Python with
 * PyTorch ({@code $NN4J_PYTHON}, default {@code /usr/bin/python3}) and a checkout of the repository.
 */
public final class FinetuneFashion implements Experiment {

    private static final int BATCH = 64;
    private static final int PRETRAIN_STEPS = 938;
    /** The steps after which both networks are measured; the last is the run's length. */
    private static final int[] CHECKPOINTS = {100, 300, 1_000, 3_000};
    private static final int[] QUICK_CHECKPOINTS = {10, 30};
    /** Modules 0 to 5 of CNN2 are its convolutional part. */
    private static final int FEATURE_MODULES = 6;
    /** The PyTorch model's {@code features.N.x} is nn4j's {@code N.x}; its classifier is not loaded. */
    static final UnaryOperator<String> FEATURES = name -> name.startsWith("features.")
            ? name.substring("features.".length()) : null;

    @Override
    public String name() {
        return "finetune-fashion";
    }

    @Override
    public String description() {
        return "CNN2 trained on MNIST in PyTorch, its convolutions frozen in nn4j, head retrained on Fashion-MNIST vs from scratch";
    }

    @Override
    public Set<String> datasets() {
        return Set.of("mnist", FashionMnist.FOLDER);
    }

    @Override
    public String unavailable() {
        String reason = PyTorchTools.unavailable();
        return reason == null ? null : name() + " cannot run: " + reason;
    }

    @Override
    public void run(RunContext context) throws Exception {
        int pretrainSteps = context.pick(PRETRAIN_STEPS, 40);
        int[] checkpoints = context.quick() ? QUICK_CHECKPOINTS : CHECKPOINTS;
        int steps = checkpoints[checkpoints.length - 1];
        Path weights = context.file("mnist_cnn_pytorch.npz");
        context.log("PyTorch: CNN2 on MNIST, %d steps of batch %d -> %s", pretrainSteps, BATCH, weights);
        List<String> lines = PyTorchTools.run("train_mnist_cnn.py", "--data", context.dataDir().toString(),
                "--out", weights.toString(), "--steps", String.valueOf(pretrainSteps),
                "--seed", String.valueOf(context.seed()), "--train-images", context.quick() ? "1000" : "0",
                "--test-images", context.quick() ? "1000" : "0");
        double mnistAccuracy = Double.parseDouble(lines.get(lines.size() - 1).replaceFirst(".* ", ""));

        ImageSet train = FashionMnist.train(context.dataDir());
        ImageSet test = FashionMnist.test(context.dataDir());
        if (context.quick()) {
            train = train.select(head(2_000));
            test = test.select(head(1_000));
        }
        context.log("Fashion-MNIST: %d training images, %d test images", train.size(), test.size());
        DataLoader testLoader = new DataLoader(Normalise.MNIST.apply(test.images()), test.oneHot(), 1_000, false, false, 0);

        Sequential tuned = MnistCnn.cnn2Network();
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(weights, tuned, FEATURES);
        context.log("loaded the convolutions from PyTorch; kept nn4j's initial values for %s", keys.missing());
        for (int i = 0; i < FEATURE_MODULES; i++) {
            tuned.get(i).freeze();
        }
        Run finetuned = train(context, "fine-tuned", tuned, train, testLoader, checkpoints);
        Run scratch = train(context, "from scratch", MnistCnn.cnn2Network(), train, testLoader, checkpoints);
        double tunedAccuracy = finetuned.accuracies().get(checkpoints.length - 1);
        double scratchAccuracy = scratch.accuracies().get(checkpoints.length - 1);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < checkpoints.length; i++) {
            rows.add(List.<Object>of(checkpoints[i], percent(finetuned.accuracies().get(i)), percent(scratch.accuracies().get(i))));
        }

        context.results().figure("pytorch_mnist_accuracy", mnistAccuracy)
                .figure("finetuned_accuracy", tunedAccuracy).figure("scratch_accuracy", scratchAccuracy)
                .figure("steps", steps)
                .series("finetuned loss", finetuned.losses()).series("scratch loss", scratch.losses())
                .table("Fashion-MNIST test accuracy (%) after each number of steps",
                        List.of("steps", "fine-tuned", "from scratch"), rows)
                .config("network", tuned.toString().replace('\n', ' '))
                .config("pretraining", "PyTorch, MNIST, " + pretrainSteps + " steps, Adam 1e-3, batch " + BATCH)
                .config("fine-tuning", "modules 0-5 (convolutions) loaded and frozen, head from nn4j's initialisation")
                .config("optimizer", "Adam lr 1e-3, batch " + BATCH + ", " + steps + " steps, for both networks")
                .config("input", "normalised (x - 0.1307) / 0.3081 (MNIST's statistics)")
                .config("training_images", train.size()).config("test_images", test.size());
        context.log("PyTorch CNN2 on MNIST: test accuracy %.2f%%", 100 * mnistAccuracy);
        context.log("Fashion-MNIST test accuracy after %d steps: fine-tuned (frozen PyTorch convolutions) %.2f%%, "
                + "from scratch %.2f%%", steps, 100 * tunedAccuracy, 100 * scratchAccuracy);
    }

    /** The test accuracy at each checkpoint, and the mean training loss of each tenth of the steps. */
    private record Run(List<Double> accuracies, List<Double> losses) {
    }

    /** Adam steps on shuffled batches up to the last checkpoint, measuring the test accuracy at each. */
    private static Run train(RunContext context, String what, Sequential net, ImageSet data, DataLoader test,
                             int[] checkpoints) {
        int steps = checkpoints[checkpoints.length - 1];
        Adam adam = new Adam(1e-3);
        Optim optim = new Optim(net, new CrossEntropyLoss(), adam);
        // evaluates in its workspace: 10,000 test images through CNN2 would otherwise leave gigabytes of native
        // memory to the garbage collector
        Trainer evaluator = new Trainer(net, new CrossEntropyLoss(), adam);
        DataLoader loader = new DataLoader(data.images(), data.oneHot(), BATCH, context.seed())
                .map(b -> new Batch(Normalise.MNIST.apply(b.x()), b.y()));
        int window = Math.max(1, steps / 10);
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        double sum = 0;
        int step = 0;
        net.train();
        while (step < steps) {
            for (Batch b : loader) {
                sum += optim.step(b.x(), b.y());
                step++;
                if (step % window == 0) {
                    losses.add(sum / window);
                    sum = 0;
                }
                if (step == checkpoints[accuracies.size()]) {
                    accuracies.add(evaluator.evaluate(test).accuracy());
                    context.log("%s, step %d: test accuracy %.2f%%", what, step, 100 * accuracies.get(accuracies.size() - 1));
                    if (step == steps) {
                        break;
                    }
                }
            }
        }
        return new Run(accuracies, losses);
    }

    private static String percent(double accuracy) {
        return String.format(java.util.Locale.ROOT, "%.2f", 100 * accuracy);
    }

    private static int[] head(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
