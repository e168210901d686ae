package org.nn4j.benchmarks.throughput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Optim;
import org.nn4j.core.Sequential;
import org.nn4j.core.Workspaces;

/**
 * Where one nn4j training step of a workload spends its time: the median of each module's
 * forward and backward, of the loss, the optimizer update and zeroGrad, next to the median of the
 * whole {@code Optim.step}. Each part is timed inside the step's workspace, as {@code Optim} runs
 * it; the optimizer's update is timed on zeroed gradients, so the parameters do not follow the
 * random batch while the parts are timed (SGD leaves them as they are, Adam moves them only by its
 * decaying momentum).
 *
 * <pre>benchmarks/run-throughput --profile C [--batch 64] [--steps 300]</pre>
 */
public final class StepProfile {

    private StepProfile() {
    }

    public static void main(String[] args) {
        Nn4jRuntime.configure();
        Workload w = Workload.valueOf(args[0]);
        int batch = w.batches()[0];
        int steps = 300;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("StepProfile: unknown option " + args[i]
                        + " (expected --batch N or --steps N)");
            }
        }
        Optim optim = Nn4jModels.optim(w);
        Sequential net = (Sequential) optim.net();
        INDArray x = w.randomInput(batch, 1);
        INDArray y = w.reconstructs() ? x.dup() : w.randomTarget(x, 1);
        double warmup = median(steps, () -> optim.step(x, y)); // JIT, workspace sizes
        List<Module> modules = net.modules();
        double[][] forward = new double[modules.size()][steps];
        double[][] backward = new double[modules.size()][steps];
        double[][] rest = new double[3][steps];
        for (int s = 0; s < steps; s++) {
            try (MemoryWorkspace ws = Workspaces.step()) {
                List<INDArray> inputs = new ArrayList<>();
                INDArray h = x;
                for (int i = 0; i < modules.size(); i++) {
                    inputs.add(h);
                    long t = System.nanoTime();
                    h = modules.get(i).forward(h); // as Sequential runs it
                    forward[i][s] = millis(t);
                }
                long t = System.nanoTime();
                optim.loss().forward(y, h);
                INDArray delta = optim.loss().backward(y, h);
                rest[0][s] = millis(t);
                for (int i = modules.size() - 1; i >= 0; i--) {
                    t = System.nanoTime();
                    delta = modules.get(i).backward(inputs.get(i), delta, i > 0);
                    backward[i][s] = millis(t);
                }
                net.zeroGrad(); // the update below runs on zero gradients (see the class comment)
                t = System.nanoTime();
                optim.optimizer().step(net.parameters());
                rest[1][s] = millis(t);
                t = System.nanoTime();
                net.zeroGrad();
                rest[2][s] = millis(t);
            }
        }
        double step = median(steps, () -> optim.step(x, y));
        System.out.printf(Locale.ROOT, "%s, batch %d: Optim.step median %.3f ms (%.0f samples/s; first %d steps %.3f ms)%n",
                w, batch, step, batch / step * 1000, steps, warmup);
        System.out.printf(Locale.ROOT, "%-62s %9s %9s %7s%n", "module", "fwd ms", "bwd ms", "share");
        double total = 0;
        double[] fwd = new double[modules.size()];
        double[] bwd = new double[modules.size()];
        for (int i = 0; i < modules.size(); i++) {
            fwd[i] = median(forward[i]);
            bwd[i] = median(backward[i]);
            total += fwd[i] + bwd[i];
        }
        double[] others = {median(rest[0]), median(rest[1]), median(rest[2])};
        total += others[0] + others[1] + others[2];
        for (int i = 0; i < modules.size(); i++) {
            System.out.printf(Locale.ROOT, "%-62s %9.3f %9.3f %6.1f%%%n", i + " " + modules.get(i), fwd[i], bwd[i],
                    100 * (fwd[i] + bwd[i]) / total);
        }
        String[] names = {"loss forward + backward", "optimizer update", "zeroGrad"};
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "%-62s %9.3f %9s %6.1f%%%n", names[i], others[i], "", 100 * others[i] / total);
        }
        System.out.printf(Locale.ROOT, "%-62s %9.3f ms%n", "sum of the medians", total);
    }

    /** The median of {@code steps} timed calls of {@code step}, in ms. */
    static double median(int steps, Runnable step) {
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t = System.nanoTime();
            step.run();
            times[i] = millis(t);
        }
        return median(times);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
