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
 * @param indexType   null for the usual floating-point input, in the module's dtype, with a gradient; for a module whose
 *                    input is integer indices (an embedding, see {@link #indices}), their integer dtype: the input is
 *                    then always made in that dtype, has no gradient, and the properties run as
 *                    {@link ModuleContract} says for such inputs
 */
public record ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape,
                         long inputSeed, InputMaker inputMaker, DataType indexType) {

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
     * A case with a floating-point input from {@code inputMaker}.
     *
     * @param description what the case is, for failure messages
     * @param factory     builds an identical module on every call
     * @param inputShape  the input's shape
     * @param outputShape the output's shape by the module's formula
     * @param inputSeed   the input's seed
     * @param inputMaker  makes the input from a seed, dtype and shape
     */
    public ModuleCase(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape, long inputSeed,
                      InputMaker inputMaker) {
        this(description, factory, inputShape, outputShape, inputSeed, inputMaker, null);
    }

    /**
     * A case whose input is integer indices uniform in {@code [0, bound)} ({@link TestArrays#indices}), of
     * {@code indexType} whatever dtype the module computes in: the case of a module such as an embedding.
     *
     * <pre>{@code
     * ModuleCase.indices("MyEmbedding(10, 4)", () -> new MyEmbedding(10, 4, 42), new long[] {3, 5}, new long[] {3, 5, 4},
     *         7, DataType.LONG, 10)
     * }</pre>
     *
     * @param description what the case is, for failure messages
     * @param factory     builds an identical module on every call
     * @param inputShape  the shape of the indices
     * @param outputShape the output's shape by the module's formula
     * @param inputSeed   the seed of the indices
     * @param indexType   an integer dtype: {@code DataType.INT} or {@code DataType.LONG}
     * @param bound       the indices are below it
     * @return the case
     */
    public static ModuleCase indices(String description, Supplier<Module> factory, long[] inputShape, long[] outputShape,
                                     long inputSeed, DataType indexType, long bound) {
        return new ModuleCase(description, factory, inputShape, outputShape, inputSeed,
                (seed, type, shape) -> TestArrays.indices(seed, type, bound, shape), indexType);
    }

    /**
     * Whether the input is differentiable: true for a floating-point input, false for integer indices.
     *
     * @return {@code indexType() == null}
     */
    public boolean differentiableInput() {
        return indexType == null;
    }

    /**
     * The dtype of the input when the module computes in {@code moduleType}.
     *
     * @param moduleType the module's dtype (its parameters')
     * @return {@code moduleType} itself, or the {@link #indexType()} of integer indices
     */
    public DataType inputType(DataType moduleType) {
        return indexType == null ? moduleType : indexType;
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
     * The case's input for a module computing in {@code dataType} (the same values every call).
     *
     * @param dataType the dtype of the input (for integer indices, the module's dtype, which the indices do not take)
     * @return a new array of {@link #inputShape()} and {@link #inputType inputType(dataType)}
     */
    public INDArray input(DataType dataType) {
        return inputMaker.make(inputSeed, inputType(dataType), inputShape);
    }

    /**
     * The description, the shapes and the seed: {@code MyModule(4, 3) input [5, 4] -> [5, 3] (input seed 7)}, or
     * {@code MyEmbedding(10, 4) input LONG indices [3, 5] -> [3, 5, 4] (input seed 7)}.
     */
    @Override
    public String toString() {
        return description + " input " + (indexType == null ? "" : indexType + " indices ") + Arrays.toString(inputShape)
                + " -> " + Arrays.toString(outputShape) + " (input seed " + inputSeed + ")";
    }
}
