package org.nn4j.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The one in-place BLAS update optimizers are built from. */
final class Blas {

    private Blas() {
    }

    /**
     * {@code y += alpha · x}, in place, without a temporary. Both arrays are parameters, gradients
     * or optimizer buffers: same length, c-ordered, never views.
     *
     * @param x not modified
     * @param y modified
     */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
    }
}
