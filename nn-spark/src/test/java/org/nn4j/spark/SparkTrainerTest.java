package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.TanH;

/**
 * The trainer on Spark in local mode, two worker threads, a task retried once before its job fails
 * ({@code local[2,2]}): exact against one machine, unchanged by a failed task, resumable.
 */
class SparkTrainerTest {

    private static JavaSparkContext spark;
    /** Injected failures and the attempts after them, counted in the tasks (local mode: the same JVM). */
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicInteger RETRIED = new AtomicInteger();

    private static final Factory<Module> NETWORK = () ->
            new Sequential(new Linear(4, 5, true, 11), new TanH(), new Linear(5, 3, true, 12)).to(DataType.DOUBLE);
    private static final Factory<Loss> LOSS = MSELoss::new;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("nn-spark tests")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        spark.setLogLevel("ERROR");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** {@code n} examples of 4 inputs and 3 targets, drawn from {@code seed}. */
    private static List<Example> examples(int n, long seed) {
        Random r = new Random(seed);
        List<Example> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[4];
            float[] y = new float[3];
            for (int j = 0; j < 4; j++) {
                x[j] = (float) r.nextGaussian();
            }
            for (int j = 0; j < 3; j++) {
                y[j] = (float) r.nextGaussian();
            }
            all.add(new Example(x, y));
        }
        return all;
    }

    private static INDArray stack(List<Example> examples, boolean inputs) {
        double[][] rows = examples.stream().map(e -> {
            float[] f = inputs ? e.input() : e.target();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }).toArray(double[][]::new);
        return Nd4j.create(rows);
    }

    /** Every parameter and buffer and the optimizer's state, flattened in a fixed order. */
    private static double[] flat(Module net, Optimizer optimizer) {
        Map<String, INDArray> state = ModelState.gather(net, optimizer);
        return state.values().stream().flatMapToDouble(a -> java.util.Arrays.stream(a.castTo(DataType.DOUBLE).dup('c')
                .data().asDouble())).toArray();
    }

    @Test
    void oneRoundOfSynchronousSgdEqualsOneStepOnTheConcatenatedBatch() throws Exception {
        int b = 8;
        List<Example> data = examples(2 * b, 1);
        JavaRDD<Example> shards = spark.parallelize(data, 2); // partition 0: the first b, partition 1: the rest
        SparkTrainer trainer = new SparkTrainer(spark, NETWORK, LOSS, () -> new GradientDescent(0.1))
                .batchSize(b).localSteps(1).seed(3);
        trainer.fit(shards, 1);

        Module single = NETWORK.create();
        double[] before = flat(single, null);
        new Optim(single, LOSS.create(), new GradientDescent(0.1)).step(stack(data, true), stack(data, false));
        double[] expected = flat(single, null);
        double[] actual = flat(trainer.network(), null);

        double moved = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - before[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(moved > 1e-3, "the step moved the parameters (by " + moved + ")");
        assertTrue(worst <= 1e-12, "one round on 2 shards of " + b + " equals one step on the batch of " + 2 * b
                + " in float64: largest difference " + worst);
        assertEquals(1, trainer.round());
        assertEquals(2L * b, trainer.history().get(0).samples());
    }

    private SparkTrainer adamTrainer() {
        return new SparkTrainer(spark, NETWORK, LOSS, () -> new Adam(0.01)).batchSize(4).localSteps(2).seed(5);
    }

    @Test
    void aTaskThatFailsIsRetriedAndTheParametersAreThoseOfARunWithoutFailure() throws Exception {
        JavaRDD<Example> data = spark.parallelize(examples(24, 2), 2);
        SparkTrainer clean = adamTrainer();
        clean.fit(data, 3);

        FAILED.set(0);
        RETRIED.set(0);
        SparkTrainer failing = adamTrainer().taskHook((round, partition, attempt) -> {
            if (round == 1 && partition == 0) {
                if (attempt == 0) {
                    FAILED.incrementAndGet();
                    throw new IllegalStateException("injected failure in round 1, partition 0");
                }
                RETRIED.incrementAndGet();
            }
        });
        failing.fit(data, 3);

        assertEquals(1, FAILED.get(), "the first attempt of round 1, partition 0 failed");
        assertEquals(1, RETRIED.get(), "and Spark ran it once more");
        assertArrayEquals(flat(clean.network(), clean.optimizer()), flat(failing.network(), failing.optimizer()),
                "parameters, buffers and Adam's state equal, bit for bit");
    }

    @Test
    void aDriverResumedFromTheLastCheckpointEndsWhereAnUninterruptedRunEnds() throws Exception {
        JavaRDD<Example> data = spark.parallelize(examples(20, 3), 2);
        Path interrupted = dir.resolve("interrupted");
        adamTrainer().checkpoints(interrupted, 2).fit(data, 3); // the driver "dies" after round 3; last checkpoint: round 2

        SparkTrainer restarted = adamTrainer().checkpoints(interrupted, 2);
        assertEquals(2, restarted.resume());
        restarted.fit(data, 6);

        SparkTrainer uninterrupted = adamTrainer().checkpoints(dir.resolve("uninterrupted"), 2);
        assertEquals(0, uninterrupted.resume(), "an empty folder: nothing to resume");
        uninterrupted.fit(data, 6);

        assertEquals(6, restarted.round());
        assertArrayEquals(flat(uninterrupted.network(), uninterrupted.optimizer()),
                flat(restarted.network(), restarted.optimizer()), "parameters, buffers and Adam's state equal, bit for bit");
        try (Stream<Path> files = Files.list(dir.resolve("uninterrupted"))) {
            assertEquals(List.of("round-00000004.npz", "round-00000006.npz"),
                    files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()),
                    "the two newest checkpoints are kept");
        }
    }

    @Test
    void adamStateTravelsAndIsAveragedOnlyWhenAskedTo() throws Exception {
        JavaRDD<Example> data = spark.parallelize(examples(16, 5), 2);
        SparkTrainer averaged = adamTrainer();
        averaged.fit(data, 3);
        SparkTrainer fresh = adamTrainer().averageOptimizerState(false);
        fresh.fit(data, 3);

        org.nn4j.core.Parameter first = averaged.network().parameters().get(0);
        assertEquals(3 * 2, averaged.optimizer().state(first).get("step").getDouble(0), 0.0,
                "3 rounds of k = 2 steps: the averaged step count");
        assertTrue(fresh.optimizer().state(fresh.network().parameters().get(0)).isEmpty(),
                "without averaging the driver keeps no optimizer state");
        long withState = averaged.history().get(2).broadcastBytes();
        long parametersOnly = fresh.history().get(2).broadcastBytes();
        assertEquals(averaged.history().get(0).broadcastBytes(), parametersOnly,
                "without averaging every round sends what round 0 sends: the parameters alone");
        assertTrue(withState > 2.5 * parametersOnly,
                "Adam's two moments and step counts about triple the broadcast: " + withState + " against " + parametersOnly + " bytes");
        assertFalse(java.util.Arrays.equals(flat(averaged.network(), null), flat(fresh.network(), null)),
                "restarting Adam every round trains to other parameters");
    }

    @Test
    void anEmptyPartitionIsRejectedWithWhatToDo() {
        JavaRDD<Example> one = spark.parallelize(examples(1, 4), 2);
        SparkTrainer trainer = new SparkTrainer(spark, NETWORK, LOSS, () -> new GradientDescent(0.1)).batchSize(4);
        Exception e = assertThrows(Exception.class, () -> trainer.fit(one, 1));
        assertTrue(e.getMessage().contains("nn-spark: partition 0 holds no example; every partition trains, so repartition"),
                e.getMessage());
    }
}
