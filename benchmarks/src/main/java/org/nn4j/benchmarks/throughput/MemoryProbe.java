package org.nn4j.benchmarks.throughput;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory readings during training, to see whether a long run leaks: the Java heap in use after
 * {@code System.gc()} (and the heap the JVM has committed), JavaCPP's count of off-heap bytes
 * allocated through its Pointers and not yet freed ({@link Pointer#totalBytes()}), ND4J's own count
 * of the bytes it allocated on the CPU ({@code Nd4j.getMemoryManager().allocatedMemory(0)}: in
 * 1.0.0-M2.1 ND4J's data buffers are allocated natively and do not show in
 * {@code Pointer.totalBytes()}), and the process's resident memory ({@link Pointer#physicalBytes()},
 * which includes the committed heap). The GC takes time; {@link #seconds()} says how much, so a
 * timed run can leave it out.
 */
final class MemoryProbe {

    /** One reading after {@code step} training steps. */
    record Reading(long step, long heapBytes, long heapCommittedBytes, long offHeapBytes, long nd4jBytes,
                   long physicalBytes) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "step %,d: heap used %s (committed %s), off-heap Pointer.totalBytes %s, "
                    + "ND4J allocatedMemory %s, resident Pointer.physicalBytes %s", step, mb(heapBytes),
                    mb(heapCommittedBytes), mb(offHeapBytes), mb(nd4jBytes), mb(physicalBytes));
        }
    }

    private long nanos;

    Reading read(long step) {
        long start = System.nanoTime();
        // twice, then a pause: the GC only queues the references of dead arrays; ND4J's and JavaCPP's
        // deallocator threads free their native buffers afterwards
        System.gc();
        System.gc();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime rt = Runtime.getRuntime();
        Reading r = new Reading(step, rt.totalMemory() - rt.freeMemory(), rt.totalMemory(), Pointer.totalBytes(),
                Nd4j.getMemoryManager().allocatedMemory(0), Pointer.physicalBytes());
        nanos += System.nanoTime() - start;
        return r;
    }

    /** Seconds spent in {@link #read} so far. */
    double seconds() {
        return nanos / 1e9;
    }

    /** "grew by X" or "did not grow", per quantity, from {@code a} to {@code b}. */
    static String growth(Reading a, Reading b) {
        return String.format(Locale.ROOT, "heap used %s, Pointer.totalBytes %s, ND4J allocatedMemory %s, resident %s",
                change(a.heapBytes(), b.heapBytes()), change(a.offHeapBytes(), b.offHeapBytes()),
                change(a.nd4jBytes(), b.nd4jBytes()), change(a.physicalBytes(), b.physicalBytes()));
    }

    private static String change(long before, long after) {
        long d = after - before;
        return d > 0 ? "grew by " + mb(d) : "did not grow (" + mb(d) + ")";
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
