package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;
import org.nn4j.kernels.Targets;

/**
 * Mean squared error, PyTorch's {@code MSELoss(reduction='mean')}:
 * {@code L = mean over all elements of (prediction − target)²}.
 */
public class MSELoss extends Loss {

    @Override
    public double forward(INDArray target, INDArray prediction) {
        check(target, prediction);
        return prediction.squaredDistance(target) / prediction.length();
    }

    /** dL/dprediction = 2 (prediction − target) / number of elements. */
    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        check(target, prediction);
        return prediction.sub(target).muli(2.0 / prediction.length());
    }

    private static void check(INDArray target, INDArray prediction) {
        Targets.requireSameShapeAndDtype("MSELoss", target, prediction);
    }
}
