package org.nn4j.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nn4j.core.Batch;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Seeds;
import org.nn4j.core.optim.Optimizer;

/**
 * What one task does in a round, on one partition: build the network, loss and optimizer from
 * their factories, load the round's state from the broadcast, train {@code localSteps} batches of
 * the partition's sequence, and return the resulting state as a {@link StateSum} leaf. It reads
 * nothing but the broadcast and its partition and changes nothing outside itself, so a retried
 * attempt returns exactly what the failed one would have.
 */
final class RoundTask implements Function2<Integer, Iterator<Example>, Iterator<StateSum>> {

    private static final long serialVersionUID = 1L;
    /** Serialises the building of networks in one JVM: modules draw their seeds from the global {@link Seeds}. */
    private static final Object BUILDING = new Object();

    private final Broadcast<byte[]> state;
    private final Factory<Module> network;
    private final Factory<Loss> loss;
    private final Factory<Optimizer> optimizer;
    private final Settings settings;
    private final int round;
    private final int partitions;
    private final double learningRate;

    /** The trainer's settings a task needs. */
    record Settings(int rdd, int localSteps, int batchSize, long seed, long[] sampleShape, String dataType,
                    boolean averageOptimizerState, TaskHook hook) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    RoundTask(Broadcast<byte[]> state, Factory<Module> network, Factory<Loss> loss, Factory<Optimizer> optimizer,
              Settings settings, int round, int partitions, double learningRate) {
        this.state = state;
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        this.settings = settings;
        this.round = round;
        this.partitions = partitions;
        this.learningRate = learningRate;
    }

    @Override
    public Iterator<StateSum> call(Integer partition, Iterator<Example> examples) {
        TaskContext task = TaskContext.get();
        TaskThreads.limit(task == null ? 1 : task.cpus());
        Shard shard = ShardCache.get(new ShardCache.Key(settings.rdd(), partition, settings.sampleShape(), settings.dataType(),
                settings.batchSize(), settings.seed()), () -> Shard.read(partition, examples, settings.sampleShape(),
                DataType.valueOf(settings.dataType()), settings.batchSize(), settings.seed()));
        Module net;
        synchronized (BUILDING) {
            // dropout masks and other draws: seeded per partition and round, the same in every attempt
            Seeds.manualSeed(Seeding.of(settings.seed(), partition, -1 - round));
            net = network.create();
        }
        Optimizer opt = optimizer.create();
        ModelState.apply(ModelState.decode(state.value(), "the state broadcast of round " + round), net, opt);
        opt.setLearningRate(learningRate);
        Optim optim = new Optim(net, loss.create(), opt);
        net.train();
        double lossSum = 0;
        long samples = 0;
        long first = (long) round * settings.localSteps();
        for (int j = 0; j < settings.localSteps(); j++) {
            Batch b = shard.batch(first + j);
            lossSum += optim.step(b.x(), b.y());
            samples += b.size();
        }
        if (settings.hook() != null) {
            settings.hook().afterTraining(round, partition, task == null ? 0 : task.attemptNumber());
        }
        return List.of(StateSum.leaf(partitions, partition,
                ModelState.gather(net, settings.averageOptimizerState() ? opt : null), lossSum,
                settings.localSteps(), samples)).iterator();
    }
}
