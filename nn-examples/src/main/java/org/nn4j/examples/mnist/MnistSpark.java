package org.nn4j.examples.mnist;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Summary;
import org.nn4j.core.metrics.ConfusionMatrix;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.CosineAnnealingLR;
import org.nn4j.data.Normalise;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.spark.Example;
import org.nn4j.spark.RoundStats;
import org.nn4j.spark.SparkTrainer;

/**
 * CNN2 ({@code mnist-cnn}'s network) trained data-parallel on Spark: two workers in this JVM
 * ({@code local[2]}, one core each), each training 8 batches of 64 from its half of the training
 * set between two averages, Adam's state averaged along. Everything else is {@code mnist-cnn}'s: Adam
 * 1e-3, cosine annealing over the epochs, 4 epochs, normalised inputs, so the two test accuracies
 * compare. {@code --master URL} is not offered here: on a cluster, write the driver as
 * nn-spark/README.md shows and submit it with {@code spark-submit}.
 */
public final class MnistSpark implements Experiment {

    private static final int WORKERS = 2;
    private static final int LOCAL_STEPS = 8;
    private static final int BATCH = 64;

    @Override
    public String name() {
        return "mnist-spark";
    }

    @Override
    public String description() {
        return "CNN2 on MNIST, data-parallel on Spark local[2]: parameter averaging every 8 steps, Adam";
    }

    @Override
    public Set<String> datasets() {
        return Set.of("mnist");
    }

    @Override
    public void run(RunContext context) throws Exception {
        MnistClassifierData data = MnistClassifierData.load(context, 500);
        int epochs = context.pick(4, 2);
        INDArray test = Normalise.MNIST.apply(data.test().images());
        List<Example> examples = examples(Normalise.MNIST.apply(data.train().images()), data.train().oneHot());

        SparkConf conf = new SparkConf().setMaster("local[" + WORKERS + "]").setAppName("nn4j mnist-spark")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            SparkTrainer trainer = new SparkTrainer(spark, MnistCnn::cnn2Network, CrossEntropyLoss::new, () -> new Adam(1e-3))
                    .batchSize(BATCH).localSteps(LOCAL_STEPS).seed(context.seed()).inputShape(1, 28, 28);
            context.log("%s", Summary.of(trainer.network(), 1, 1, 28, 28));
            // parallelize would ship every shard inside every task of every round: cache the partitions
            // once and cut the lineage, so that a task carries only the round's state
            JavaRDD<Example> train = spark.parallelize(examples, WORKERS);
            train.rdd().localCheckpoint();
            context.log("MNIST on Spark: %d partitions of %d examples", WORKERS, train.count() / WORKERS);
            examples = null;

            int roundsPerEpoch = trainer.roundsPerEpoch(train);
            CosineAnnealingLR cosine = new CosineAnnealingLR(trainer.optimizer(), epochs);
            trainer.learningRate(r -> cosine.rate(r / roundsPerEpoch));
            List<Double> losses = new ArrayList<>();
            List<Double> accuracies = new ArrayList<>();
            double trainSeconds = 0;
            long samples = 0;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                List<RoundStats> rounds = trainer.fit(train, epoch * roundsPerEpoch);
                double loss = 0;
                for (RoundStats r : rounds) {
                    loss += r.loss() / rounds.size();
                    trainSeconds += r.seconds();
                    samples += r.samples();
                }
                double accuracy = ClassifierReport.confusion(trainer.network(), test, data.test().labels()).accuracy();
                losses.add(loss);
                accuracies.add(accuracy);
                context.log("epoch %d: %d rounds, train loss %.4f, test accuracy %.2f%%, %.0f samples/s", epoch,
                        rounds.size(), loss, 100 * accuracy, samples / trainSeconds);
            }
            ConfusionMatrix m = ClassifierReport.confusion(trainer.network(), test, data.test().labels());
            ClassifierReport.confusionAndDigits(context, m, "last epoch");
            long bytes = trainer.history().get(trainer.history().size() - 1).broadcastBytes(); // with Adam's state, from round 1 on
            context.results().figure("test_accuracy", m.accuracy())
                    .figure("samples_per_second", samples / trainSeconds)
                    .figure("rounds", trainer.round())
                    .figure("broadcast_bytes_per_round", bytes)
                    .series("train loss", losses)
                    .series("test accuracy", accuracies)
                    .config("network", trainer.network().toString().replace('\n', ' '))
                    .config("spark", "local[" + WORKERS + "], " + WORKERS + " partitions, one core per task")
                    .config("averaging", "every " + LOCAL_STEPS + " local steps of batch " + BATCH
                            + " per partition, Adam's state averaged too")
                    .config("optimizer", "Adam lr 1e-3, CosineAnnealingLR T_max " + epochs + " epochs")
                    .config("epochs", epochs).config("rounds_per_epoch", roundsPerEpoch)
                    .config("training_images", data.train().size()).config("test_images", data.test().size());
            context.log("%s: test accuracy %.2f%% after %d epochs (%d rounds), %.0f samples/s, %,d bytes broadcast per round",
                    name(), 100 * m.accuracy(), epochs, trainer.round(), samples / trainSeconds, bytes);
        }
    }

    /** One {@link Example} per image: its normalised pixels and its one-hot label. */
    private static List<Example> examples(INDArray images, INDArray oneHot) {
        int n = (int) images.size(0);
        float[] pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] labels = oneHot.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int perImage = pixels.length / n;
        int classes = labels.length / n;
        List<Example> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] x = new float[perImage];
            float[] y = new float[classes];
            System.arraycopy(pixels, i * perImage, x, 0, perImage);
            System.arraycopy(labels, i * classes, y, 0, classes);
            examples.add(new Example(x, y));
        }
        return examples;
    }
}
