package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.CAddTable;
import org.nn4j.core.Concat;
import org.nn4j.core.ConcatTable;
import org.nn4j.core.Identity;
import org.nn4j.core.JoinTable;
import org.nn4j.core.Module;
import org.nn4j.core.ParallelTable;
import org.nn4j.core.Parameter;
import org.nn4j.core.Residual;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;

/** Residual, Concat, Identity and the table containers: names, modes, printing, errors, threads. */
class ContainersTest {

    private static Residual downsamplingBlock() {
        return new Residual(new Sequential(new Conv2D(2, 3, 3, 2, 1), new BatchNorm2D(3)),
                new Sequential(new Conv2D(2, 3, 1, 2, 0), new BatchNorm2D(3)));
    }

    @Test
    void residualNamesItsStateByBlockAndShortcutAsAPyTorchModuleWithThoseAttributes() {
        Residual r = downsamplingBlock();
        assertEquals(List.of("block.0.weight", "block.0.bias", "block.1.weight", "block.1.bias",
                "shortcut.0.weight", "shortcut.0.bias", "shortcut.1.weight", "shortcut.1.bias"), List.copyOf(r.namedParameters().keySet()));
        assertEquals(List.of("block.1.running_mean", "block.1.running_var", "block.1.num_batches_tracked",
                "shortcut.1.running_mean", "shortcut.1.running_var", "shortcut.1.num_batches_tracked"),
                List.copyOf(r.namedBuffers().keySet()));
        assertEquals(List.copyOf(r.namedParameters().values()), r.parameters());
        assertEquals(List.copyOf(r.namedBuffers().values()), r.buffers());
        Sequential net = new Sequential(new Residual(new Linear(3, 3)), new Concat(1, new Linear(3, 2), new Sequential(new Linear(3, 1))));
        assertEquals(List.of("0.block.weight", "0.block.bias", "1.0.weight", "1.0.bias", "1.1.0.weight", "1.1.0.bias"),
                List.copyOf(net.namedParameters().keySet()));
    }

    @Test
    void modesDtypesAndFreezingReachEveryChild() {
        Residual r = downsamplingBlock();
        Concat c = new Concat(1, r, new Sequential(new Dropout(0.5, 1)));
        Sequential net = new Sequential(c);
        net.eval();
        for (Module m : List.of(c, r, r.block(), r.shortcut(), ((Sequential) r.block()).get(1), c.branches().get(1),
                ((Sequential) c.branches().get(1)).get(0))) {
            assertFalse(m.isTraining(), m.toString());
        }
        net.train();
        assertTrue(((Sequential) r.shortcut()).get(1).isTraining());
        net.to(DataType.DOUBLE);
        net.parameters().forEach(p -> assertEquals(DataType.DOUBLE, p.value().dataType(), p.name()));
        net.buffers().stream().filter(b -> b.value().dataType().isFPType())
                .forEach(b -> assertEquals(DataType.DOUBLE, b.value().dataType(), b.name()));
        r.freeze();
        assertTrue(r.parameters().stream().allMatch(Parameter::isFrozen));
        r.unfreeze();
        assertTrue(r.parameters().stream().noneMatch(Parameter::isFrozen));
    }

    @Test
    void printsNestedLikeSequential() {
        Module net = new Sequential(new Residual(new Sequential(new Linear(4, 4), new ReLU())),
                new Concat(1, new Identity(), new Linear(4, 2)));
        assertEquals("Sequential(\n"
                + "  (0): Residual(\n"
                + "    (block): Sequential(\n"
                + "      (0): Linear(in=4, out=4)\n"
                + "      (1): ReLU()\n"
                + "    )\n"
                + "    (shortcut): Identity()\n"
                + "  )\n"
                + "  (1): Concat(\n"
                + "    dim=1\n"
                + "    (0): Identity()\n"
                + "    (1): Linear(in=4, out=2)\n"
                + "  )\n"
                + ")", net.toString());
    }

    @Test
    void residualRejectsABlockAndShortcutOfDifferentShapesNamingBoth() {
        Residual r = new Residual(new Conv2D(2, 3, 3, 2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.forward(TestArrays.uniform(1, DataType.FLOAT, 2, 2, 5, 5)));
        assertEquals("Residual: the block's output [2, 3, 3, 3] and the shortcut's [2, 2, 5, 5] differ in shape for input"
                + " [2, 2, 5, 5]; give the shortcut a projection to the block's output shape (a 1×1 convolution with the"
                + " block's stride, say)", e.getMessage());
        Linear shared = new Linear(2, 2);
        assertThrows(IllegalArgumentException.class, () -> new Residual(shared, shared));
    }

    @Test
    void concatRejectsBranchesThatDisagreeOffTheJoinedAxisNamingTheBranchAndBothShapes() {
        Concat c = new Concat(1, new Conv2D(2, 3, 3, 1, 1), new Conv2D(2, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.forward(TestArrays.uniform(1, DataType.FLOAT, 2, 2, 5, 6)));
        assertEquals("Concat: branch 1's output [2, 4, 3, 4] does not fit branch 0's [2, 3, 5, 6]: outputs must agree on every"
                + " axis but dim 1 (input [2, 2, 5, 6])", e.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new Concat(4, new Identity()).forward(TestArrays.uniform(1, DataType.FLOAT, 2, 3)));
        assertEquals("Concat: dim 4 is out of range for branch outputs of rank 2 (expected -2 to 1; input [2, 3])", range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Concat(1));
    }

    @Test
    void concatJoinsTheBranchesInOrderAndSplitsDeltaBackTheSameWay() {
        Linear a = new Linear(3, 2);
        Linear b = new Linear(3, 4);
        Concat c = new Concat(-1, a, b);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 5, 3);
        INDArray y = c.forward(x);
        assertEquals(a.forward(x), y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)));
        assertEquals(b.forward(x), y.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6)));
        INDArray delta = TestArrays.uniform(2, DataType.FLOAT, 5, 6);
        INDArray expected = a.backwardDelta(x, delta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)))
                .add(b.backwardDelta(x, delta.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6))));
        assertTrue(expected.equalsWithEps(c.backwardDelta(x, delta), 1e-6));
    }

    @Test
    void theFirstModuleComputesNoInputDelta() {
        Sequential net = new Sequential(new Residual(new Linear(3, 3)), new Concat(1, new Linear(3, 2), new Linear(3, 1)));
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 4, 3);
        INDArray y = net.forward(x);
        assertNull(net.backward(x, y, false));
        assertNull(net.get(0).backward(x, TestArrays.uniform(2, DataType.FLOAT, 4, 3), false));
        assertArrayEquals(new long[] {4, 3}, net.backward(x, y, true).shape());
    }

    @Test
    void backwardAfterAForwardOfAnotherShapeChecksDeltaAgainstItsOwnInput() {
        Concat c = new Concat(1, new Linear(3, 2), new Linear(3, 1));
        c.forward(TestArrays.uniform(1, DataType.FLOAT, 4, 3));
        INDArray x = TestArrays.uniform(2, DataType.FLOAT, 7, 3);
        assertArrayEquals(new long[] {7, 3}, c.backwardDelta(x, TestArrays.uniform(3, DataType.FLOAT, 7, 3)).shape());
    }

    @Test
    void tableContainersComputeWhatResidualAndConcatCompute() {
        INDArray x = TestArrays.uniform(1, DataType.DOUBLE, 4, 3);
        INDArray delta = TestArrays.uniform(2, DataType.DOUBLE, 4, 3);
        Module residual = new Residual(new Linear(3, 3, true, 7)).to(DataType.DOUBLE);
        Module tables = new Sequential(new ConcatTable(new Linear(3, 3, true, 7), new Identity()), new CAddTable()).to(DataType.DOUBLE);
        assertSamePasses(residual, tables, x, delta);
        INDArray image = TestArrays.uniform(3, DataType.DOUBLE, 2, 2, 4, 5);
        Module concat = new Concat(1, new Conv2D(2, 3, 3, 1, 1).reset(1), new Conv2D(2, 1, 1).reset(2)).to(DataType.DOUBLE);
        Module joined = new Sequential(new ConcatTable(new Conv2D(2, 3, 3, 1, 1).reset(1), new Conv2D(2, 1, 1).reset(2)),
                new JoinTable(1)).to(DataType.DOUBLE);
        assertSamePasses(concat, joined, image, TestArrays.uniform(4, DataType.DOUBLE, 2, 4, 4, 5));
    }

    private static void assertSamePasses(Module expected, Module actual, INDArray x, INDArray delta) {
        assertTrue(expected.forward(x).equalsWithEps(actual.forward(x), 1e-12));
        assertTrue(expected.backward(x, delta, true).equalsWithEps(actual.backward(x, delta, true), 1e-12));
        for (int i = 0; i < expected.parameters().size(); i++) {
            assertTrue(expected.parameters().get(i).grad().equalsWithEps(actual.parameters().get(i).grad(), 1e-12));
        }
    }

    @Test
    void tableContainersNameTheirStateAsAPyTorchSequentialOfModuleLists() {
        Sequential net = new Sequential(new ConcatTable(new Sequential(new Conv2D(2, 2, 3, 1, 1), new BatchNorm2D(2)), new Identity()),
                new ParallelTable(new Conv2D(2, 1, 1), new BatchNorm2D(2)), new JoinTable(1));
        assertEquals(List.of("0.0.0.weight", "0.0.0.bias", "0.0.1.weight", "0.0.1.bias", "1.0.weight", "1.0.bias", "1.1.weight",
                "1.1.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("0.0.1.running_mean", "0.0.1.running_var", "0.0.1.num_batches_tracked", "1.1.running_mean",
                "1.1.running_var", "1.1.num_batches_tracked"), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(List.copyOf(net.namedBuffers().values()), net.buffers());
        assertArrayEquals(new long[] {2, 3, 4, 5}, net.forward(TestArrays.uniform(1, DataType.FLOAT, 2, 2, 4, 5)).shape());
        assertEquals("Sequential(\n"
                + "  (0): ConcatTable(\n"
                + "    (0): Sequential(\n"
                + "      (0): " + new Conv2D(2, 2, 3, 1, 1) + "\n"
                + "      (1): " + new BatchNorm2D(2) + "\n"
                + "    )\n"
                + "    (1): Identity()\n"
                + "  )\n"
                + "  (1): ParallelTable(\n"
                + "    (0): " + new Conv2D(2, 1, 1) + "\n"
                + "    (1): " + new BatchNorm2D(2) + "\n"
                + "  )\n"
                + "  (2): JoinTable(dim=1)\n"
                + ")", net.toString());
    }

    @Test
    void aNetworkWhoseTableIsNotMadeOneArrayAgainSaysWhatToAdd() {
        Sequential net = new Sequential(new Linear(3, 4), new ConcatTable(new Linear(4, 2), new Linear(4, 2)), new ReLU());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.forward(TestArrays.uniform(1, DataType.FLOAT, 5, 3)));
        assertEquals("Sequential: module 2 (ReLU) takes one array, but module 1 (ConcatTable) outputs a table of 2 arrays"
                + " Table([5, 2], [5, 2]); put CAddTable or JoinTable between them, or a ParallelTable to apply a module to each"
                + " array", e.getMessage());
    }

    /** As Module's javadoc promises: eval-mode forwards of one shared model from several threads agree with one thread. */
    @Test
    void concurrentEvalForwardsOnSharedContainersAgreeWithOneThread() throws Exception {
        Module net = new Sequential(downsamplingBlock(), new Concat(1, new Identity(), new Conv2D(3, 2, 3, 1, 1))).eval();
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            INDArray x = TestArrays.uniform(n, DataType.FLOAT, n, 2, 5 + n % 3, 6);
            inputs.add(x);
            expected.add(net.forward(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        int k = round % inputs.size();
                        assertEquals(expected.get(k), net.forward(inputs.get(k)));
                    }
                    return 40;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(40, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
