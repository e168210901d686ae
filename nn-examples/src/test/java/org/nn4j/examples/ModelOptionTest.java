package org.nn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code run mnist-cnn --model M} picks one of the reports' CNNs; other experiments refuse the option. */
class ModelOptionTest {

    @Test
    void mnistCnnOffersTheReportsNetworks() {
        Experiment cnn = Experiments.byName("mnist-cnn");
        assertEquals("mnist-cnn1", cnn.withModel("cnn1").name());
        assertEquals("mnist-cnn", cnn.withModel("cnn2").name());
        assertEquals("mnist-cnn-16-32", cnn.withModel("cnn-16-32").name());
        assertEquals("mnist-cnn-augmented", cnn.withModel("cnn2-augmented").name());
    }

    @Test
    void anUnknownModelIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Experiments.byName("mnist-cnn").withModel("cnn3"));
        assertEquals("mnist-cnn: unknown --model 'cnn3'; known: cnn1, cnn2, cnn-16-32, cnn2-augmented", e.getMessage());
    }

    @Test
    void experimentsWithoutAChoiceRefuseTheOption() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.byName("linear-regression").withModel("cnn1"));
        assertEquals("Experiment 'linear-regression' has no --model option", e.getMessage());
    }
}
