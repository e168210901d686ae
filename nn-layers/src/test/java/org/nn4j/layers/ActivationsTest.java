package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Defaults, settings and errors of ELU, GELU, Softplus, Hardtanh and PReLU (their maths is in the spec table). */
class ActivationsTest {

    @Test
    void defaultsArePyTorchs() {
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals("GELU(approximate=none)", new GELU().toString());
        assertEquals("Softplus(beta=1.0, threshold=20.0)", new Softplus().toString());
        assertEquals("Hardtanh(minVal=-1.0, maxVal=1.0)", new Hardtanh().toString());
        assertEquals("PReLU(numParameters=1, init=0.25)", new PReLU().toString());
        assertEquals(Nd4j.createFromArray(0.25f), new PReLU().weight().value());
        assertEquals(Nd4j.createFromArray(0.1f, 0.1f, 0.1f), new PReLU(3, 0.1).weight().value());
    }

    @Test
    void settingsAreChecked() {
        assertEquals("ELU: alpha must be finite, found NaN",
                assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN)).getMessage());
        assertEquals("GELU: approximate must be \"none\" or \"tanh\", found \"erf\"",
                assertThrows(IllegalArgumentException.class, () -> new GELU("erf")).getMessage());
        assertEquals("Softplus: beta must be finite and positive and threshold finite, found beta=0.0, threshold=20.0",
                assertThrows(IllegalArgumentException.class, () -> new Softplus(0, 20)).getMessage());
        assertEquals("Hardtanh: expected finite bounds with maxVal > minVal, found minVal=1.0, maxVal=1.0",
                assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, 1)).getMessage());
        assertEquals("PReLU: expected numParameters >= 1 and a finite init, found numParameters=0, init=0.25",
                assertThrows(IllegalArgumentException.class, () -> new PReLU(0, 0.25)).getMessage());
    }

    @Test
    void preluWithOneSlopePerChannelRejectsAnotherChannelCount() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PReLU(3, 0.25).forward(x));
        assertEquals("PReLU: expected 3 channels (one slope each), found 4 (input shape [2, 4, 5], layout [N, C, ...])",
                e.getMessage());
    }

    /** The slope of channel c applies to every element of channel c, of every sample and position. */
    @Test
    void preluAppliesEachChannelsSlopeToItsChannel() {
        PReLU prelu = new PReLU(2, 0.25);
        prelu.weight().set(Nd4j.createFromArray(0.5f, -2f));
        INDArray x = Nd4j.createFromArray(new float[][][] {{{-1, 2}, {-3, 4}}, {{5, -6}, {0, -0.5f}}});
        INDArray expected = Nd4j.createFromArray(new float[][][] {{{-0.5f, 2}, {6, 4}}, {{5, -3}, {0, 1}}});
        assertEquals(expected, prelu.forward(x));
        prelu.backwardUpdateGradient(x, Nd4j.onesLike(x));
        // Σ min(x, 0) per channel: channel 0 holds −1 and −6, channel 1 −3, 0 and −0.5
        assertEquals(Nd4j.createFromArray(-7f, -3.5f), prelu.weight().grad());
    }
}
