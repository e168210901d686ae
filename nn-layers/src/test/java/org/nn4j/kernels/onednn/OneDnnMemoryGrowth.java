package org.nn4j.kernels.onednn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Module;
import org.nn4j.core.Sequential;
import org.nn4j.core.testing.TestArrays;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.ReLU;

/**
 * Native memory of eval forwards of a small CNN, measured by hand (not a test): {@code threads N} runs one forward on
 * each of N short-lived threads, {@code batches N} one forward at each batch size 1..N; prints the RSS
 * ({@code /proc/self/status} VmRSS) and the live oneDNN primitives and streams every so often.
 */
public final class OneDnnMemoryGrowth {

    private OneDnnMemoryGrowth() {
    }

    /**
     * @param args {@code threads N} or {@code batches N}
     * @throws Exception when reading /proc fails or a thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        Module net = new Sequential(new Conv2D(1, 8, 3, 1, 1), new ReLU(), new MaxPool2D(2), new Conv2D(8, 16, 3, 1, 1), new ReLU(),
                new MaxPool2D(2), new Flatten(), new Linear(16 * 7 * 7, 10)).eval();
        int n = Integer.parseInt(args[1]);
        INDArray one = TestArrays.uniform(1, DataType.FLOAT, 8, 1, 28, 28);
        for (int i = 0; i < 20; i++) { // warm-up on this thread
            net.forward(one);
        }
        report("warm", 0);
        double start = rss();
        double startHeap = Runtime.getRuntime().totalMemory() / 1048576.0;
        for (int i = 1; i <= n; i++) {
            if (args[0].equals("threads")) {
                Thread t = new Thread(() -> net.forward(one));
                t.start();
                t.join();
            } else {
                net.forward(TestArrays.uniform(i, DataType.FLOAT, i, 1, 28, 28));
            }
            if (i % (n / 5) == 0) {
                System.gc();
                Thread.sleep(200);
                report(args[0], i);
            }
        }
        double grew = rss() - start;
        double heap = Runtime.getRuntime().totalMemory() / 1048576.0 - startHeap;
        System.out.printf("%s %d: RSS grew %.1f MB, %.3f MB per step; Java heap committed grew %.1f MB; outside the heap %.1f MB, %.3f MB"
                + " per step%n", args[0], n, grew, grew / n, heap, grew - heap, (grew - heap) / n);
    }

    private static void report(String what, int i) throws Exception {
        System.out.printf("%s %d: RSS %.1f MB, Java heap committed %.1f MB, JavaCPP %.1f MB, primitives %d, thread states %d%n",
                what, i, rss(), Runtime.getRuntime().totalMemory() / 1048576.0, org.bytedeco.javacpp.Pointer.totalBytes() / 1048576.0,
                OneDnnPrimitive.live(), OneDnnPrimitive.liveThreads());
    }

    private static double rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
