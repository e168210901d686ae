package org.nn4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

/** The exact messages of rejected arguments: PyTorch's sentence where it has one, with the shape or value found. */
class InitErrorsTest {

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static INDArray vector() {
        return Nd4j.create(DataType.DOUBLE, 5);
    }

    @Test
    void fansNeedTwoDimensions() {
        String pytorch = "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, found shape ";
        assertMessage("calculateFanInAndFanOut: " + pytorch + "[5]", () -> Init.calculateFanInAndFanOut(5));
        assertMessage("calculateFanInAndFanOut: " + pytorch + "[]", () -> Init.calculateFanInAndFanOut());
        assertMessage("calculateFanInAndFanOut: " + pytorch + "[5]", () -> Init.calculateFanInAndFanOut(vector()));
        assertMessage("calculateFanInAndFanOut: " + pytorch + "[]", () -> Init.calculateFanInAndFanOut(Nd4j.scalar(1.0)));
        assertMessage("calculateFanInAndFanOut: expected sizes >= 0, found shape [-1, 3]",
                () -> Init.calculateFanInAndFanOut(-1, 3));
        assertMessage("kaimingUniform: " + pytorch + "[5]",
                () -> Init.kaimingUniform(vector(), 0, Mode.FAN_IN, Nonlinearity.RELU, 1));
        assertMessage("kaimingNormal: " + pytorch + "[]",
                () -> Init.kaimingNormal(Nd4j.scalar(1.0), 0, Mode.FAN_IN, Nonlinearity.RELU, 1));
        assertMessage("xavierUniform: " + pytorch + "[5]", () -> Init.xavierUniform(vector(), 1, 1));
        assertMessage("xavierNormal: " + pytorch + "[5]", () -> Init.xavierNormal(vector(), 1, 1));
        // unlike Kaiming, PyTorch's Xavier computes the fans of an empty tensor too
        assertMessage("xavierUniform: " + pytorch + "[0]", () -> Init.xavierUniform(Nd4j.create(DataType.DOUBLE, 0), 1, 1));
        assertMessage("xavierNormal: fan_in + fan_out is 0 for shape [0, 0]",
                () -> Init.xavierNormal(Nd4j.create(DataType.DOUBLE, 0, 0), 1, 1));
    }

    @Test
    void orthogonalNeedsTwoDimensions() {
        assertMessage("orthogonal: Only tensors with 2 or more dimensions are supported, found shape [5]",
                () -> Init.orthogonal(vector(), 1, 1));
        assertMessage("orthogonal: Only tensors with 2 or more dimensions are supported, found shape [0]",
                () -> Init.orthogonal(Nd4j.create(DataType.DOUBLE, 0), 1, 1));
    }

    @Test
    void argumentsMustBeFiniteAndInRange() {
        assertMessage("kaimingUniform: expected a finite a, found NaN",
                () -> Init.kaimingUniform(Double.NaN, Mode.FAN_IN, Nonlinearity.LEAKY_RELU));
        assertMessage("kaimingNormal: expected a finite a, found Infinity",
                () -> Init.kaimingNormal(Nd4j.create(DataType.DOUBLE, 2, 2), Double.POSITIVE_INFINITY, Mode.FAN_IN,
                        Nonlinearity.RELU, 1));
        assertMessage("xavierUniform: expected a finite gain, found -Infinity", () -> Init.xavierUniform(Double.NEGATIVE_INFINITY));
        assertMessage("xavierNormal: expected a finite gain, found NaN", () -> Init.xavierNormal(Double.NaN));
        assertMessage("orthogonal: expected a finite gain, found NaN", () -> Init.orthogonal(Double.NaN));
        assertMessage("uniform: expected low <= high, found low=1.0 > high=0.0", () -> Init.uniform(1, 0));
        assertMessage("uniform: expected finite bounds, found low=NaN, high=1.0",
                () -> Init.uniform(Nd4j.create(DataType.DOUBLE, 3), Double.NaN, 1, 1));
        assertMessage("normal: expected std >= 0, found std=-1.0", () -> Init.normal(0, -1));
        assertMessage("normal: expected a finite mean and std, found mean=Infinity, std=1.0",
                () -> Init.normal(Double.POSITIVE_INFINITY, 1));
        assertMessage("calculateGain: negative_slope NaN not a valid number",
                () -> Init.calculateGain(Nonlinearity.LEAKY_RELU, Double.NaN));
        assertEquals(1, Init.calculateGain(Nonlinearity.RELU, Double.NaN) / Math.sqrt(2), "only LeakyReLU reads the slope");
        assertThrows(NullPointerException.class, () -> Init.kaimingUniform(0, null, Nonlinearity.RELU));
        assertThrows(NullPointerException.class, () -> Init.kaimingUniform(0, Mode.FAN_IN, null));
    }

    @Test
    void randomFillsNeedAFloatingPointTensor() {
        assertMessage("uniform: expected a floating-point tensor, found INT with shape [3, 4]",
                () -> Init.uniform(Nd4j.create(DataType.INT, 3, 4), 0, 1, 1));
        assertMessage("kaimingNormal: expected a floating-point tensor, found LONG with shape [3, 4]",
                () -> Init.kaimingNormal(Nd4j.create(DataType.LONG, 3, 4), 0, Mode.FAN_IN, Nonlinearity.RELU, 1));
        assertMessage("orthogonal: expected a floating-point tensor, found INT with shape [2, 2]",
                () -> Init.orthogonal(Nd4j.create(DataType.INT, 2, 2), 1, 1));
    }

    @Test
    void modesAndNonlinearitiesByPyTorchsNames() {
        assertEquals(Mode.FAN_OUT, Mode.of("fan_out"));
        assertEquals(Mode.FAN_IN, Mode.of("Fan_In"), "PyTorch lower-cases the mode");
        assertMessage("Mode fan_mid not supported, please use one of [fan_in, fan_out]", () -> Mode.of("fan_mid"));
        assertEquals(Nonlinearity.CONV_TRANSPOSE2D, Nonlinearity.of("conv_transpose2d"));
        assertEquals("leaky_relu", Nonlinearity.LEAKY_RELU.toString());
        assertMessage("Unsupported nonlinearity swish, please use one of [linear, conv1d, conv2d, conv3d,"
                + " conv_transpose1d, conv_transpose2d, conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu]",
                () -> Nonlinearity.of("swish"));
    }

    /** A rejected call writes nothing. */
    @Test
    void aRejectedCallLeavesTheTensorAsItWas() {
        INDArray v = TestArrays.uniform(1, DataType.DOUBLE, 7);
        double[] before = TestArrays.values(v);
        assertThrows(IllegalArgumentException.class, () -> Init.kaimingUniform(v, 0, Mode.FAN_IN, Nonlinearity.RELU, 1));
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(v, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(v, 2, 1, 1));
        assertArrayEquals(before, TestArrays.values(v), 0);
    }
}
