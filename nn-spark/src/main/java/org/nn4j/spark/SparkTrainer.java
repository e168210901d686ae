package org.nn4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Optimizer;

/**
 * Synchronous data-parallel training on Apache Spark by parameter averaging, with Spark's own
 * broadcast and {@code treeAggregate} as the only transport.
 *
 * <p>Every round:
 * <ol>
 *   <li>the driver writes its network's parameters and buffers, and the optimizer's state (see
 *       {@link #averageOptimizerState}), to an {@code .npz} byte array and broadcasts it;</li>
 *   <li>one task per partition builds the network, loss and optimizer from their {@link Factory
 *       factories}, loads the broadcast state, and trains {@link #localSteps k} mini-batches of
 *       {@link #batchSize b} samples drawn from its partition (its shard), each partition in its own
 *       seeded order;</li>
 *   <li>{@code treeAggregate} sums the tasks' resulting states, in float64 and in an order fixed by
 *       the partition indices (so the sum's bits do not depend on which task finished first);</li>
 *   <li>the driver sets its network and optimizer to the mean, unpersists the broadcast and, every
 *       {@link #checkpoints n} rounds, writes a checkpoint.</li>
 * </ol>
 * With {@code k = 1} and plain gradient descent this is synchronous SGD: the mean of the partitions'
 * one-step updates is one step on the mean of their gradients, so with equal shards one round equals
 * one step on their concatenated batch (the loss is a mean over the batch). With larger {@code k} the
 * workers drift apart between averages: fewer rounds, less traffic, a little less accuracy per sample.
 *
 * <p><b>Faults.</b> A task reads only the broadcast and its partition, so Spark may retry a failed
 * task (up to {@code spark.task.maxFailures}) and the retry returns exactly what the first attempt
 * would have; each partition's result enters the sum once (a task result, never an accumulator that a
 * retry would add to twice). A driver restarted with the same settings calls {@link #resume()} and
 * continues from its newest checkpoint, ending with the parameters an uninterrupted run has.
 *
 * <p><b>Executors</b> keep each partition's examples as arrays in the network's dtype between rounds (ND4J's
 * off-heap memory: count it in {@code spark.executor.memoryOverhead}), and build the network anew in every
 * task, reseeding nn4j's global {@link org.nn4j.core.Seeds} from the trainer's seed, the partition and the
 * round first, so that modules built without a seed (dropout) draw the same in every attempt. In local mode
 * the tasks run in the driver's JVM: a program that builds networks after training and relies on the sequence
 * of {@code Seeds} calls {@code Seeds.manualSeed} again.
 *
 * <pre>{@code
 * JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("mnist"));
 * SparkTrainer trainer = new SparkTrainer(spark, MyNet::build, CrossEntropyLoss::new, () -> new Adam(1e-3))
 *         .batchSize(64).localSteps(8).seed(42).checkpoints(Path.of("runs/spark"), 10);
 * trainer.resume();                                    // after a restart: continue from the newest checkpoint
 * trainer.fit(examples, 10 * trainer.roundsPerEpoch(examples));
 * Module net = trainer.network();                      // the averaged network, on the driver
 * }</pre>
 */
public final class SparkTrainer {

    private final JavaSparkContext spark;
    private final Factory<Module> network;
    private final Factory<Loss> loss;
    private final Factory<Optimizer> optimizer;
    private final Module net;
    private final Optimizer driverOptimizer;
    private int batchSize = 64;
    private int localSteps = 1;
    private long seed;
    private boolean averageOptimizerState = true;
    private long[] sampleShape;
    private RoundCheckpoints checkpoints;
    private int checkpointEvery;
    private IntToDoubleFunction schedule;
    private TaskHook hook;
    private int round;
    private final List<RoundStats> history = new ArrayList<>();

    /**
     * A trainer whose network starts as {@code network} builds it on the driver.
     *
     * @param spark     the Spark context the rounds run on
     * @param network   builds the network, in the dtype to train in (e.g. {@code .to(DataType.DOUBLE)}),
     *                  the same architecture at every call; serialised into every task
     * @param loss      builds the loss (a mean over the batch); serialised into every task
     * @param optimizer builds the optimizer; serialised into every task
     */
    public SparkTrainer(JavaSparkContext spark, Factory<Module> network, Factory<Loss> loss, Factory<Optimizer> optimizer) {
        this.spark = spark;
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        if (spark.isLocal()) {
            TaskThreads.limit(spark.getConf().getInt("spark.task.cpus", 1)); // the driver is the executor: before ND4J loads
        }
        this.net = network.create();
        this.driverOptimizer = optimizer.create();
    }

    /**
     * Sets the samples per mini-batch of each partition (default 64).
     *
     * @param batchSize at least 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code batchSize < 1}
     */
    public SparkTrainer batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("SparkTrainer: batch size must be at least 1, found " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets how many mini-batches each partition trains between two averages (default 1: synchronous SGD).
     *
     * @param k at least 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public SparkTrainer localSteps(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("SparkTrainer: local steps must be at least 1, found " + k);
        }
        this.localSteps = k;
        return this;
    }

    /**
     * Sets the seed that every partition's batch order and every task's random draws derive from (default 0).
     *
     * @param seed the seed
     * @return {@code this}
     */
    public SparkTrainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether the optimizer's state (momentum buffers, Adam's moments and step count) is averaged
     * and sent along with the parameters (default true).
     *
     * <p>With it on, every round starts each task's optimizer from the mean of the state the tasks
     * ended the last round with, as one optimizer would carry it on one machine; the broadcast and the
     * aggregate then carry three arrays per parameter for Adam instead of one. With it off, nothing of
     * the optimizer leaves a task: every round starts from a new optimizer. For plain gradient descent
     * that changes nothing; for momentum it drops the velocity every k steps; for Adam it restarts the
     * moments at zero and the step count at 1 every round, so the first steps of every round move each
     * weight by about the learning rate whatever its gradient's size (bias correction divides the
     * tiny first moment by 1 − β₁), and training is noisier and ends less accurate, the more so the
     * smaller k. DL4J's parameter averaging has the same switch ({@code averageUpdaters}), on by default.
     *
     * @param average whether to average the optimizer's state
     * @return {@code this}
     */
    public SparkTrainer averageOptimizerState(boolean average) {
        this.averageOptimizerState = average;
        return this;
    }

    /**
     * Sets the shape of one example's input: the network receives {@code [b, shape...]}
     * (default: the flat row {@code [b, input.length]}).
     *
     * @param shape e.g. {@code 1, 28, 28} for MNIST images
     * @return {@code this}
     */
    public SparkTrainer inputShape(long... shape) {
        this.sampleShape = shape.clone();
        return this;
    }

    /**
     * Writes a checkpoint to {@code folder} every {@code everyRounds} rounds, {@code round-00000012.npz}
     * after 12 rounds (the two newest are kept); {@link #resume()} reads the newest.
     *
     * @param folder      created when missing; on a cluster, a disk the driver keeps across restarts
     * @param everyRounds at least 1
     * @return {@code this}
     * @throws IllegalArgumentException when {@code everyRounds < 1}
     */
    public SparkTrainer checkpoints(Path folder, int everyRounds) {
        if (everyRounds < 1) {
            throw new IllegalArgumentException("SparkTrainer: checkpoints every " + everyRounds + " rounds; at least 1");
        }
        this.checkpoints = new RoundCheckpoints(folder);
        this.checkpointEvery = everyRounds;
        return this;
    }

    /**
     * Sets the learning rate of each round, computed on the driver (default: the optimizer's own rate).
     * It depends on the round only, so a resumed run trains at the rates of an uninterrupted one.
     *
     * <pre>{@code
     * CosineAnnealingLR cosine = new CosineAnnealingLR(trainer.optimizer(), epochs);
     * trainer.learningRate(r -> cosine.rate(r / roundsPerEpoch));
     * }</pre>
     *
     * @param schedule the learning rate of round {@code r}, from 0
     * @return {@code this}
     */
    public SparkTrainer learningRate(IntToDoubleFunction schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Tests fail tasks through this hook. */
    SparkTrainer taskHook(TaskHook hook) {
        this.hook = hook;
        return this;
    }

    /**
     * Continues from the newest checkpoint of the {@link #checkpoints} folder, when there is one: the
     * network, the optimizer's state and the round count are restored.
     *
     * @return the round the training continues from, 0 when there was no checkpoint
     * @throws IllegalStateException when no checkpoint folder was set
     * @throws IOException           when the checkpoint cannot be read; nothing was restored then
     */
    public int resume() throws IOException {
        if (checkpoints == null) {
            throw new IllegalStateException("SparkTrainer: resume() needs a folder: call checkpoints(folder, everyRounds) first");
        }
        OptionalInt newest = checkpoints.newest();
        if (newest.isPresent()) {
            Checkpoint.load(checkpoints.file(newest.getAsInt()), net, driverOptimizer);
            round = newest.getAsInt();
        }
        return round;
    }

    /**
     * How many rounds make one pass over the largest partition: {@code ⌈⌈n / b⌉ / k⌉} for its
     * {@code n} examples (runs a Spark job that counts them).
     *
     * @param data the training examples
     * @return rounds per epoch, at least 1
     */
    public int roundsPerEpoch(JavaRDD<Example> data) {
        long largest = Collections.max(data.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect());
        long batches = (largest + batchSize - 1) / batchSize;
        return (int) Math.max(1, (batches + localSteps - 1) / localSteps);
    }

    /**
     * Trains until {@code rounds} rounds have been done in all, counting those restored by
     * {@link #resume()}. The data is cached for the rounds when it is not already (and uncached after).
     *
     * @param data   the training examples; every partition must hold at least one; not modified
     * @param rounds the total number of rounds to reach
     * @return the statistics of the rounds this call ran
     * @throws IOException when a checkpoint cannot be written (a task that fails more often than
     *                     {@code spark.task.maxFailures} ends the call with Spark's exception, holding the task's)
     */
    public List<RoundStats> fit(JavaRDD<Example> data, int rounds) throws IOException {
        boolean cache = data.getStorageLevel().equals(StorageLevel.NONE());
        if (cache) {
            data.persist(StorageLevel.MEMORY_ONLY());
        }
        int partitions = data.getNumPartitions();
        RoundTask.Settings settings = new RoundTask.Settings(data.id(), localSteps, batchSize, seed, sampleShape,
                dataType().name(), averageOptimizerState, hook);
        List<RoundStats> ran = new ArrayList<>();
        try {
            while (round < rounds) {
                ran.add(round(data, partitions, settings));
                round++;
                if (checkpoints != null && round % checkpointEvery == 0) {
                    checkpoints.save(round, net, driverOptimizer);
                }
            }
        } finally {
            if (cache) {
                data.unpersist(false);
            }
            if (spark.isLocal()) {
                TaskThreads.restore();
            }
        }
        history.addAll(ran);
        return ran;
    }

    private RoundStats round(JavaRDD<Example> data, int partitions, RoundTask.Settings settings) {
        long start = System.nanoTime();
        double rate = schedule == null ? driverOptimizer.learningRate() : schedule.applyAsDouble(round);
        driverOptimizer.setLearningRate(rate);
        byte[] state = ModelState.encode(ModelState.gather(net, averageOptimizerState ? driverOptimizer : null));
        Broadcast<byte[]> broadcast = spark.broadcast(state);
        try {
            RoundTask task = new RoundTask(broadcast, network, loss, optimizer, settings, round, partitions, rate);
            StateSum sum = data.mapPartitionsWithIndex(task, false)
                    .treeAggregate(StateSum.empty(partitions), StateSum::add, StateSum::add, 2);
            StateSum.Node total = sum.total();
            ModelState.apply(sum.mean(), net, averageOptimizerState ? driverOptimizer : null);
            return new RoundStats(round, total.loss / total.steps, total.samples, (System.nanoTime() - start) / 1e9,
                    state.length, rate);
        } finally {
            broadcast.unpersist(false);
        }
    }

    private DataType dataType() {
        List<Parameter> parameters = net.parameters();
        return parameters.isEmpty() ? DataType.FLOAT : parameters.get(0).value().dataType();
    }

    /**
     * The driver's network: after each round, the mean of the partitions' networks.
     *
     * @return the live network (train or evaluate it between calls to {@link #fit}, not during one)
     */
    public Module network() {
        return net;
    }

    /**
     * The driver's optimizer, holding the averaged state when {@link #averageOptimizerState} is on.
     *
     * @return the live optimizer
     */
    public Optimizer optimizer() {
        return driverOptimizer;
    }

    /**
     * Rounds done so far, including those restored by {@link #resume()}.
     *
     * @return the number of the next round
     */
    public int round() {
        return round;
    }

    /**
     * The statistics of every round this trainer ran (not those before a {@link #resume()}).
     *
     * @return an unmodifiable copy
     */
    public List<RoundStats> history() {
        return List.copyOf(history);
    }
}
