package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

/** Table, TableModule, ConcatTable, ParallelTable, CAddTable, JoinTable and Sequential passing tables. */
class TableModulesTest {

    private static INDArray x(long seed, long... shape) {
        return TestArrays.uniform(seed, DataType.FLOAT, shape);
    }

    @Test
    void aTableHoldsItsArraysThemselvesInOrderAndPrintsTheirShapes() {
        INDArray a = x(1, 4, 3);
        INDArray b = x(2, 4, 5);
        Table t = Table.of(a, b);
        assertEquals(2, t.size());
        assertSame(a, t.get(0));
        assertSame(b, t.get(1));
        assertEquals(List.of(a, b), t.list());
        assertEquals(Table.of(a, b), t);
        assertEquals(Table.of(a, b).hashCode(), t.hashCode());
        assertNotEquals(Table.of(a.dup(), b), t);
        assertNotEquals(Table.of(b, a), t);
        assertEquals(t, Table.of(List.of(a, b)));
        assertEquals("Table([4, 3], [4, 5])", t.toString());
        assertThrows(UnsupportedOperationException.class, () -> t.list().add(a));
        assertThrows(NullPointerException.class, () -> Table.of(a, null));
    }

    @Test
    void branchesSummedOrJoinedInASequentialPassTheGradientCheck() {
        INDArray in = TestArrays.uniform(3, DataType.DOUBLE, 5, 3);
        GradientCheck.assertGradients(new Sequential(new ConcatTable(new Scale(3, 1), new Scale(3, 2)), new CAddTable()), in);
        GradientCheck.assertGradients(new Sequential(new ConcatTable(new Scale(3, 1), new Identity(), new Scale(3, 5)),
                new JoinTable(-1)), in);
        GradientCheck.assertGradients(new Sequential(new Scale(3, 7), new ConcatTable(new Scale(3, 1), new Identity()),
                new ParallelTable(new Scale(3, 2), new Sequential(new Scale(3, 3), new Scale(3, 4))), new JoinTable(0),
                new Scale(3, 9)), in);
    }

    @Test
    void concatTableGivesEveryBranchTheInputAndSumsTheirInputDeltas() {
        Scale a = new Scale(3, 1);
        Scale b = new Scale(3, 2);
        ConcatTable c = new ConcatTable(a, b);
        INDArray in = x(3, 4, 3);
        Table y = c.forward(Table.of(in));
        assertEquals(2, y.size());
        assertEquals(a.forward(in), y.get(0));
        assertEquals(b.forward(in), y.get(1));
        Table delta = Table.of(x(4, 4, 3), x(5, 4, 3));
        Table d = c.backwardDelta(Table.of(in), delta);
        assertEquals(1, d.size());
        assertTrue(a.backwardDelta(in, delta.get(0)).add(b.backwardDelta(in, delta.get(1))).equalsWithEps(d.get(0), 1e-6));
    }

    @Test
    void parallelTableAppliesTheIthBranchToTheIthArray() {
        Scale a = new Scale(3, 1);
        Scale b = new Scale(2, 2);
        ParallelTable p = new ParallelTable(a, b);
        Table in = Table.of(x(3, 4, 3), x(4, 4, 2));
        Table y = p.forward(in);
        assertEquals(a.forward(in.get(0)), y.get(0));
        assertEquals(b.forward(in.get(1)), y.get(1));
        Table delta = Table.of(x(5, 4, 3), x(6, 4, 2));
        Table d = p.backwardDelta(in, delta);
        assertEquals(a.backwardDelta(in.get(0), delta.get(0)), d.get(0));
        assertEquals(b.backwardDelta(in.get(1), delta.get(1)), d.get(1));
        p.backwardUpdateGradient(in, delta);
        Scale a2 = new Scale(3, 1);
        a2.backwardUpdateGradient(in.get(0), delta.get(0));
        assertEquals(a2.parameters().get(0).grad(), a.parameters().get(0).grad());
    }

    @Test
    void cAddTableSumsAndGivesEveryInputACopyOfDelta() {
        INDArray a = x(1, 4, 3);
        INDArray b = x(2, 4, 3);
        INDArray c = x(3, 4, 3);
        CAddTable add = new CAddTable();
        assertTrue(a.add(b).addi(c).equalsWithEps(add.forward(Table.of(a, b, c)).get(0), 1e-6));
        INDArray delta = x(4, 4, 3);
        Table d = add.backwardDelta(Table.of(a, b, c), Table.of(delta));
        assertEquals(3, d.size());
        for (INDArray di : d.list()) {
            assertEquals(delta, di);
            assertNotSame(delta, di);
        }
        assertNotSame(d.get(0), d.get(1));
        // a tensor is a table of one array
        INDArray copy = add.forward(a);
        assertEquals(a, copy);
        assertNotSame(a, copy);
    }

    @Test
    void cAddTableRejectsArraysOfDifferentShapesOrDtypesNamingThem() {
        CAddTable add = new CAddTable();
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> add.forward(Table.of(x(1, 4, 3), x(2, 4, 2))));
        assertEquals("CAddTable: array 1 has shape [4, 2] but array 0 has [4, 3]: the arrays summed must have one shape"
                + " (input Table([4, 3], [4, 2]))", shape.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> add.forward(Table.of(x(1, 4, 3), TestArrays.uniform(2, DataType.DOUBLE, 4, 3))));
        assertEquals("CAddTable: array 1 is DOUBLE but array 0 is FLOAT: the arrays summed must have one dtype", type.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> add.forward(Table.of()));
        assertEquals("CAddTable: expected a table of at least one array, found none", none.getMessage());
        IllegalArgumentException delta = assertThrows(IllegalArgumentException.class,
                () -> add.backwardDelta(Table.of(x(1, 4, 3), x(2, 4, 3)), Table.of(x(3, 4, 4))));
        assertEquals("CAddTable: delta must be shaped like the output [4, 3] of input Table([4, 3], [4, 3]), found [4, 4]",
                delta.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> add.backwardDelta(Table.of(x(1, 4, 3), x(2, 4, 3)), Table.of(x(3, 4, 3), x(4, 4, 3))));
        assertEquals("CAddTable: delta must be a table of one array, shaped like the output [4, 3], found 2 arrays"
                + " Table([4, 3], [4, 3])", two.getMessage());
    }

    @Test
    void joinTableConcatenatesAlongDimCountedFromZeroOrFromTheEnd() {
        INDArray a = x(1, 2, 3, 4);
        INDArray b = x(2, 2, 1, 4);
        for (int dim : new int[] {1, -2}) {
            JoinTable join = new JoinTable(dim);
            INDArray y = join.forward(Table.of(a, b)).get(0);
            assertArrayEquals(new long[] {2, 4, 4}, y.shape());
            assertEquals(a, y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all()));
            assertEquals(b, y.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 4), NDArrayIndex.all()));
            INDArray delta = x(3, 2, 4, 4);
            Table d = join.backwardDelta(Table.of(a, b), Table.of(delta));
            assertEquals(delta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all()), d.get(0));
            assertEquals(delta.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 4), NDArrayIndex.all()), d.get(1));
        }
        assertEquals("JoinTable(dim=1)", new JoinTable(1).toString());
    }

    @Test
    void joinTableRejectsADimOutOfRangeAndArraysThatDisagreeOffTheJoinedAxis() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new JoinTable(2).forward(Table.of(x(1, 4, 3), x(2, 4, 3))));
        assertEquals("JoinTable: dim 2 is out of range for arrays of rank 2 (expected -2 to 1; input Table([4, 3], [4, 3]))",
                range.getMessage());
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                () -> new JoinTable(1).forward(Table.of(x(1, 4, 3), x(2, 5, 2))));
        assertEquals("JoinTable: array 1's shape [5, 2] does not fit array 0's [4, 3]: arrays must agree on every axis but"
                + " dim 1 (input Table([4, 3], [5, 2]))", fit.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new JoinTable(0).forward(Table.of(x(1, 4, 3), x(2, 4, 3, 1))));
        assertEquals("JoinTable: array 1's shape [4, 3, 1] does not fit array 0's [4, 3]: arrays must agree on every axis but"
                + " dim 0 (input Table([4, 3], [4, 3, 1]))", rank.getMessage());
        IllegalArgumentException delta = assertThrows(IllegalArgumentException.class,
                () -> new JoinTable(1).backwardDelta(Table.of(x(1, 4, 3), x(2, 4, 2)), Table.of(TestArrays.uniform(3,
                        DataType.DOUBLE, 4, 5))));
        assertEquals("JoinTable: delta is DOUBLE but input is FLOAT; backward takes dL/doutput in the dtype of the input"
                + " (cast it with castTo(DataType.FLOAT))", delta.getMessage());
    }

    @Test
    void aTableModuleUsedAsAModuleMustOutputOneArray() {
        ConcatTable c = new ConcatTable(new Scale(3, 1), new Scale(3, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.forward(x(1, 4, 3)));
        assertEquals("ConcatTable outputs a table of 2 arrays; follow it with CAddTable or JoinTable inside a Sequential",
                e.getMessage());
        IllegalArgumentException delta = assertThrows(IllegalArgumentException.class, () -> c.backwardDelta(x(1, 4, 3), x(2, 4, 3)));
        assertEquals("ConcatTable: delta must be a table of 2 arrays, one per branch, found 1 array Table([4, 3]) (input [4, 3]); a"
                + " ConcatTable outputs a table: follow it with CAddTable or JoinTable inside a Sequential", delta.getMessage());
        // a ConcatTable of one branch is a module of one array
        Scale s = new Scale(3, 1);
        INDArray in = x(1, 4, 3);
        assertEquals(new Scale(3, 1).forward(in), new ConcatTable(s).forward(in));
    }

    @Test
    void tableContainersRejectTablesOfTheWrongSizeAndDeltasOfTheWrongShapeBeforeAnyGradientChanges() {
        ConcatTable c = new ConcatTable(new Scale(3, 1), new Scale(3, 2));
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> c.forward(Table.of(x(1, 4, 3), x(2, 4, 3))));
        assertEquals("ConcatTable: expected a table of one array, which every branch takes, found 2 arrays Table([4, 3], [4, 3])",
                two.getMessage());
        INDArray in = x(1, 4, 3);
        c.forward(Table.of(in));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> c.backwardUpdateGradient(Table.of(in), Table.of(x(2, 4, 3), x(3, 4, 2))));
        assertEquals("ConcatTable (branch 1): delta must be shaped like the output [4, 3] of input [4, 3], found [4, 2]",
                shape.getMessage());
        ParallelTable p = new ParallelTable(new Scale(3, 1), new Scale(2, 2));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> p.forward(x(1, 4, 3)));
        assertEquals("ParallelTable: expected a table of 2 arrays, one per branch, found 1 array Table([4, 3])", one.getMessage());
        Table pin = Table.of(x(1, 4, 3), x(2, 4, 2));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> p.backwardDelta(pin, Table.of(x(3, 4, 3))));
        assertEquals("ParallelTable: expected a delta table of 2 arrays, one per branch, found 1 array Table([4, 3])",
                size.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> p.backward(pin, Table.of(x(3, 4, 3), x(4, 4, 3)), false));
        assertEquals("ParallelTable (branch 1): delta must be shaped like the output [4, 2] of input [4, 2], found [4, 3]",
                wrong.getMessage());
        for (Module m : List.of(c, p)) {
            for (Parameter q : m.parameters()) {
                assertEquals(0.0, q.grad().amaxNumber().doubleValue(), q.name());
            }
        }
        Scale shared = new Scale(3, 1);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new ParallelTable(shared, shared));
        assertTrue(twice.getMessage().startsWith("ParallelTable: branches 0 and 1 are the same module "), twice.getMessage());
        assertEquals("ConcatTable: expected at least one branch, found none",
                assertThrows(IllegalArgumentException.class, ConcatTable::new).getMessage());
    }

    @Test
    void sequentialNamesBothModulesWhenATableReachesAModuleOfOneArray() {
        Sequential net = new Sequential(new ConcatTable(new Scale(3, 1), new Scale(3, 2)), new Scale(3, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.forward(x(1, 4, 3)));
        assertEquals("Sequential: module 1 (Scale) takes one array, but module 0 (ConcatTable) outputs a table of 2 arrays"
                + " Table([4, 3], [4, 3]); put CAddTable or JoinTable between them, or a ParallelTable to apply a module to each"
                + " array", e.getMessage());
        Sequential open = new Sequential(new Scale(3, 3), new ConcatTable(new Scale(3, 1), new Scale(3, 2)));
        IllegalStateException last = assertThrows(IllegalStateException.class, () -> open.forward(x(1, 4, 3)));
        assertEquals("Sequential: its last module 1 (ConcatTable) outputs a table of 2 arrays Table([4, 3], [4, 3]), but a"
                + " Sequential outputs one array; follow it with CAddTable or JoinTable", last.getMessage());
        // a table of one array is an array to the next module
        Sequential one = new Sequential(new ConcatTable(new Scale(3, 1)), new Scale(3, 3), new CAddTable(), new Scale(3, 4));
        assertArrayEquals(new long[] {4, 3}, one.forward(x(1, 4, 3)).shape());
    }

    @Test
    void sequentialOfTableModulesComputesNoInputDeltaForItsFirstModuleAndTheSameGradients() {
        Sequential a = new Sequential(new ConcatTable(new Scale(3, 1), new Scale(3, 2)), new CAddTable());
        Sequential b = new Sequential(new ConcatTable(new Scale(3, 1), new Scale(3, 2)), new CAddTable());
        INDArray in = x(5, 4, 3);
        INDArray d = x(6, 4, 3);
        a.forward(in);
        assertNull(a.backward(in, d, false));
        b.forward(in);
        b.backwardUpdateGradient(in, d);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(b.parameters().get(i).grad(), a.parameters().get(i).grad());
        }
        INDArray full = a.backward(in, d, true);
        assertTrue(b.backwardDelta(in, d).equalsWithEps(full, 1e-6));
        // dL/dinput of y = (x ⊙ w1 + b1) + (x ⊙ w2 + b2) is δ ⊙ (w1 + w2)
        INDArray w = a.parameters().get(0).value().add(a.parameters().get(2).value());
        assertTrue(d.mul(w.reshape(1, 3)).equalsWithEps(full, 1e-6));
    }

    @Test
    void namesModesDtypesFreezingAndPrintingReachEveryBranch() {
        Sequential net = new Sequential(new ConcatTable(new Scale(3, 1), new Sequential(new Scale(3, 2))),
                new ParallelTable(new Scale(3, 3), new Identity()), new JoinTable(1));
        assertEquals(List.of("0.0.w", "0.0.b", "0.1.0.w", "0.1.0.b", "1.0.w", "1.0.b"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.copyOf(net.namedParameters().values()), net.parameters());
        net.eval();
        ConcatTable c = (ConcatTable) net.get(0);
        ParallelTable p = (ParallelTable) net.get(1);
        for (Module m : List.of(c, p, c.branches().get(0), c.branches().get(1), ((Sequential) c.branches().get(1)).get(0),
                p.branches().get(1))) {
            assertFalse(m.isTraining(), m.toString());
        }
        net.train();
        assertTrue(p.branches().get(0).isTraining());
        net.to(DataType.DOUBLE);
        net.parameters().forEach(q -> assertEquals(DataType.DOUBLE, q.value().dataType(), q.name()));
        p.freeze();
        assertTrue(p.parameters().stream().allMatch(Parameter::isFrozen));
        assertTrue(c.parameters().stream().noneMatch(Parameter::isFrozen));
        p.unfreeze();
        assertTrue(p.parameters().stream().noneMatch(Parameter::isFrozen));
        assertEquals("Sequential(\n"
                + "  (0): ConcatTable(\n"
                + "    (0): Scale()\n"
                + "    (1): Sequential(\n"
                + "      (0): Scale()\n"
                + "    )\n"
                + "  )\n"
                + "  (1): ParallelTable(\n"
                + "    (0): Scale()\n"
                + "    (1): Identity()\n"
                + "  )\n"
                + "  (2): JoinTable(dim=1)\n"
                + ")", net.toString());
    }

    @Test
    void anEmptyBatchGivesEmptyOutputsAndDeltas() {
        Sequential net = new Sequential(new ConcatTable(new Identity(), new Identity()),
                new ParallelTable(new Identity(), new Identity()), new JoinTable(1),
                new ConcatTable(new Identity(), new Identity()), new CAddTable());
        INDArray empty = Nd4j.create(DataType.FLOAT, 0, 3);
        INDArray y = net.forward(empty);
        assertArrayEquals(new long[] {0, 6}, y.shape());
        INDArray d = net.backward(empty, Nd4j.create(DataType.FLOAT, 0, 6), true);
        assertArrayEquals(new long[] {0, 3}, d.shape());
        assertEquals(DataType.FLOAT, d.dataType());
    }

    @Test
    void concurrentEvalForwardsOnASharedNetworkOfTablesAgreeWithOneThread() throws Exception {
        Module net = new Sequential(new ConcatTable(new Scale(4, 1), new Identity()),
                new ParallelTable(new Scale(4, 2), new Scale(4, 3)), new JoinTable(1)).eval();
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            INDArray in = x(n, n, 4);
            inputs.add(in);
            expected.add(net.forward(in));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        int k = round % inputs.size();
                        assertEquals(expected.get(k), net.forward(inputs.get(k)));
                    }
                    return 50;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(50, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
