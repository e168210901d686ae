package org.nn4j.examples.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.core.optim.ParameterGroups;
import org.nn4j.data.Affine;
import org.nn4j.data.ImageSet;
import org.nn4j.data.Mnist;
import org.nn4j.data.Rotations;
import org.nn4j.data.Shifts;
import org.nn4j.data.Splits;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.Results;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.ReLU;

/**
 * Semi-supervised learning on MNIST. A RotNet learns to tell the rotation
 * (0/90/180/270°) of unlabelled training images; its features then serve a classifier trained
 * on only 100 labelled images (10 per class), compared with a plain CNN trained
 * from scratch on the same 100. Every variant is repeated on several draws of the 100 images
 * and tested on the MNIST test set.
 *
 * <p>The pre-trained RotNet is saved as {@code rotnet.npz} in the run folder; a later run into
 * the same folder loads it and skips pre-training.
 */
public final class MnistRotNet implements Experiment {

    /** Unlabelled images for pre-training (each in 4 rotations): a subset, to fit 2 cores. */
    static final int PRETRAIN_IMAGES = 8_000;
    static final int PRETRAIN_EPOCHS = 1;
    static final int PER_CLASS = 10;
    static final int EPOCHS = 40;
    static final int BATCH = 10;
    /** Augmented copies of each labelled image (rotation ±10°, zoom ±10%, shift ±2 px), besides the original. */
    static final int AUGMENTED_COPIES = 9;
    static final int UNLABELLED_IMAGES = 20_000;
    static final double PSEUDO_CONFIDENCE = 0.95;
    static final int SELF_TRAINING_EPOCHS = 2;

    @Override
    public String name() {
        return "mnist-rotnet";
    }

    @Override
    public String description() {
        return "RotNet self-supervised pre-training, then 100 labelled MNIST images: frozen features, fine-tuning, plain CNN";
    }

    @Override
    public Set<String> datasets() {
        return Set.of("mnist");
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        ImageSet train = Mnist.train(ctx.dataDir());
        ImageSet test = MnistAutoencoderData.first(Mnist.test(ctx.dataDir()), ctx.pick(10_000, 100));
        int[] testLabels = test.labels();
        int draws = ctx.pick(3, 1);
        int perClass = ctx.pick(PER_CLASS, 5);
        int epochs = ctx.pick(EPOCHS, 2);
        Results r = ctx.results();

        Sequential rotNet = RotNetNetworks.rotNet(4);
        Path checkpoint = ctx.file(ctx.quick() ? "rotnet-quick.npz" : "rotnet.npz");
        if (Files.exists(checkpoint)) {
            Checkpoint.load(checkpoint, rotNet);
            ctx.log("loaded the pre-trained RotNet from %s (pre-training skipped)", checkpoint);
            Path how = pretrainingNote(checkpoint);
            r.config("pretraining", "skipped: loaded " + checkpoint.getFileName() + " from an earlier run"
                    + (Files.exists(how) ? ", which was pre-trained on " + Files.readString(how).strip() : ""));
        } else {
            String how = pretrain(ctx, rotNet, MnistAutoencoderData.first(train, ctx.pick(PRETRAIN_IMAGES, 128)));
            Checkpoint.save(checkpoint, rotNet);
            Files.writeString(pretrainingNote(checkpoint), how + "\n");
        }
        ImageSet rotatedTest = Rotations.rotNet(MnistAutoencoderData.first(test, ctx.pick(1_000, 50)));
        double rotationAccuracy = RotNetTraining.accuracy(rotNet, rotatedTest.images(), rotatedTest.labels());
        r.figure("rotation_test_accuracy", rotationAccuracy);
        ctx.log("rotation accuracy on %d rotated test images: %.4f", rotatedTest.size(), rotationAccuracy);

        // The frozen variants read fixed features: compute the test set's once.
        Module block1 = rotNet.get(RotNetNetworks.BLOCK1);
        Module block2 = rotNet.get(RotNetNetworks.BLOCK2);
        Sequential head = (Sequential) rotNet.get(RotNetNetworks.HEAD);
        Module fc1 = new Sequential(new Flatten(), head.get(RotNetNetworks.FC1), new ReLU());
        INDArray test1 = MnistAutoencoderData.forward(block1, test.images(), 500);
        INDArray test2 = MnistAutoencoderData.forward(block2, test1, 500);
        INDArray testFc1 = MnistAutoencoderData.forward(fc1, test2, 500);

        // the images whose labels are never read: the last ones of the training set
        int unlabelledCount = ctx.pick(UNLABELLED_IMAGES, 200);
        ImageSet unlabelled = train.select(IntStream.range(train.size() - unlabelledCount, train.size()).toArray());

        Map<String, double[]> accuracies = new LinkedHashMap<>();
        Map<String, List<Double>> firstDrawLosses = new LinkedHashMap<>();
        for (String v : VARIANTS.keySet()) {
            accuracies.put(v, new double[draws]);
        }
        for (int d = 0; d < draws; d++) {
            ImageSet labelled = train.select(Splits.perClass(train.labels(), Mnist.CLASSES, perClass, ctx.seed() + 1 + d));
            INDArray x = labelled.images();
            int[] y = labelled.labels();
            INDArray x1 = MnistAutoencoderData.forward(block1, x, 500);
            INDArray x2 = MnistAutoencoderData.forward(block2, x1, 500);
            INDArray xFc1 = MnistAutoencoderData.forward(fc1, x2, 500);
            int copies = ctx.pick(AUGMENTED_COPIES, 1);
            INDArray xAug = augmented(x, copies, ctx.seed() + 100 * (d + 1));
            int[] yAug = repeated(y, copies + 1);
            // the same number of sample presentations as without augmentation
            int augEpochs = Math.max(2, epochs / (copies + 1));
            long seed = ctx.seed() + 10 * d;
            Module teacher = null; // finetune_aug's network, which selftrain_aug continues
            Module plainTeacher = null; // plain_aug's, which plain_selftrain_aug and then plain_selftrain2_aug continue
            for (String v : VARIANTS.keySet()) {
                long start = System.nanoTime();
                Module net;
                List<Double> losses;
                double accuracy;
                switch (v) {
                    case "plain" -> {
                        net = RotNetNetworks.plainCnn();
                        losses = RotNetTraining.fit(net, x, y, epochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test.images(), testLabels);
                    }
                    case "plain_aug" -> {
                        net = RotNetNetworks.plainCnn();
                        losses = RotNetTraining.fit(net, xAug, yAug, augEpochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test.images(), testLabels);
                        plainTeacher = net;
                    }
                    case "report" -> {
                        net = new Sequential(new Flatten(), copyOf((Linear) head.get(RotNetNetworks.FC1), 64 * 7 * 7, 1024),
                                new ReLU(), new Linear(1024, 10));
                        losses = RotNetTraining.fit(net, x2, y, epochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test2, testLabels);
                    }
                    case "fc1" -> {
                        net = new Linear(1024, 10);
                        losses = RotNetTraining.fit(net, xFc1, y, epochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, testFc1, testLabels);
                    }
                    case "block2" -> {
                        net = new Sequential(new Flatten(), new Linear(64 * 7 * 7, 10));
                        losses = RotNetTraining.fit(net, x2, y, epochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test2, testLabels);
                    }
                    case "block1" -> {
                        net = new Sequential(new Flatten(), new Linear(32 * 14 * 14, 10));
                        losses = RotNetTraining.fit(net, x1, y, epochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test1, testLabels);
                    }
                    case "block1_aug" -> {
                        net = new Sequential(new Flatten(), new Linear(32 * 14 * 14, 10));
                        INDArray xAug1 = MnistAutoencoderData.forward(block1, xAug, 500);
                        losses = RotNetTraining.fit(net, xAug1, yAug, augEpochs, BATCH, seed, new Adam(1e-3));
                        accuracy = RotNetTraining.accuracy(net, test1, testLabels);
                    }
                    case "finetune", "finetune_aug" -> {
                        Sequential tuned = RotNetNetworks.rotNet(4);
                        copyParameters(rotNet, tuned);
                        Linear last = new Linear(1024, 10);
                        ((Sequential) tuned.get(RotNetNetworks.HEAD)).set(RotNetNetworks.LAST, last);
                        List<Parameter> body = new ArrayList<>(tuned.parameters());
                        body.removeAll(last.parameters());
                        net = tuned;
                        Optimizer groups = ParameterGroups.of(new Adam(1e-4), body).and(new Adam(1e-3), last.parameters());
                        losses = v.equals("finetune")
                                ? RotNetTraining.fit(net, x, y, epochs, BATCH, seed, groups)
                                : RotNetTraining.fit(net, xAug, yAug, augEpochs, BATCH, seed, groups);
                        accuracy = RotNetTraining.accuracy(net, test.images(), testLabels);
                        teacher = net;
                    }
                    case "selftrain_aug", "plain_selftrain_aug", "plain_selftrain2_aug" -> {
                        // plain_selftrain2_aug: a second round, the first round's student labelling afresh
                        net = v.equals("selftrain_aug") ? teacher : plainTeacher;
                        Pseudo pseudo = pseudoLabelled(net, unlabelled);
                        INDArray xAll = pseudo.size() == 0 ? xAug : Nd4j.concat(0, xAug, pseudo.images().images());
                        int[] yAll = pseudo.size() == 0 ? yAug : IntStream.concat(
                                Arrays.stream(yAug), Arrays.stream(pseudo.images().labels())).toArray();
                        losses = RotNetTraining.fit(net, xAll, yAll, ctx.pick(SELF_TRAINING_EPOCHS, 2), 64, seed,
                                new Adam(1e-4));
                        accuracy = RotNetTraining.accuracy(net, test.images(), testLabels);
                        ctx.log("draw %d  %s: %d pseudo-labelled images (%.1f%% of them right)", d + 1, v,
                                pseudo.size(), 100 * pseudo.rightFraction());
                    }
                    default -> throw new IllegalStateException(v);
                }
                accuracies.get(v)[d] = accuracy;
                if (d == 0) {
                    firstDrawLosses.put(v + "_loss", losses);
                }
                ctx.log("draw %d  %-9s test accuracy %.4f  (final train loss %.4f, %.0f s)", d + 1, v, accuracy,
                        losses.get(losses.size() - 1), (System.nanoTime() - start) / 1e9);
            }
        }
        report(ctx, accuracies, firstDrawLosses, test.size(), epochs, Mnist.CLASSES * perClass);
    }

    /** The variants, by key: what is trained on the 100 labelled images. */
    static final Map<String, String> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("plain", "plain CNN from scratch (report's baseline)");
        VARIANTS.put("plain_aug", "plain CNN from scratch, augmented ×10");
        VARIANTS.put("report", "RotNet convs frozen, Linear 3136→1024 retrained from RotNet's, new Linear 1024→10 (report's)");
        VARIANTS.put("fc1", "RotNet frozen up to Linear 3136→1024 + ReLU, new Linear 1024→10");
        VARIANTS.put("block2", "linear head on frozen block-2 features (64×7×7)");
        VARIANTS.put("block1", "linear head on frozen block-1 features (32×14×14)");
        VARIANTS.put("block1_aug", "linear head on frozen block-1 features, augmented ×10");
        VARIANTS.put("finetune", "full fine-tuning from RotNet (Adam 1e-4 body, 1e-3 new Linear 1024→10)");
        VARIANTS.put("finetune_aug", "full fine-tuning from RotNet (Adam 1e-4 body, 1e-3 new Linear 1024→10), augmented ×10");
        VARIANTS.put("selftrain_aug", "finetune_aug, then self-training: it labels the unlabelled images it gives ≥ "
                + PSEUDO_CONFIDENCE + " probability and trains on them with the augmented 100 (Adam 1e-4, "
                + SELF_TRAINING_EPOCHS + " epochs, batch 64)");
        VARIANTS.put("plain_selftrain_aug", "plain_aug, then the same self-training (no RotNet: pseudo-labels only)");
        VARIANTS.put("plain_selftrain2_aug", "plain_selftrain_aug, then a second round: its network labels the unlabelled"
                + " images afresh and trains on them the same way");
    }

    /**
     * The images of {@code unlabelled} to which {@code teacher} gives one class a softmax
     * probability ≥ {@link #PSEUDO_CONFIDENCE}, labelled with that class (their true labels unread).
     */
    private static Pseudo pseudoLabelled(Module teacher, ImageSet unlabelled) {
        float[][] logits = MnistAutoencoderData.forward(teacher, unlabelled.images(), 500).toFloatMatrix();
        List<Integer> kept = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int c = 1; c < logits[i].length; c++) {
                best = logits[i][c] > logits[i][best] ? c : best;
            }
            double sum = 0;
            for (float l : logits[i]) {
                sum += Math.exp(l - logits[i][best]);
            }
            if (1 / sum >= PSEUDO_CONFIDENCE) {
                kept.add(i);
                classes.add(best);
            }
        }
        if (kept.isEmpty()) { // a teacher sure of nothing (quick mode): self-training adds no image
            return new Pseudo(null, 0);
        }
        ImageSet chosen = unlabelled.select(kept.stream().mapToInt(Integer::intValue).toArray());
        int[] pseudo = classes.stream().mapToInt(Integer::intValue).toArray();
        int right = 0;
        for (int i = 0; i < pseudo.length; i++) {
            right += pseudo[i] == chosen.labels()[i] ? 1 : 0; // read only to report, never to train
        }
        return new Pseudo(ImageSet.ofImages(chosen.images(), pseudo, unlabelled.classes()),
                pseudo.length == 0 ? 0 : (double) right / pseudo.length);
    }

    /** Pseudo-labelled images (null when none), and the fraction of their pseudo-labels that are right. */
    private record Pseudo(ImageSet images, double rightFraction) {
        int size() {
            return images == null ? 0 : images.size();
        }
    }

    /** Where the pre-training of a checkpoint is described, for runs that reuse it. */
    private static Path pretrainingNote(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName().toString().replace(".npz", "-pretraining.txt"));
    }

    /**
     * Pre-trains {@code rotNet} to predict the rotation of each of the 4 rotated copies of {@code images}.
     *
     * @return how it was pre-trained, in words
     */
    private static String pretrain(RunContext ctx, Sequential rotNet, ImageSet images) {
        ImageSet rotated = Rotations.rotNet(images);
        int epochs = ctx.pick(PRETRAIN_EPOCHS, 1);
        // quick mode: smaller batches, so that its few images still give enough steps to learn
        int batch = ctx.pick(64, 32);
        long perEpoch = new DataLoader(rotated.images(), Nd4j.createFromArray(rotated.labels()), batch, ctx.seed())
                .batchesPerEpoch();
        long total = perEpoch * epochs;
        long chunk = Math.max(1, Math.min(50, total / 4));
        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        double[] sum = {0};
        long[] count = {0, 0}; // in this chunk, in all
        RotNetTraining.fit(rotNet, rotated.images(), rotated.labels(), epochs, batch, ctx.seed(), new Adam(1e-3), loss -> {
            sum[0] += loss;
            count[0]++;
            long done = ++count[1];
            if (count[0] == chunk) {
                losses.add(sum[0] / count[0]);
                double seconds = (System.nanoTime() - start) / 1e9;
                ctx.log("pre-training epoch %d, batch %d/%d: loss %.4f  (%.0f images/s, %.0f s)", (done - 1) / perEpoch + 1,
                        done, total, sum[0] / count[0], done * batch / seconds, seconds);
                sum[0] = 0;
                count[0] = 0;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String how = String.format(Locale.ROOT,
                "the first %d training images (labels unused) × 4 rotations = %d, %d epochs, batch %d, Adam 1e-3, %.0f s",
                images.size(), rotated.size(), epochs, batch, seconds);
        ctx.results().series("pretrain_loss", losses).config("pretraining", how).figure("pretraining_seconds", seconds);
        try {
            Plots.lines(ctx.file("pretrain_loss.png"), "RotNet pre-training loss (rotation, cross-entropy)",
                    "batches (×" + chunk + ")", "loss", Map.of("train", losses));
            ctx.results().artifact("pretrain_loss.png", "RotNet pre-training loss");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return how;
    }

    private void report(RunContext ctx, Map<String, double[]> accuracies, Map<String, List<Double>> losses,
                        int testImages, int epochs, int labelledImages) throws java.io.IOException {
        Results r = ctx.results();
        List<List<Object>> rows = new ArrayList<>();
        String best = null;
        for (Map.Entry<String, double[]> e : accuracies.entrySet()) {
            MeanSpread m = MeanSpread.of(e.getValue());
            r.figure("test_accuracy_" + e.getKey() + "_mean", m.mean()).figure("test_accuracy_" + e.getKey() + "_std", m.std());
            StringBuilder each = new StringBuilder();
            for (double a : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", 100 * a));
            }
            // semi-supervised: reads the unlabelled images, through RotNet or through pseudo-labels
            boolean semi = !e.getKey().equals("plain") && !e.getKey().equals("plain_aug");
            rows.add(List.of(VARIANTS.get(e.getKey()), each.toString(), m.percent(), semi
                    ? String.format(Locale.ROOT, "%+.1f", 100 * gain(accuracies, e.getKey())) : "—"));
            if (semi && (best == null || m.mean() > MeanSpread.of(accuracies.get(best)).mean())) {
                best = e.getKey();
            }
        }
        double bestMean = MeanSpread.of(accuracies.get(best)).mean();
        double gain = gain(accuracies, best);
        r.figure("best_semi_supervised_gain_points", 100 * gain);
        r.table(String.format(Locale.ROOT, "Test accuracy (%%) on %d test images, %d labelled training images, %d draws",
                        testImages, labelledImages, accuracies.get("plain").length),
                List.of("variant", "each draw", "mean ± std (min–max)", "vs plain CNN on the same data (points)"), rows);
        boolean met = gain >= 0.02 && bestMean >= 0.88;
        r.note(String.format(Locale.ROOT, "Best semi-supervised variant: %s, %.2f%%, %+.1f points over the plain CNN "
                + "trained on the same (augmented or not) images. Goal (≥ +2 points and ≥ 88%%): %s.",
                VARIANTS.get(best), 100 * bestMean, 100 * gain, met ? "met" : "missed"));
        r.config("labelled", labelledImages / Mnist.CLASSES + " per class, drawn with Splits.perClass, seed + 1 + draw")
                .config("downstream training", epochs + " epochs, batch " + BATCH + ", Adam 1e-3 unless stated, no early stopping; \"augmented ×10\": the 100 images + 9 copies rotated ±10°, zoomed ±10%, shifted ±2 px, for epochs / 10 epochs")
                .config("report", "RotNet 98% rotation accuracy; 100 labels: RotNet (convs frozen, new last layer) 73%, plain CNN 75%");
        losses.forEach(r::series);
        Plots.lines(ctx.file("downstream_loss.png"), "Training loss on the " + labelledImages + " labelled images (first draw)", "epoch", "loss", losses);
        r.artifact("downstream_loss.png", "training loss of each variant on the first draw's labelled images (augmented: epochs over 10× the images)");
    }

    /** Mean accuracy of {@code variant} minus that of the plain CNN trained on the same images (augmented or not). */
    private static double gain(Map<String, double[]> accuracies, String variant) {
        String baseline = variant.endsWith("_aug") ? "plain_aug" : "plain";
        return MeanSpread.of(accuracies.get(variant)).mean() - MeanSpread.of(accuracies.get(baseline)).mean();
    }

    /** {@code images} followed by {@code copies} randomly rotated, zoomed and shifted copies of them. */
    static INDArray augmented(INDArray images, int copies, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        INDArray[] parts = new INDArray[copies + 1];
        parts[0] = images;
        for (int k = 1; k <= copies; k++) {
            parts[k] = Shifts.shift(Affine.random(images, 10, 0.1, random.nextLong()), random.nextInt(-2, 3), random.nextInt(-2, 3));
        }
        return Nd4j.concat(0, parts);
    }

    /** {@code labels} repeated {@code times}, matching {@link #augmented}. */
    static int[] repeated(int[] labels, int times) {
        int[] all = new int[labels.length * times];
        for (int t = 0; t < times; t++) {
            System.arraycopy(labels, 0, all, t * labels.length, labels.length);
        }
        return all;
    }

    /** A new Linear holding a copy of {@code source}'s weight and bias. */
    private static Linear copyOf(Linear source, int in, int out) {
        Linear copy = new Linear(in, out);
        copyParameters(source, copy);
        return copy;
    }

    /** Copies every parameter of {@code from} into the parameter of the same name in {@code to}. */
    private static void copyParameters(Module from, Module to) {
        Map<String, Parameter> target = to.namedParameters();
        from.namedParameters().forEach((name, p) -> target.get(name).set(p.value()));
    }
}
