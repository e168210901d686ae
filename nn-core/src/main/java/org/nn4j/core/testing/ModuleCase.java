package org.nn4j.core.testing;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;

/**
 * One concrete test case of a module, what every property of {@link ModuleContract} runs on.
 *
 * <pre>{@code
 * new ModuleCase("MyModule(4, 3)", () -> new MyModule(4, 3, 42), new long[] {5, 4}, new long[] {5, 3}, 7)
 * }</pre>
 *
 * @param description what the case is, for failure messages: the module and its settings
 * @param factory     builds the module; every call must build an identical module (fix its seed), in float32
 *                    and in the mode the case is about ({@code train()} by default, or {@code eval()})
 * @param inputShape  the shape of the input, batch first
 * @param outputShape the shape the module's formula predicts for that input (written out independently of
 *                    the module's code, so that {@link ModuleContract#shapesFollowFormula} checks something)
 * @param inputSeed   the seed of the input; properties derive the seeds of deltas and further inputs from it
 * @param inputMaker  makes an input from a seed, dtype and shape; use one of your own for a module that needs
 *                    particular inputs (away from the kink of ReLU at 0, positive for a logarithm)
 */
public record ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape,
                         long inputSeed, InputMaker inputMaker) {

    /** Makes the input of a case; the default is {@link TestArrays#uniform(long, DataType, long...)}, uniform in [-1, 1). */
    @FunctionalInterface
    public interface InputMaker {
        /**
         * An input for the case.
         *
         * @param seed     the seed to draw it from: the same seed gives the same array
         * @param dataType its dtype
         * @param shape    its shape
         * @return a new array
         */
        INDArray make(long seed, DataType dataType, long[] shape);
    }

    /**
     * A case whose input is uniform in [-1, 1).
     *
     * @param description what the case is, for failure messages
     * @param factory     builds an identical module on every call
     * @param inputShape  the input's shape
     * @param outputShape the output's shape by the module's formula
     * @param inputSeed   the input's seed
     */
    public ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape, long inputSeed) {
        this(description, factory, inputShape, outputShape, inputSeed, TestArrays::uniform);
    }

    /**
     * The case's input in {@code dataType} (the same values every call).
     *
     * @param dataType the dtype of the input
     * @return a new array of {@link #inputShape()}
     */
    public INDArray input(DataType dataType) {
        return inputMaker.make(inputSeed, dataType, inputShape);
    }

    /** The description, the shapes and the seed: {@code MyModule(4, 3) input [5, 4] -> [5, 3] (input seed 7)}. */
    @Override
    public String toString() {
        return description + " input " + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape)
                + " (input seed " + inputSeed + ")";
    }
}
