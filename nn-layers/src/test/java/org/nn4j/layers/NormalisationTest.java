package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

/** Hand values and argument errors of LayerNorm, GroupNorm and InstanceNorm2D (the spec table holds the rest). */
class NormalisationTest {

    @Test
    void layerNormNormalisesEachSampleOverItsTrailingDimensions() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 6}, {-1, -1, 5}});
        INDArray y = new LayerNorm(3).to(DataType.DOUBLE).forward(x);
        // row 0: mean 3, biased var 14/3; row 1: mean 1, biased var 8
        double s0 = Math.sqrt(14 / 3.0 + 1e-5), s1 = Math.sqrt(8 + 1e-5);
        INDArray expected = Nd4j.createFromArray(new double[][] {{-2 / s0, -1 / s0, 3 / s0}, {-2 / s1, -2 / s1, 4 / s1}});
        assertTrue(expected.equalsWithEps(y, 1e-12), y.toString());
    }

    @Test
    void layerNormRejectsAnInputWhoseTrailingShapeDiffers() {
        LayerNorm ln = new LayerNorm(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ln.forward(TestArrays.uniform(1, DataType.FLOAT, 2, 4, 3)));
        assertEquals("LayerNorm: expected input shape [*, 3, 4] (trailing dimensions equal to normalizedShape [3, 4]), found [2, 4, 3]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ln.forward(TestArrays.uniform(1, DataType.FLOAT, 4)));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
    }

    @Test
    void layerNormHasPyTorchsParameters() {
        LayerNorm ln = new LayerNorm(2, 3);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        assertEquals(Nd4j.ones(DataType.FLOAT, 2, 3), ln.weight().value());
        assertEquals(Nd4j.zeros(DataType.FLOAT, 2, 3), ln.bias().value());
        assertEquals(List.of(), new LayerNorm(new long[] {3}, 1e-5, false).parameters());
        assertEquals("LayerNorm([2, 3])", ln.toString());
    }

    @Test
    void groupNormWithOneChannelPerGroupIsInstanceNormWithItsAffineParameters() {
        INDArray x = TestArrays.uniform(3, DataType.DOUBLE, 2, 3, 2, 3);
        GroupNorm gn = new GroupNorm(3, 3);
        InstanceNorm2D in = new InstanceNorm2D(3, 1e-5, true);
        gn.to(DataType.DOUBLE);
        in.to(DataType.DOUBLE);
        INDArray w = Nd4j.createFromArray(0.5, 2.0, -1.0);
        gn.weight().value().assign(w);
        in.weight().value().assign(w);
        assertTrue(gn.forward(x).equalsWithEps(in.forward(x), 1e-12));
    }

    @Test
    void groupNormRejectsGroupsThatDoNotDivideTheChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6));
        assertEquals("GroupNorm: expected numGroups >= 1 dividing numChannels >= 1 and eps > 0, found numGroups=4, numChannels=6,"
                + " eps=1.0E-5", e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> new GroupNorm(2, 4).forward(TestArrays.uniform(1, DataType.FLOAT, 2, 6, 3)));
        assertEquals("GroupNorm: expected 4 channels, found 6 (input shape [2, 6, 3], layout [N, C, ...])", c.getMessage());
    }

    @Test
    void instanceNormHasNoParametersByDefaultAndNeedsMoreThanOneValuePerChannel() {
        InstanceNorm2D in = new InstanceNorm2D(2);
        assertEquals(List.of(), in.parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> in.forward(TestArrays.uniform(1, DataType.FLOAT, 3, 2, 1, 1)));
        assertEquals("InstanceNorm2D: expected more than 1 value per channel (H·W > 1), found input shape [3, 2, 1, 1]", e.getMessage());
    }
}
