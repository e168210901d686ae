package org.nn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sum of the partitions' model states in one round, in float64, computed so that its bits do
 * not depend on the order in which Spark delivers and combines the partitions' results.
 *
 * <p>Floating-point addition is not associative: {@code (a + b) + c} and {@code a + (b + c)} can
 * differ in the last bit, and Spark's {@code treeAggregate} combines results in whatever order the
 * tasks finish. So the sum follows one fixed binary tree over the partition indices instead: leaf
 * {@code p} is partition {@code p}, a node is the sum of its two children (left + right), and a
 * node is formed only when both its children are complete (or its right child covers no partition).
 * Whatever Spark's grouping, a node always holds the same partitions, summed in the same way, so a
 * round gives the same bits every run, with or without retried tasks. A partition's leaf can be
 * added only once: a second copy (a task counted twice) is an error, not a double count.
 */
final class StateSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Shape and dtype of one entry, to turn the sums back into arrays. */
    record Layout(long[] shape, String dataType) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The sum over the partitions below one node of the tree. A partition's own float32 entries stay
     * float32 until they are added to another partition's (exactly, in float64): a task's result then
     * weighs what its state weighs.
     */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, double[]> sums;
        /** Entries of a single partition kept in float32 (not yet in {@link #sums}). */
        final LinkedHashMap<String, float[]> floats = new LinkedHashMap<>();
        double loss;
        long steps;
        long samples;
        int partitions;

        Node(LinkedHashMap<String, double[]> sums, double loss, long steps, long samples, int partitions) {
            this.sums = sums;
            this.loss = loss;
            this.steps = steps;
            this.samples = samples;
            this.partitions = partitions;
        }
    }

    private final int partitions;
    private final int levels;
    private final TreeMap<Long, Node> nodes = new TreeMap<>();
    private LinkedHashMap<String, Layout> layout;

    private StateSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("nn-spark: the data has no partitions");
        }
        this.partitions = partitions;
        this.levels = 32 - Integer.numberOfLeadingZeros(partitions - 1);
    }

    /**
     * Nothing summed yet: treeAggregate's zero.
     *
     * @param partitions how many partitions the round trains on
     * @return an empty sum
     */
    static StateSum empty(int partitions) {
        return new StateSum(partitions);
    }

    /**
     * One partition's result.
     *
     * @param partitions how many partitions the round trains on
     * @param partition  this one's index
     * @param state      its model state after training; read, not modified
     * @param loss       the sum of its steps' losses
     * @param steps      how many steps it took
     * @param samples    how many samples those steps saw
     * @return a sum holding this partition only
     */
    static StateSum leaf(int partitions, int partition, Map<String, INDArray> state, double loss, long steps, long samples) {
        StateSum s = new StateSum(partitions);
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("nn-spark: partition " + partition + " outside [0, " + partitions + ")");
        }
        s.layout = new LinkedHashMap<>();
        LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();
        Node leaf = new Node(sums, loss, steps, samples, 1);
        state.forEach((name, a) -> {
            s.layout.put(name, new Layout(a.shape(), a.dataType().name()));
            if (a.dataType() == DataType.FLOAT) {
                leaf.floats.put(name, a.dup('c').data().asFloat());
            } else {
                sums.put(name, a.castTo(DataType.DOUBLE).dup('c').data().asDouble());
            }
        });
        s.nodes.put(key(0, partition), leaf);
        return s;
    }

    /**
     * Adds {@code other}'s partitions to this sum (this object changes and is returned, as Spark's
     * aggregate functions allow).
     *
     * @param other partitions not in this sum yet; not modified
     * @return this sum
     * @throws IllegalStateException when a partition would be counted twice, or the partitions
     *                               disagree on what the model state holds
     */
    StateSum add(StateSum other) {
        if (other.partitions != partitions) {
            throw new IllegalStateException("nn-spark: sums over " + partitions + " and " + other.partitions + " partitions");
        }
        if (other.layout != null) {
            if (layout == null) {
                layout = other.layout;
            } else if (!sameLayout(layout, other.layout)) {
                throw new IllegalStateException("nn-spark: partitions returned different model states: "
                        + describe(layout) + " and " + describe(other.layout));
            }
        }
        for (Map.Entry<Long, Node> e : other.nodes.entrySet()) {
            if (nodes.containsKey(e.getKey()) || covered(e.getKey())) {
                throw new IllegalStateException("nn-spark: the result of partitions " + Arrays.toString(range(e.getKey()))
                        + " arrived twice; it is counted once");
            }
            nodes.put(e.getKey(), copy(e.getValue()));
        }
        collapse();
        return this;
    }

    /**
     * Whether every partition has been added.
     *
     * @return true when the sum is complete
     */
    boolean complete() {
        Node root = nodes.get(key(levels, 0));
        return root != null && root.partitions == partitions;
    }

    /**
     * The sum over every partition.
     *
     * @return the root of the tree
     * @throws IllegalStateException naming the partitions missing when the sum is not complete
     */
    Node total() {
        if (!complete()) {
            List<Integer> have = new ArrayList<>();
            for (long k : nodes.keySet()) {
                int[] r = range(k);
                for (int p = r[0]; p <= r[1]; p++) {
                    have.add(p);
                }
            }
            throw new IllegalStateException("nn-spark: the round's sum has " + have.size() + " of " + partitions
                    + " partitions (" + have + ")");
        }
        return nodes.get(key(levels, 0));
    }

    /**
     * The mean over the partitions, each entry back in its shape and dtype.
     *
     * @return the averaged model state, by name
     */
    Map<String, INDArray> mean() {
        Node root = widened(total());
        Map<String, INDArray> mean = new LinkedHashMap<>();
        for (Map.Entry<String, Layout> e : layout.entrySet()) {
            double[] sum = root.sums.get(e.getKey()).clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= partitions;
            }
            Layout l = e.getValue();
            INDArray a = l.shape().length == 0 ? Nd4j.scalar(sum[0]) : Nd4j.create(sum, l.shape(), 'c');
            mean.put(e.getKey(), a.castTo(DataType.valueOf(l.dataType())));
        }
        return mean;
    }

    /** Forms every node whose children are complete, until none is left to form. */
    private void collapse() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<Long, Node> e : new ArrayList<>(nodes.entrySet())) {
                int level = (int) (e.getKey() >>> 32);
                int index = (int) (long) e.getKey();
                if (level == levels || !nodes.containsKey(e.getKey())) {
                    continue;
                }
                int sibling = index ^ 1;
                long parent = key(level + 1, index >>> 1);
                boolean siblingEmpty = ((long) sibling << level) >= partitions;
                if (siblingEmpty) {
                    nodes.put(parent, nodes.remove(e.getKey()));
                    changed = true;
                } else if (nodes.containsKey(key(level, sibling))) {
                    Node left = nodes.remove(key(level, Math.min(index, sibling)));
                    Node right = nodes.remove(key(level, Math.max(index, sibling)));
                    nodes.put(parent, sum(left, right));
                    changed = true;
                }
            }
        }
    }

    /** {@code n} with every entry in {@link Node#sums} (float32 ones widened, exactly). */
    private static Node widened(Node n) {
        n.floats.forEach((name, f) -> {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            n.sums.put(name, d);
        });
        n.floats.clear();
        return n;
    }

    /** left + right, element by element (into left's arrays, which this sum owns). */
    private static Node sum(Node left, Node right) {
        widened(left);
        widened(right);
        for (Map.Entry<String, double[]> e : left.sums.entrySet()) {
            double[] l = e.getValue();
            double[] r = right.sums.get(e.getKey());
            for (int i = 0; i < l.length; i++) {
                l[i] += r[i];
            }
        }
        left.loss += right.loss;
        left.steps += right.steps;
        left.samples += right.samples;
        left.partitions += right.partitions;
        return left;
    }

    private static Node copy(Node n) {
        LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();
        n.sums.forEach((k, v) -> sums.put(k, v.clone()));
        Node c = new Node(sums, n.loss, n.steps, n.samples, n.partitions);
        n.floats.forEach((k, v) -> c.floats.put(k, v.clone()));
        return c;
    }

    /** Whether a node of this sum already covers (or lies inside) the partitions of node {@code k}. */
    private boolean covered(long k) {
        int[] r = range(k);
        for (long mine : nodes.keySet()) {
            int[] m = range(mine);
            if (m[0] <= r[1] && r[0] <= m[1]) {
                return true;
            }
        }
        return false;
    }

    /** The first and last partition below node {@code k}. */
    private int[] range(long k) {
        int level = (int) (k >>> 32);
        int index = (int) k;
        long first = (long) index << level;
        long last = Math.min(partitions - 1L, first + (1L << level) - 1);
        return new int[] {(int) first, (int) last};
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | (index & 0xffffffffL);
    }

    private static boolean sameLayout(Map<String, Layout> a, Map<String, Layout> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Layout> e : a.entrySet()) {
            Layout other = b.get(e.getKey());
            if (!Arrays.equals(e.getValue().shape(), other.shape()) || !e.getValue().dataType().equals(other.dataType())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Map<String, Layout> layout) {
        StringBuilder s = new StringBuilder("{");
        layout.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append(Arrays.toString(v.shape())));
        return s.append("}").toString();
    }
}
