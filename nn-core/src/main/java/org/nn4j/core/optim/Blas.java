package org.nn4j.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/** The one in-place BLAS update optimizers are built from. */
final class Blas {

    /**
     * Above this length OpenBLAS 0.3.19 splits an axpy over its thread pool (a second thread then
     * runs, and spins between calls). Its threads fall asleep between training steps and waking them
     * costs far more than the update, so longer updates take ND4J's own axpy op, which runs on ND4J's
     * threads (one by default, see Nn4jRuntime); up to the limit OpenBLAS runs on the calling thread.
     */
    static final long SINGLE_THREADED_BLAS_MAX = 10_000;

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
        if (y.length() <= SINGLE_THREADED_BLAS_MAX) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
        } else {
            Nd4j.exec(new Axpy(x, y, y, alpha));
        }
    }
}
