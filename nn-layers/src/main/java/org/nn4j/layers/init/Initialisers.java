package org.nn4j.layers.init;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Parameter;

/**
 * Seeded initialisation, drawn in Java so that CPU and GPU backends start from the same numbers: the modules'
 * defaults. {@link Init} holds the rest of PyTorch's {@code torch.nn.init}.
 */
public final class Initialisers {

    private Initialisers() {
    }

    /**
     * PyTorch's default for Linear and convolutions (kaiming_uniform with a = √5): weight and
     * bias uniform in ±1/√fanIn, the bias drawn from {@code seed + 1}.
     *
     * @param bias may be null (a module without bias)
     * @param weight modified: filled with U(±1/√fanIn) from {@code seed}
     * @param fanIn  the number of inputs per output: in, or in·kH·kW for a convolution
     * @param seed   the same seed gives the same values
     */
    public static void pytorchDefault(Parameter weight, Parameter bias, long fanIn, long seed) {
        double bound = 1 / Math.sqrt(fanIn);
        uniform(weight.value(), -bound, bound, seed);
        if (bias != null) {
            uniform(bias.value(), -bound, bound, seed + 1);
        }
    }

    /**
     * Fills {@code target} (c-order, modified) with U(low, high) from {@code seed}.
     *
     * @param target modified
     * @param low    the lower bound
     * @param high   the upper bound
     * @param seed   the same seed gives the same values
     */
    public static void uniform(INDArray target, double low, double high, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(target.length())];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()).castTo(target.dataType()));
    }
}
