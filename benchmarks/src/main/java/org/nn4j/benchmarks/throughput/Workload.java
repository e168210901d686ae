package org.nn4j.benchmarks.throughput;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training workloads of the throughput benchmark, defined as in
 * {@code benchmarks/peers/pytorch_throughput.py} (the reference): what goes in, what the loss compares
 * against, which optimizer, which batch sizes, and reference peer figures (samples/s measured on a quiet
 * 2-core AVX-512 machine when the workloads were defined; 0 where none was measured). The networks themselves are built by
 * {@link Nn4jModels} and {@link Dl4jModels}.
 */
public enum Workload {
    A("MLP 784-500-500-10, ReLU, CE, SGD", new long[] {784}, false, false,
            new int[] {64, 256}, new int[] {33_600, 57_400}, new int[] {10_600, 16_200}),
    B("USPS MLP 256-128-64-10, TanH, CE, SGD", new long[] {256}, false, false,
            new int[] {100}, new int[] {244_000}, new int[] {48_300}),
    C("CNN 16/32 5x5 same, ReLU, MaxPool 2, Linear 10, CE, Adam", new long[] {1, 28, 28}, false, true,
            new int[] {64, 256}, new int[] {7_300, 7_600}, new int[] {2_160, 2_190}),
    D("CNN2 Conv 32 3x3, Conv 64 3x3, Linear 128, Linear 10, CE, SGD", new long[] {1, 28, 28}, false, false,
            new int[] {64}, new int[] {5_500}, new int[] {1_450}),
    E("Conv1D 1->32 k3, MaxPool1D 2, Linear 4064-100-10, CE, SGD", new long[] {1, 256}, false, false,
            new int[] {20}, new int[] {10_300}, new int[] {2_330}),
    F("Autoencoder 256-128-64-128-256, TanH, Sigmoid, BCE, SGD", new long[] {256}, true, false,
            new int[] {50}, new int[] {72_400}, new int[] {0}),
    G("Conv denoising AE 32-32-32-32-1 3x3 same, Upsample 2, BCE, Adam", new long[] {1, 28, 28}, true, true,
            new int[] {128}, new int[] {2_440}, new int[] {0}),
    H("ResNet, 3 stages x 2 basic blocks, width 16, BatchNorm, global avg pool, CE, SGD", new long[] {1, 28, 28},
            false, false, new int[] {128}, new int[] {0}, new int[] {0}),
    I("Depthwise-separable CNN: Conv 32, 2 x (depthwise 3x3, BN, ReLU, pointwise 1x1, BN, ReLU), avg pool, CE, SGD",
            new long[] {1, 28, 28}, false, false, new int[] {64}, new int[] {0}, new int[] {0}),
    J("Character LSTM: Embedding 96x64, LSTM 2 layers x 256, Linear 96, T 64, CE, Adam", 64, 32),
    K("Character transformer: Embedding 96x128 + positions, 4 x encoder layer (d 128, 4 heads, ff 512, causal, "
            + "pre-norm, GELU), LayerNorm, Linear 96, T 64, CE, Adam", 64, 32);

    /** Characters of the sequence workloads' vocabulary. */
    public static final int VOCABULARY = 96;

    /** Classes of every classifier workload. */
    public static final int CLASSES = 10;
    /** Step sizes, as in the PyTorch peer. */
    public static final double SGD_LEARNING_RATE = 0.01;
    public static final double ADAM_LEARNING_RATE = 1e-3;

    private final String description;
    private final long[] inputShape;
    private final boolean reconstructs;
    private final boolean adam;
    private final int[] batches;
    private final int[] issuePyTorch;
    private final int[] issueDl4j;
    private final boolean sequence;

    /** A character-sequence workload: {@code [N, length]} indices in, next-character targets, Adam. */
    Workload(String description, int length, int batch) {
        this(description, new long[] {length}, false, true, new int[] {batch}, new int[] {0}, new int[] {0}, true);
    }

    Workload(String description, long[] inputShape, boolean reconstructs, boolean adam,
             int[] batches, int[] issuePyTorch, int[] issueDl4j) {
        this(description, inputShape, reconstructs, adam, batches, issuePyTorch, issueDl4j, false);
    }

    Workload(String description, long[] inputShape, boolean reconstructs, boolean adam,
             int[] batches, int[] issuePyTorch, int[] issueDl4j, boolean sequence) {
        this.description = description;
        this.inputShape = inputShape;
        this.reconstructs = reconstructs;
        this.adam = adam;
        this.batches = batches;
        this.issuePyTorch = issuePyTorch;
        this.issueDl4j = issueDl4j;
        this.sequence = sequence;
    }

    public String description() {
        return description;
    }

    /** True for the autoencoders: the target is the input itself, the loss BCE; else 10 classes, CE. */
    public boolean reconstructs() {
        return reconstructs;
    }

    /** Adam 1e-3 when true, plain SGD 0.01 otherwise. */
    public boolean adam() {
        return adam;
    }

    /**
     * {@return whether DL4J's MultiLayerNetwork can express the model (the residual and grouped ones it cannot: they
     * have no DL4J column and stay out of the soak, which runs every framework)}
     */
    public boolean hasDl4jPeer() {
        return ordinal() <= G.ordinal() || this == J;
    }

    /** True for the character models: int32 {@code [N, T]} indices in, {@code [N, T]} next-character indices as targets. */
    public boolean sequence() {
        return sequence;
    }

    /** {@return the batch sizes the model is measured at} */
    public int[] batches() {
        return batches.clone();
    }

    /** The reference PyTorch samples/s for {@code batch}, or 0 when none was measured. */
    public int issuePyTorch(int batch) {
        return issuePyTorch[indexOf(batch)];
    }

    /** The reference DL4J samples/s for {@code batch}, or 0 when none was measured. */
    public int issueDl4j(int batch) {
        return issueDl4j[indexOf(batch)];
    }

    /**
     * An input batch: float32 uniform in [0, 1) (valid BCE targets for the autoencoders too), or for the sequence
     * workloads int32 character indices {@code [batch, T]}.
     */
    public INDArray randomInput(int batch, long seed) {
        if (sequence) {
            return randomIndices(batch, seed);
        }
        long[] shape = LongStream.concat(LongStream.of(batch), Arrays.stream(inputShape)).toArray();
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    /**
     * The targets nn4j's loss takes for input {@code x}: {@code x} itself for the autoencoders, int32 next-character
     * indices {@code [batch, T]} for the sequence workloads, one-hot classes otherwise.
     */
    public INDArray randomTarget(INDArray x, long seed) {
        int batch = (int) x.size(0);
        return reconstructs ? x : sequence ? randomIndices(batch, seed + 1) : randomOneHot(batch, seed);
    }

    private INDArray randomIndices(int batch, long seed) {
        Random random = new Random(seed);
        int[] indices = new int[batch * (int) inputShape[0]];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = random.nextInt(VOCABULARY);
        }
        return Nd4j.createFromArray(indices).reshape(batch, inputShape[0]);
    }

    /** One-hot {@code [batch, 10]} rows of random classes (both nn4j and DL4J take one-hot targets). */
    public static INDArray randomOneHot(int batch, long seed) {
        Random random = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, random.nextInt(CLASSES), 1f);
        }
        return y;
    }

    private int indexOf(int batch) {
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] == batch) {
                return i;
            }
        }
        throw new IllegalArgumentException(name() + ": no batch size " + batch + " in " + Arrays.toString(batches));
    }
}
