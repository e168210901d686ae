package org.nn4j.core.testing;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;

/** mean((prediction − target)²) for nn-core's tests (the real MSELoss lives in nn-layers). */
public class MeanSquaredError extends Loss {

    @Override
    public double forward(INDArray target, INDArray prediction) {
        return prediction.squaredDistance(target) / prediction.length();
    }

    @Override
    public INDArray backward(INDArray target, INDArray prediction) {
        return prediction.sub(target).muli(2.0 / prediction.length());
    }
}
