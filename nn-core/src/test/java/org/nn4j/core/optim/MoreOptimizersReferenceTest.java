package org.nn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.nn4j.core.optim.OptimizerReferenceTest.assertClose;
import static org.nn4j.core.optim.OptimizerReferenceTest.leastSquaresGradient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.io.Checkpoint;

/**
 * RMSprop's and Adagrad's 10-step trajectories and final state against PyTorch 1.13 (float64), on
 * the least-squares problem of {@link OptimizerReferenceTest}, recorded by
 * {@code src/test/python/make_optim_more_reference.py} into {@code reference/optim_more.npz}; and
 * the same trajectories through a checkpoint saved and loaded half-way.
 */
class MoreOptimizersReferenceTest {

    @TempDir
    Path dir;

    private static final Map<String, Supplier<Optimizer>> CONFIGS = Map.of(
            "rmsprop", () -> new RMSprop(0.01),
            "rmsprop_momentum", () -> new RMSprop(0.005).momentum(0.9),
            "rmsprop_centered", () -> new RMSprop(0.01).centered(true),
            "rmsprop_all", () -> new RMSprop(0.01).alpha(0.9).eps(1e-6).momentum(0.8).centered(true).weightDecay(0.1),
            "adagrad", () -> new Adagrad(0.1),
            "adagrad_all", () -> new Adagrad(0.1).lrDecay(0.05).weightDecay(0.1).initialAccumulatorValue(0.2).eps(1e-6));

    static Map<String, INDArray> fixture() throws IOException {
        try (InputStream in = MoreOptimizersReferenceTest.class.getResourceAsStream("/reference/optim_more.npz")) {
            assertNotNull(in, "missing fixture optim_more.npz: run src/test/python/make_optim_more_reference.py");
            return org.nn4j.core.io.Npz.read(in, "optim_more.npz");
        }
    }

    /** The two parameters of the least-squares problem as a module, for checkpoints. */
    private static Module problem(Parameter weight, Parameter bias) {
        return new Module() {
            @Override
            public INDArray forward(INDArray input) {
                throw new UnsupportedOperationException();
            }

            @Override
            public INDArray backwardDelta(INDArray input, INDArray delta) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(weight, bias);
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"rmsprop", "rmsprop_momentum", "rmsprop_centered", "rmsprop_all", "adagrad", "adagrad_all"})
    void followsPyTorchTrajectoryForTenStepsThroughACheckpoint(String config) throws IOException {
        Map<String, INDArray> start = OptimizerReferenceTest.fixture();
        Map<String, INDArray> f = fixture();
        INDArray x = start.get("x");
        INDArray y = start.get("y");
        Parameter weight = new Parameter("weight", start.get("weight").dup());
        Parameter bias = new Parameter("bias", start.get("bias").dup());
        Optimizer optimizer = CONFIGS.get(config).get();
        for (int step = 0; step < 10; step++) {
            if (step == 5) { // a checkpoint half-way: training goes on in a new optimizer and new parameters
                Path file = dir.resolve(config + ".npz");
                Checkpoint.save(file, problem(weight, bias), optimizer);
                weight = new Parameter("weight", start.get("weight").dup());
                bias = new Parameter("bias", start.get("bias").dup());
                optimizer = CONFIGS.get(config).get();
                Checkpoint.load(file, problem(weight, bias), optimizer);
            }
            weight.zeroGrad();
            bias.zeroGrad();
            leastSquaresGradient(x, y, weight, bias);
            optimizer.step(List.of(weight, bias));
            assertClose(config + " weight after step " + (step + 1), slice(f.get(config + ".weight"), step), weight.value());
            assertClose(config + " bias after step " + (step + 1), slice(f.get(config + ".bias"), step), bias.value());
        }
        OptimizerReferenceTest.assertStateAsRecorded(f, config, optimizer, List.of(weight, bias));
    }

    private static INDArray slice(INDArray trajectory, int step) {
        return trajectory.get(NDArrayIndex.point(step)).dup();
    }
}
