package org.nn4j.core.testing;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;

/**
 * One concrete test case of a module: a seeded factory (two calls build identical modules),
 * an input shape, and the output shape the module's formula predicts.
 */
public record ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape,
                         long inputSeed, InputMaker inputMaker) {

    /** Makes the input of a case; the default is uniform in [-1, 1). */
    @FunctionalInterface
    public interface InputMaker {
        INDArray make(long seed, DataType dataType, long[] shape);
    }

    public ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape, long inputSeed) {
        this(description, factory, inputShape, outputShape, inputSeed, TestArrays::uniform);
    }

    public INDArray input(DataType dataType) {
        return inputMaker.make(inputSeed, dataType, inputShape);
    }

    @Override
    public String toString() {
        return description + " input " + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape)
                + " (input seed " + inputSeed + ")";
    }
}
