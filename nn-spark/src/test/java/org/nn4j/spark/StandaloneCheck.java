package org.nn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.TanH;

/**
 * Not a CI test: trains the same small network on the master given as the first argument and on
 * {@code local[2]}, and prints whether the final parameters agree bit for bit
 * ({@code standalone-check.sh} runs it against a standalone master and worker on this machine).
 */
public final class StandaloneCheck {

    private StandaloneCheck() {
    }

    /**
     * Trains on {@code args[0]} and on {@code local[2]} and compares.
     *
     * @param args the master URL, then the jars the executors need, comma-separated
     * @throws Exception when training fails
     */
    public static void main(String[] args) throws Exception {
        double[] cluster = train(new SparkConf().setMaster(args[0]).set("spark.jars", args[1])
                .set("spark.executor.memory", "1g").set("spark.cores.max", "2")
                .set("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=2G"));
        double[] local = train(new SparkConf().setMaster("local[2]"));
        double worst = 0;
        for (int i = 0; i < local.length; i++) {
            worst = Math.max(worst, Math.abs(local[i] - cluster[i]));
        }
        System.out.println("standalone check: " + local.length + " values, " + (Arrays.equals(local, cluster)
                ? "identical to local[2]" : "largest difference from local[2] " + worst));
    }

    private static double[] train(SparkConf conf) throws Exception {
        conf.setAppName("nn4j standalone check").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            Random r = new Random(7);
            List<Example> data = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                float[] x = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
                data.add(new Example(x, new float[] {x[0] * x[1], x[2] - x[3], (float) Math.sin(x[0])}));
            }
            JavaRDD<Example> rdd = spark.parallelize(data, 2);
            SparkTrainer trainer = new SparkTrainer(spark, StandaloneCheck::network, MSELoss::new, () -> new Adam(0.01))
                    .batchSize(8).localSteps(2).seed(1);
            List<RoundStats> rounds = trainer.fit(rdd, 10);
            System.out.printf("%s: loss %.4f -> %.4f in %d rounds%n", spark.master(), rounds.get(0).loss(),
                    rounds.get(rounds.size() - 1).loss(), rounds.size());
            Map<String, INDArray> state = ModelState.gather(trainer.network(), trainer.optimizer());
            return state.values().stream().flatMapToDouble(a -> Arrays.stream(a.castTo(DataType.DOUBLE).dup('c')
                    .data().asDouble())).toArray();
        }
    }

    private static Module network() {
        return new Sequential(new Linear(4, 16, true, 3), new TanH(), new Linear(16, 3, true, 4));
    }
}
