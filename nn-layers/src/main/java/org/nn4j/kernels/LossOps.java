package org.nn4j.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which form the losses compute in, chosen here for all of them. A loss over an {@code [N, C]} batch is a
 * few thousand elements: on the CPU backend one Java loop over host copies ({@link Host}) is cheaper than
 * a dozen ND4J ops, each a JNI call and new objects (measured). On any other backend (CUDA) each of those
 * copies would be a device → host → device transfer every step, so there every loss runs as ND4J ops, on
 * the device; only the scalar loss value, and the scalar min/max of the target checks, come back.
 *
 * <p>CrossEntropyLoss and BCELoss have both forms (both also take their ops form for large arrays on the
 * CPU, from 65,536 prediction elements; CrossEntropyLoss with a weight, an ignored index or label smoothing takes
 * its ops form everywhere);
 * NLLLoss, MSELoss, BCEWithLogitsLoss, L1Loss, SmoothL1Loss, HuberLoss and KLDivLoss have only the ops form.
 * Both forms give the same values, gradients and error messages (LossOpsTest: within 1e-12 in float64).
 */
public final class LossOps {

    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    /** Tests run the ops forms on the CPU by flipping this. */
    static volatile boolean forced;

    private LossOps() {
    }

    /** {@return true when the losses should run as ND4J ops: on every backend but the CPU} */
    public static boolean preferred() {
        return forced || !CPU;
    }

    /**
     * {@code x = max(x, floor)}, in place; NaN stays NaN, as with {@link Math#max} and {@code torch.clamp}
     * (ND4J's scalar max returns the floor for NaN, which would turn a NaN loss into a finite one).
     *
     * @param x modified
     * @param floor the smallest value kept
     * @return {@code x}
     */
    public static INDArray floorInPlace(INDArray x, double floor) {
        return clipInPlace(x, floor, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code x = min(max(x, low), high)}, in place; NaN stays NaN, as with {@code torch.clamp}.
     *
     * @param x modified
     * @param low the smallest value kept
     * @param high the largest value kept
     * @return {@code x}
     */
    public static INDArray clipInPlace(INDArray x, double low, double high) {
        Nd4j.exec(DynamicCustomOp.builder("clipbyvalue").addInputs(x).addOutputs(x)
                .addFloatingPointArguments(low, high).build());
        return x;
    }
}
