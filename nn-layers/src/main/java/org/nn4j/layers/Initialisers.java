package org.nn4j.layers;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded initialisation, drawn in Java so that CPU and GPU backends start from the same numbers. */
public final class Initialisers {

    private Initialisers() {
    }

    /**
     * Fills {@code target} (c-order, modified) with U(low, high) from {@code seed}.
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
