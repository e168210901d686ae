package org.nn4j.examples.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Sequential;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.io.Npz;
import org.nn4j.core.testing.TestArrays;

/**
 * The other direction: the example networks, initialised and (the ResNet's BatchNorm statistics) changed by nn4j, saved
 * with {@link Checkpoint#save}, load strictly into their PyTorch twins through tools/pytorch/nn4j_npz.py and give
 * nn4j's float64 eval-mode outputs within 1e-10 (src/test/python/pytorch_interop.py check). Needs a Python with
 * PyTorch ({@code $NN4J_PYTHON}, default /usr/bin/python3); without one the tests are skipped, saying so. The loader's
 * own tests (tools/pytorch/test_nn4j_npz.py) run here too.
 */
class Nn4jWeightsInPyTorchTest {

    private static final String PYTHON = System.getenv().getOrDefault("NN4J_PYTHON", "/usr/bin/python3");
    private static final Map<String, long[]> INPUTS = Map.of("mlp", new long[] {3, 12}, "cnn2", new long[] {2, 1, 28, 28},
            "resnet", new long[] {2, 1, 8, 8}, "lstm", new long[] {3, 20});

    @TempDir
    Path dir;

    /** The exit code and output of {@code python args…}; -1 when it cannot start. */
    private record Run(int exit, String output) {
    }

    private static Run python(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out: " + command);
            }
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        }
    }

    private static void assumePyTorch() throws InterruptedException {
        Run probe = python("-c", "import torch");
        assumeTrue(probe.exit() == 0, () -> "skipped: " + PYTHON + " cannot import torch (set NN4J_PYTHON to a Python "
                + "with PyTorch): " + probe.output().strip());
    }

    @Test
    void theLoadersOwnTestsPass() throws Exception {
        assumePyTorch();
        Run tests = python("../tools/pytorch/test_nn4j_npz.py");
        System.out.print(tests.output());
        assertEquals(0, tests.exit(), tests.output());
        assertTrue(tests.output().contains("\nOK"), tests.output());
    }

    @Test
    void nn4jsWeightsLoadIntoPyTorchAndGiveNn4jsOutputs() throws Exception {
        assumePyTorch();
        List<String> names = List.of("mlp", "cnn2", "resnet", "lstm");
        long seed = 3;
        for (String name : names) {
            Sequential net = PyTorchWeightsTest.NETWORKS.get(name).get();
            net.to(DataType.DOUBLE);
            net.train();
            for (int i = 0; i < 3; i++) {
                net.forward(TestArrays.normal(seed++, DataType.DOUBLE, INPUTS.get(name)));
            }
            net.eval();
            INDArray x = TestArrays.normal(seed++, DataType.DOUBLE, INPUTS.get(name));
            Checkpoint.save(dir.resolve(name + "_state_dict.npz"), net);
            Map<String, INDArray> io = new LinkedHashMap<>();
            io.put("input", x);
            io.put("output", net.forward(x));
            Npz.write(dir.resolve(name + "_io.npz"), io);
        }
        List<String> args = new ArrayList<>(List.of("src/test/python/pytorch_interop.py", "check", dir.toString()));
        args.addAll(names);
        Run check = python(args.toArray(String[]::new));
        System.out.print(check.output());
        assertEquals(0, check.exit(), check.output());
        List<String> lines = check.output().strip().lines().toList();
        assertEquals(names.size(), lines.size(), check.output());
        for (int i = 0; i < names.size(); i++) {
            String line = lines.get(i);
            assertEquals(names.get(i) + ": max |difference| ", line.substring(0, line.lastIndexOf(' ') + 1));
            double difference = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            assertEquals(0, difference, 1e-10, line);
        }
    }
}
