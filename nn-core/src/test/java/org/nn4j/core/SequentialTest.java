package org.nn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.testing.GradientCheck;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

class SequentialTest {

    @Test
    void namesParametersByModulePath() {
        Sequential net = new Sequential(new Scale(3, 1), new Sequential(new Scale(3, 2)));
        assertEquals(List.of("0.w", "0.b", "1.0.w", "1.0.b"), List.copyOf(net.namedParameters().keySet()));
    }

    @Test
    void passesTheGradientCheckWhenNested() {
        Sequential net = new Sequential(new Scale(3, 1), new Sequential(new Scale(3, 2), new Scale(3, 3)));
        GradientCheck.assertGradients(net, TestArrays.uniform(4, DataType.DOUBLE, 6, 3));
    }

    @Test
    void backwardWithoutInputDeltaStillAccumulatesEveryGradient() {
        Sequential a = new Sequential(new Scale(3, 1), new Scale(3, 2));
        Sequential b = new Sequential(new Scale(3, 1), new Scale(3, 2));
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 4, 3);
        INDArray d = TestArrays.uniform(6, DataType.FLOAT, 4, 3);
        a.forward(x);
        assertNull(a.backward(x, d, false));
        b.forward(x);
        b.backwardUpdateGradient(x, d);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(b.parameters().get(i).grad(), a.parameters().get(i).grad());
        }
    }

    @Test
    void backwardAfterForwardOfAnotherInputUsesTheGivenInput() {
        Sequential net = new Sequential(new Scale(3, 1), new Scale(3, 2));
        INDArray x = TestArrays.uniform(5, DataType.FLOAT, 4, 3);
        INDArray other = TestArrays.uniform(9, DataType.FLOAT, 4, 3);
        INDArray d = TestArrays.uniform(6, DataType.FLOAT, 4, 3);
        net.forward(x);
        INDArray expected = net.backwardDelta(x, d);
        net.forward(other);
        assertTrue(expected.equalsWithEps(net.backwardDelta(x, d), 1e-6));
    }

    @Test
    void printsItsModulesLikePyTorch() {
        assertEquals("Sequential(\n  (0): Scale()\n  (1): Sequential(\n    (0): Scale()\n  )\n)",
                new Sequential(new Scale(2, 1), new Sequential(new Scale(2, 1))).toString());
    }
}
