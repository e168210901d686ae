package org.nn4j.layers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.Parameter;
import org.nn4j.core.SGD;
import org.nn4j.core.Sequential;
import org.nn4j.core.Workspaces;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.layers.BatchNorm2D;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.CrossEntropyLoss;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/**
 * Training steps run in a reused ND4J workspace ({@link Workspaces}): nothing that outlives a step
 * may live in it. SCOPE_PANIC makes ND4J throw when an op touches an array of an ended step.
 */
class WorkspaceTest {

    @AfterEach
    void restore() {
        Workspaces.setEnabled(true);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    /** Every kind of state: Adam's moments, BatchNorm's running statistics, Dropout's mask. */
    private static Sequential cnn() {
        return new Sequential(new Conv2D(1, 4, 3).reset(11), new BatchNorm2D(4), new ReLU(), new Dropout(0.25, 12),
                new MaxPool2D(2), new Flatten(), new Linear(36, 3, true, 13));
    }

    /** What a run leaves behind, to be compared with and without workspaces. */
    private record Run(List<Double> losses, List<INDArray> predictions, History history, List<INDArray> parameters,
                       List<INDArray> adamState, INDArray evalOutput) {
    }

    private static Run train(boolean workspaces) {
        Workspaces.setEnabled(workspaces);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.SCOPE_PANIC);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 40, 1, 8, 8);
        INDArray y = Nd4j.createFromArray(new Random(6).ints(40, 0, 3).asLongStream().toArray());
        Sequential net = cnn();
        Adam adam = new Adam(1e-2);
        Optim optim = new Optim(net, new CrossEntropyLoss(), adam);
        // Batches of 16, 16 and 8: the step's memory must follow the shape.
        List<Double> losses = SGD.iterate(optim, new DataLoader(x, y, 16, 7), 7);
        List<INDArray> predictions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            predictions.add(optim.stepAndPredict(x, y).prediction());
        }
        History history = new Trainer(net, new CrossEntropyLoss(), adam).progress(Progress.NONE).restoreBest(false)
                .fit(new DataLoader(x, y, 16, 8), new DataLoader(x, y, 32, 9), 3);
        assertFalse(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(Workspaces.EVALUATION), "freed after validation");
        List<INDArray> parameters = new ArrayList<>();
        List<INDArray> adamState = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            parameters.add(p.value().dup());
            adamState.addAll(adam.state(p).values());
        }
        INDArray evalOutput = net.eval().forward(x);
        // A backward after the step ended finds the step's cached arrays gone and recomputes them.
        net.train();
        optim.step(x, y);
        assertArrayEquals(x.shape(), net.backwardDelta(x, Nd4j.onesLike(predictions.get(0))).shape());
        return new Run(losses, predictions, history, parameters, adamState, evalOutput);
    }

    @Test
    void trainingInTheStepWorkspaceGivesExactlyTheResultsOfTrainingWithout() {
        Run with = train(true);
        Run without = train(false);
        assertEquals(without.losses(), with.losses());
        assertEquals(without.predictions(), with.predictions());
        assertEquals(without.history().trainLoss(), with.history().trainLoss());
        assertEquals(without.history().validationLoss(), with.history().validationLoss());
        assertEquals(without.history().trainAccuracy(), with.history().trainAccuracy());
        assertEquals(without.parameters(), with.parameters());
        assertEquals(without.adamState(), with.adamState());
        assertEquals(without.evalOutput(), with.evalOutput(), "running statistics");
    }

    @Test
    void trainingStepsAllocateNoNewMemoryOnceWarm() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 1, 16, 16);
        INDArray y = Nd4j.createFromArray(new Random(3).ints(32, 0, 10).asLongStream().toArray());
        Sequential net = new Sequential(new Conv2D(1, 8, 3).reset(1), new ReLU(), new MaxPool2D(2),
                new Conv2D(8, 16, 3).reset(2), new ReLU(), new MaxPool2D(2), new Flatten(), new Linear(64, 10, true, 3));
        Optim optim = new Optim(net, new CrossEntropyLoss(), new Adam());
        long[] workspace = new long[2];
        long[] offHeap = new long[2];
        for (int step = 1; step <= 1000; step++) {
            optim.step(x, y);
            if (step == 100 || step == 1000) {
                int i = step == 100 ? 0 : 1;
                try (MemoryWorkspace ws = Workspaces.step()) {
                    workspace[i] = ws.getCurrentSize();
                }
                offHeap[i] = offHeapAfterGc();
            }
        }
        assertTrue(workspace[0] > 0, "the steps ran in the workspace");
        assertEquals(workspace[0], workspace[1], "the workspace did not grow");
        // A leak of the step's arrays would be ~1.3 MB per step, 1.2 GB in all. Some growth remains
        // without one: ND4J frees its per-op handles from its deallocator thread, after a GC, and
        // glibc keeps what other threads free in their arenas (measured here: 40-70 MB, flat after ~1000 steps).
        long growth = offHeap[1] - offHeap[0];
        System.out.printf("WorkspaceTest: workspace %d bytes; off-heap resident %d MB at step 100, %d MB at step 1000%n",
                workspace[1], offHeap[0] >> 20, offHeap[1] >> 20);
        assertTrue(growth < 128L << 20, "off-heap memory grew by " + (growth >> 20) + " MB");
    }

    /** Resident memory outside the Java heap. */
    private static long offHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100); // ND4J's deallocator thread frees native memory after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory(); // the Java heap's pages do not count
    }
}
