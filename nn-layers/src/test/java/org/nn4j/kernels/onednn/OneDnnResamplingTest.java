package org.nn4j.kernels.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.Upsample2D;

/** Upsample2D's float32 forward pass on oneDNN copies exactly what its float64 path (two broadcasting copies) copies. */
class OneDnnResamplingTest {

    @Test
    void nearestUpsamplingEqualsTheBroadcastCopies() {
        long seed = TestArrays.testSeed("OneDnnResamplingTest");
        qt().withFixedSeed(seed).withExamples(40).withShrinkCycles(0)
                .forAll(integers().between(1, 3), integers().between(1, 3), integers().between(1, 6), integers().between(1, 7))
                .checkAssert((scaleH, scaleW, channels, size) -> {
                    INDArray x = TestArrays.uniform(seed + size, DataType.DOUBLE, 2, channels, size, size + 1);
                    INDArray xf = x.castTo(DataType.FLOAT);
                    assertTrue(OneDnn.canRun(xf));
                    Upsample2D up = new Upsample2D(scaleH, scaleW);
                    assertEquals(up.forward(x).castTo(DataType.FLOAT), up.forward(xf),
                            "scale " + scaleH + "×" + scaleW + ", " + channels + " channels, " + size + "×" + (size + 1));
                });
    }
}
