package org.nn4j.layers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.NonFiniteLossException;
import org.nn4j.core.Optim;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.ReLU;

/** A step that is rejected (NaN loss, or an error in forward) leaves every piece of model state as it was. */
class RejectedStepTest {

    private static Sequential net() {
        return new Sequential(new Linear(3, 4, true, 1), new BatchNorm1D(4), new ReLU(), new Linear(4, 1, true, 2));
    }

    @Test
    void aNanBatchLeavesParametersBuffersAndOptimizerStateUnchanged() {
        Sequential net = net();
        Adam adam = new Adam(1e-2);
        Optim optim = new Optim(net, new MSELoss(), adam);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 8, 3);
        INDArray y = TestArrays.uniform(2, DataType.FLOAT, 8, 1);
        for (int i = 0; i < 3; i++) {
            optim.step(x, y);
        }
        Map<String, INDArray> before = state(net, adam);
        INDArray evalBefore = net.eval().forward(x);
        net.train();

        INDArray poisoned = x.dup();
        poisoned.putScalar(5, 1, Double.NaN);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> optim.step(poisoned, y));
        assertEquals("MSELoss() is NaN on this batch; the step was rejected: parameters, buffers and optimizer"
                + " state are unchanged", e.getMessage());

        assertEquals(before, state(net, adam));
        assertEquals(evalBefore, net.eval().forward(x), "eval() after a rejected step predicts as before it");
        assertTrue(net.namedBuffers().get("1.running_mean").value().isInfinite().castTo(DataType.INT).sumNumber().intValue() == 0);
    }

    @Test
    void anErrorInForwardAfterBatchNormPutsItsStatisticsBack() {
        Sequential net = new Sequential(new BatchNorm1D(3), new Linear(4, 1, true, 2));   // 3 features into a Linear(4, …)
        Optim optim = new Optim(net, new MSELoss(), 0.1);
        Map<String, INDArray> before = state(net, null);
        INDArray x = TestArrays.uniform(1, DataType.FLOAT, 8, 3);
        assertThrows(IllegalArgumentException.class, () -> optim.step(x, TestArrays.uniform(2, DataType.FLOAT, 8, 1)));
        assertEquals(before, state(net, null));
    }

    /** Copies of every parameter, buffer and optimizer-state array, by name. */
    private static Map<String, INDArray> state(Sequential net, Adam adam) {
        Map<String, INDArray> all = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            all.put(e.getKey(), e.getValue().value().dup());
            if (adam != null) {
                adam.state(e.getValue()).forEach((k, v) -> all.put("optimizer." + e.getKey() + "." + k, v.dup()));
            }
        }
        for (Map.Entry<String, Buffer> e : net.namedBuffers().entrySet()) {
            all.put(e.getKey(), e.getValue().value().dup());
        }
        return all;
    }
}
