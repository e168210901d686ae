package org.nn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.exception.ND4JIllegalStateException;
import org.nn4j.core.Batch;
import org.nn4j.core.Batches;
import org.nn4j.core.Optim;
import org.nn4j.core.Workspaces;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.MeanSquaredError;
import org.nn4j.core.testing.ModuleCase;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;

/**
 * A module that keeps an array of a step in a plain field for the next one: the training step and evaluation say
 * what went wrong and what to do, the kit catches it, and the same module with a {@link org.nn4j.core.Buffer} trains
 * exactly as it does without workspaces.
 */
class StateAcrossStepsTest {

    private static final String GUIDANCE = ": an array created in an earlier step was read in this one (every step reuses"
            + " the memory of the step before, in workspace [%s]). Keep state that must outlive a step in a Buffer"
            + " (return it from Module#buffers), or create it with Workspaces.outside(...) and update it in place.";

    private final INDArray x = TestArrays.uniform(1, DataType.FLOAT, 6, 3);
    private final INDArray y = TestArrays.uniform(2, DataType.FLOAT, 6, 3);

    @Test
    void optimStepSaysThatAnArrayOfAnEarlierStepWasReadAndWhatToDo() {
        Optim optim = new Optim(new InputAverage.Field(3, 5), new MeanSquaredError(), 0.1);
        optim.step(x, y);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> optim.step(x, y));
        assertEquals("Optim.step (step 2)" + GUIDANCE.formatted(Workspaces.STEP), e.getMessage());
        assertInstanceOf(ND4JIllegalStateException.class, e.getCause());
    }

    @Test
    void trainerEvaluateSaysTheSame() {
        Trainer trainer = new Trainer(new InputAverage.Field(3, 5), new MeanSquaredError(), new GradientDescent(0.1))
                .accuracy(false);
        Batches three = () -> List.of(new Batch(x, y), new Batch(x, y), new Batch(x, y)).iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.evaluate(three));
        assertEquals("Trainer.evaluate (batch 2)" + GUIDANCE.formatted(Workspaces.EVALUATION), e.getMessage());
        assertInstanceOf(ND4JIllegalStateException.class, e.getCause());
    }

    @Test
    void theKitCatchesAFieldThatOutlivesItsStepThoughTheGradientsAreRight() {
        ModuleCase c = new ModuleCase("InputAverage.Field(3)", () -> new InputAverage.Field(3, 5),
                new long[] {4, 3}, new long[] {4, 3}, 7);
        GradientCheck.assertGradients(c.factory().get(), c.input(DataType.DOUBLE));
        String expected = "training step 2 of InputAverage.Field(3) input [4, 3] -> [4, 3] (input seed 7)"
                + GUIDANCE.formatted(Workspaces.STEP);
        AssertionError e = assertThrows(AssertionError.class, () -> ModuleContract.keepsStateAcrossSteps(c));
        assertEquals(expected, e.getMessage());
        assertInstanceOf(ND4JIllegalStateException.class, e.getCause());
        assertEquals(expected, assertThrows(AssertionError.class, () -> ModuleContract.assertAll(c)).getMessage());
    }

    /** Training steps never read the field; evaluation after them does, and the kit runs one. */
    @Test
    void theKitCatchesStateOfTrainingReadInEvaluation() {
        ModuleCase c = new ModuleCase("LastBatchMean(3)", () -> new LastBatchMean(3, 5), new long[] {4, 3}, new long[] {4, 3}, 7);
        AssertionError e = assertThrows(AssertionError.class, () -> ModuleContract.keepsStateAcrossSteps(c));
        assertEquals("evaluation after 4 training steps of LastBatchMean(3) input [4, 3] -> [4, 3] (input seed 7)"
                + GUIDANCE.formatted(Workspaces.STEP), e.getMessage());
        assertInstanceOf(ND4JIllegalStateException.class, e.getCause());
    }

    @Test
    void theKitRunsWithWorkspacesOnEvenWhenTheyAreSwitchedOff() {
        ModuleCase c = new ModuleCase("InputAverage.Field(3)", () -> new InputAverage.Field(3, 5),
                new long[] {4, 3}, new long[] {4, 3}, 7);
        Workspaces.setEnabled(false);
        try {
            assertThrows(AssertionError.class, () -> ModuleContract.keepsStateAcrossSteps(c));
            assertEquals(false, Workspaces.isEnabled(), "the kit restores the setting");
        } finally {
            Workspaces.setEnabled(true);
        }
    }

    @Test
    void withABufferTheModulePassesTheKitAndTrainsAsWithoutWorkspaces() {
        ModuleContract.assertAll(new ModuleCase("InputAverage.Buffered(3)", () -> new InputAverage.Buffered(3, 5),
                new long[] {4, 3}, new long[] {4, 3}, 7));

        InputAverage inWorkspaces = new InputAverage.Buffered(3, 5);
        InputAverage withoutWorkspaces = new InputAverage.Buffered(3, 5);
        List<Double> expected = new ArrayList<>();
        Workspaces.setEnabled(false);
        try {
            Optim optim = new Optim(withoutWorkspaces, new MeanSquaredError(), 0.1);
            for (int i = 0; i < 5; i++) {
                expected.add(optim.step(TestArrays.uniform(10 + i, DataType.FLOAT, 6, 3), y));
            }
        } finally {
            Workspaces.setEnabled(true);
        }
        List<Double> losses = new ArrayList<>();
        Optim optim = new Optim(inWorkspaces, new MeanSquaredError(), 0.1);
        for (int i = 0; i < 5; i++) {
            losses.add(optim.step(TestArrays.uniform(10 + i, DataType.FLOAT, 6, 3), y));
        }
        assertEquals(expected, losses);
        assertArrayEquals(withoutWorkspaces.w.value().toFloatVector(), inWorkspaces.w.value().toFloatVector());
        assertArrayEquals(withoutWorkspaces.average().toFloatVector(), inWorkspaces.average().toFloatVector());
        assertEquals(false, inWorkspaces.average().isAttached());
    }
}
