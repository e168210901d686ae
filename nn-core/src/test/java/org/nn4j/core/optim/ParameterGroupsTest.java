package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nn4j.core.testing.SameParameters.assertSameParameters;
import static org.nn4j.core.testing.SameParameters.values;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Optim;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.testing.MeanSquaredError;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;

/** Each group's optimizer updates its parameters exactly as it would alone; errors name the parameter. */
class ParameterGroupsTest {

    @TempDir
    Path dir;

    private final INDArray x = TestArrays.uniform(21, DataType.FLOAT, 24, 3);
    private final INDArray y = x.mul(-1.5).addi(0.25);


    /** backbone (module 0) and head (module 1). */
    private static Sequential net() {
        return new Sequential(new Scale(3, 3), new Scale(3, 5));
    }



    /** The same steps with one optimizer per part, written out by hand. */
    private void trainPartsSeparately(Sequential net, Optimizer backbone, Optimizer head, int epochs) {
        Optim forward = new Optim(net, new MeanSquaredError(), new Optimizer() {
            @Override
            public void step(List<Parameter> parameters) {
                backbone.step(net.get(0).parameters());
                head.step(net.get(1).parameters());
            }

            @Override
            public void update(Parameter parameter) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double learningRate() {
                return backbone.learningRate();
            }

            @Override
            public void setLearningRate(double learningRate) {
                throw new UnsupportedOperationException();
            }
        });
        DataLoader loader = new DataLoader(x, y, 5, 8);
        net.train();
        for (int e = 0; e < epochs; e++) {
            loader.forEach(b -> forward.step(b.x(), b.y()));
        }
    }

    @Test
    void twoGroupsAtTwoRatesGiveExactlyWhatTwoSeparateOptimizersGive() {
        Sequential grouped = net();
        ParameterGroups groups = ParameterGroups.of(new GradientDescent(0.01, 0.9), grouped.get(0).parameters())
                .and(new Adam(0.05), grouped.get(1).parameters());
        new Trainer(grouped, new MeanSquaredError(), groups).accuracy(false).restoreBest(false).progress(Progress.NONE)
                .fit(new DataLoader(x, y, 5, 8), 3);

        Sequential separate = net();
        trainPartsSeparately(separate, new GradientDescent(0.01, 0.9), new Adam(0.05), 3);
        assertSameParameters(separate, grouped);
    }

    @Test
    void stepLrScalesEveryGroupByTheSameFactor() {
        Sequential net = net();
        GradientDescent slow = new GradientDescent(0.01);
        Adam fast = new Adam(0.2);
        ParameterGroups groups = ParameterGroups.of(slow, net.get(0).parameters()).and(fast, net.get(1).parameters());
        StepLR schedule = new StepLR(groups, 2, 0.5);
        double[] slowRates = new double[5];
        double[] fastRates = new double[5];
        for (int epoch = 0; epoch < 5; epoch++) {
            slowRates[epoch] = slow.learningRate();
            fastRates[epoch] = fast.learningRate();
            schedule.step();
        }
        assertArrayEquals(new double[] {0.01, 0.01, 0.005, 0.005, 0.0025}, slowRates, 0);
        assertArrayEquals(new double[] {0.2, 0.2, 0.1, 0.1, 0.05}, fastRates, 1e-17);
        assertEquals(0.0025, groups.learningRate(), 0);
        assertEquals(List.of(slow, fast), groups.optimizers());
    }

    @Test
    void aScheduleOnTheGroupsRunsInTheTrainer() {
        Sequential net = net();
        GradientDescent slow = new GradientDescent(0.02);
        GradientDescent fast = new GradientDescent(0.1);
        ParameterGroups groups = ParameterGroups.of(slow, net.get(0).parameters()).and(fast, net.get(1).parameters());
        var history = new Trainer(net, new MeanSquaredError(), groups).accuracy(false).progress(Progress.NONE)
                .schedule(new StepLR(groups, 1, 0.1)).fit(new DataLoader(x, y, 6, 1), 2);
        assertArrayEquals(new double[] {0.02, 0.002}, history.learningRate().stream().mapToDouble(d -> d).toArray(),
                1e-18);
        assertEquals(0.001, fast.learningRate(), 1e-18);
    }

    @Test
    void aParameterInTwoGroupsIsRejectedByName() {
        Sequential net = net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterGroups.of(new GradientDescent(0.1), net.parameters())
                        .and(new Adam(0.01), net.get(1).parameters()));
        assertEquals("ParameterGroups: parameter w[3] is in group 0 and again in group 1; each parameter belongs"
                + " to one group", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParameterGroups.of(new GradientDescent(0.1),
                List.of(net.get(0).parameters().get(1), net.get(0).parameters().get(1))));
        assertEquals("ParameterGroups: parameter b[3] is in group 0 twice; each parameter belongs to one group",
                e.getMessage());
    }

    @Test
    void oneOptimizerForTwoGroupsIsRejected() {
        Sequential net = net();
        GradientDescent sgd = new GradientDescent(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterGroups.of(sgd, net.get(0).parameters()).and(sgd, net.get(1).parameters()));
        assertEquals("ParameterGroups: GradientDescent(lr=0.1) already updates group 0; give each group its own"
                + " optimizer", e.getMessage());
    }

    @Test
    void aParameterInNoGroupIsAnErrorAndNothingIsUpdated() {
        Sequential net = net();
        ParameterGroups groups = ParameterGroups.of(new GradientDescent(0.1), net.get(0).parameters());
        net.parameters().forEach(p -> p.grad().assign(1));
        List<double[]> before = values(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> groups.step(net.parameters()));
        assertEquals("ParameterGroups: parameter w[3] is in no group; add it with and(optimizer, parameters), or"
                + " freeze it (setFrozen(true)) to leave it untrained", e.getMessage());
        List<double[]> after = values(net);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0, "parameter " + i + " untouched");
        }
        net.get(1).parameters().forEach(p -> p.setFrozen(true));
        groups.step(net.parameters()); // frozen parameters need no group
    }

    @Test
    void checkpointsSaveAndLoadEachGroupsState() throws IOException {
        Sequential a = net();
        ParameterGroups groupsA = ParameterGroups.of(new GradientDescent(0.01, 0.9), a.get(0).parameters())
                .and(new Adam(0.05), a.get(1).parameters());
        Trainer trainerA = new Trainer(a, new MeanSquaredError(), groupsA).accuracy(false).restoreBest(false)
                .progress(Progress.NONE);
        trainerA.fit(new DataLoader(x, y, 5, 8), 2);
        Path file = dir.resolve("groups.npz");
        Checkpoint.save(file, a, groupsA);

        Sequential b = new Sequential(new Scale(3, 40), new Scale(3, 41));
        ParameterGroups groupsB = ParameterGroups.of(new GradientDescent(0.01, 0.9), b.get(0).parameters())
                .and(new Adam(0.05), b.get(1).parameters());
        Checkpoint.load(file, b, groupsB);
        assertSameParameters(a, b);
        assertEquals(List.of("momentum_buffer"), List.copyOf(groupsB.state(b.get(0).parameters().get(0)).keySet()));
        assertEquals(List.of("exp_avg", "exp_avg_sq", "step"),
                List.copyOf(groupsB.state(b.get(1).parameters().get(0)).keySet()));

        trainerA.fit(new DataLoader(x, y, 5, 9), 1);
        new Trainer(b, new MeanSquaredError(), groupsB).accuracy(false).restoreBest(false).progress(Progress.NONE)
                .fit(new DataLoader(x, y, 5, 9), 1);
        assertSameParameters(a, b);
    }

    /**
     * decayedAndNot: the rank-2 weight of an Affine is decayed; its bias and the rank-1 parameters of a
     * Scale are not. With lr 0.1 and weight decay 0.5 on the decayed group only, zero gradients move
     * only the weight (θ ← θ − 0.1·0.5·θ).
     */
    @Test
    void decayedAndNotExemptsBiasesAndRankOneParameters() {
        Sequential net = new Sequential(new org.nn4j.core.testing.Affine(3, 2, 1, DataType.DOUBLE), new Scale(2, 4));
        ParameterGroups groups = ParameterGroups.decayedAndNot(net, new GradientDescent(0.1).weightDecay(0.5),
                new GradientDescent(0.1));
        assertEquals("ParameterGroups[GradientDescent(lr=0.1, weightDecay=0.5): 1 parameter, GradientDescent(lr=0.1):"
                + " 3 parameters]", groups.toString());
        List<double[]> before = flatValues(net);
        groups.step(net.parameters());
        List<double[]> after = flatValues(net);
        assertArrayEquals(Nd4j.createFromArray(before.get(0)).mul(0.95).toDoubleVector(), after.get(0), 1e-15,
                "0.weight decayed");
        for (int i = 1; i < 4; i++) {
            assertArrayEquals(before.get(i), after.get(i), 0, "0.bias, 1.w, 1.b not decayed: " + i);
        }
        assertEquals(true, ParameterGroups.exemptFromWeightDecay("3.bias", new Parameter("bias", Nd4j.zeros(2, 2))),
                "a bias by name, whatever its rank");
        assertEquals(false, ParameterGroups.exemptFromWeightDecay("3.weight", new Parameter("weight", Nd4j.zeros(2, 2))));

        GradientDescent decayed = new GradientDescent(0.1).weightDecay(0.5);
        GradientDescent notDecayed = new GradientDescent(0.1);
        LRScheduler s = new OneCycleLR(ParameterGroups.decayedAndNot(net, decayed, notDecayed), 1.0, 10);
        s.step();
        assertEquals(decayed.learningRate(), notDecayed.learningRate(), 0, "a schedule moves both groups");
        assertEquals(s.rate(1), notDecayed.learningRate(), 0);
    }

    private static List<double[]> flatValues(Sequential net) {
        return net.parameters().stream().map(p -> p.value().reshape(p.value().length()).toDoubleVector()).toList();
    }
}
