package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Mean absolute error, PyTorch's {@code L1Loss}: {@code L = mean over all elements of |prediction − target|}
 * (the default, {@link Reduction#MEAN}), or the sum ({@link Reduction#SUM}). Prediction and target have the same
 * (any) shape and dtype. At prediction = target the gradient is 0, PyTorch's {@code sign(0)}.
 */
public class L1Loss extends Loss {

    private final Reduction reduction;

    /** The mean over all elements, like PyTorch's {@code nn.L1Loss()}. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /**
     * @param reduction {@link Reduction#MEAN} or {@link Reduction#SUM}
     * @throws IllegalArgumentException for {@link Reduction#BATCH_MEAN} or null
     */
    public L1Loss(Reduction reduction) {
        this.reduction = Reduction.elementwise("L1Loss", reduction);
    }

    /** @return how the absolute errors are reduced */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * @param target     not modified
     * @param prediction not modified
     */
    @Override
    public double forward(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("L1Loss", target, prediction);
        return Transforms.abs(prediction.sub(target), false).sumNumber().doubleValue() / reduction.divisor(prediction);
    }

    /** dL/dprediction = sign(prediction − target) / divisor (numel for MEAN, 1 for SUM), a new array. Arguments not modified. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("L1Loss", target, prediction);
        return Transforms.sign(prediction.sub(target), false).divi(reduction.divisor(prediction));
    }

    @Override
    public String toString() {
        return "L1Loss(reduction=" + reduction + ")";
    }
}
