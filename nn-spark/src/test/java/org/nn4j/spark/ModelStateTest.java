package org.nn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.layers.BatchNorm1D;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;

/** The state a round sends and receives: every parameter, buffer and optimizer entry survives the bytes. */
class ModelStateTest {

    private static Module net(long seed) {
        return new Sequential(new Linear(3, 4, true, seed), new BatchNorm1D(4), new Linear(4, 2, true, seed + 1));
    }

    @Test
    void parametersBuffersAndAdamStateSurviveTheBytesExactly() {
        Nd4j.getRandom().setSeed(20261203L);
        Module a = net(1);
        Adam adam = new Adam(0.01);
        Optim optim = new Optim(a, new MSELoss(), adam);
        for (int i = 0; i < 3; i++) {
            optim.step(Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.rand(DataType.FLOAT, 5, 2));
        }
        Map<String, INDArray> sent = ModelState.gather(a, adam);
        assertTrue(sent.containsKey("1.running_mean") && sent.containsKey("optimizer.0.weight.exp_avg_sq")
                && sent.containsKey("optimizer.2.bias.step"), sent.keySet().toString());

        Module b = net(7);
        Adam received = new Adam(0.01);
        ModelState.apply(ModelState.decode(ModelState.encode(sent), "test"), b, received);

        Map<String, INDArray> back = ModelState.gather(b, received);
        assertEquals(List.copyOf(sent.keySet()), List.copyOf(back.keySet()));
        sent.forEach((name, v) -> assertEquals(v, back.get(name), name));
    }

    @Test
    void aStateThatDoesNotFitTheNetworkIsRejectedNamingEveryMismatch() {
        Map<String, INDArray> state = ModelState.decode(ModelState.encode(ModelState.gather(net(1), null)), "test");
        Module other = new Sequential(new Linear(3, 5, true, 1), new BatchNorm1D(5), new Linear(5, 2, true, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelState.apply(state, other, null));
        assertTrue(e.getMessage().startsWith("nn-spark: the model state does not fit the network Sequential"), e.getMessage());
        assertTrue(e.getMessage().contains("0.weight: expected [5, 3], found [4, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("1.running_var: expected [5], found [4]"), e.getMessage());
    }
}
