package org.nn4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Checks;

/** Checks shared by element-wise modules. */
final class Elementwise {

    private Elementwise() {
    }

    /** The delta of an element-wise module must be shaped like its input. */
    static void requireSameShape(String module, INDArray input, INDArray delta) {
        if (!Arrays.equals(input.shape(), delta.shape())) {
            throw new IllegalArgumentException(module + ": delta must be shaped like the input: input "
                    + Checks.shape(input) + ", delta " + Checks.shape(delta));
        }
    }
}
