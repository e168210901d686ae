package org.nn4j.core;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ordered list of arrays, what a {@link TableModule} takes and returns: Lua Torch's table of tensors. A
 * {@link ConcatTable} outputs one array per branch, a {@link ParallelTable} maps the i-th array with its i-th branch,
 * and {@link CAddTable} or {@link JoinTable} make one array of a table again. A single array is a table of one array.
 *
 * <p>The list is immutable; the arrays are kept as given (not copied), and whoever made the table owns them. Two
 * tables are equal when they hold the same array objects in the same order.
 *
 * <pre>{@code
 * Table t = Table.of(x, y);
 * INDArray first = t.get(0);          // x itself
 * System.out.println(t);              // Table([4, 3], [4, 5])
 * }</pre>
 */
public final class Table {

    private final List<INDArray> arrays;

    private Table(List<INDArray> arrays) {
        this.arrays = arrays;
    }

    /**
     * A table of the given arrays, in this order.
     *
     * @param arrays kept, not copied or modified; none may be null
     * @return the table
     * @throws NullPointerException when an array is null
     */
    public static Table of(INDArray... arrays) {
        return new Table(List.of(arrays));
    }

    /**
     * A table of the arrays of {@code arrays}, in its order.
     *
     * @param arrays kept, not copied or modified; none may be null
     * @return the table
     * @throws NullPointerException when an array is null
     */
    public static Table of(List<INDArray> arrays) {
        return new Table(List.copyOf(arrays));
    }

    /** {@return the number of arrays} */
    public int size() {
        return arrays.size();
    }

    /**
     * The array at {@code index}.
     *
     * @param index 0-based position
     * @return the array itself, not a copy
     * @throws IndexOutOfBoundsException when {@code index} is not in 0..size()−1
     */
    public INDArray get(int index) {
        return arrays.get(index);
    }

    /** {@return the arrays, in order (an unmodifiable list of the arrays themselves)} */
    public List<INDArray> list() {
        return arrays;
    }

    /**
     * Whether {@code o} is a table of the same array objects, in the same order.
     *
     * @param o the object compared
     * @return true when both hold the same arrays (by identity)
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Table t) || t.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (t.get(i) != get(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@return a hash of the arrays' identities, consistent with {@link #equals}} */
    @Override
    public int hashCode() {
        int h = 1;
        for (INDArray a : arrays) {
            h = 31 * h + System.identityHashCode(a);
        }
        return h;
    }

    /** "1 array", "2 arrays": for messages. */
    static String arrays(int n) {
        return n + (n == 1 ? " array" : " arrays");
    }

    /** {@return the arrays' shapes, e.g. {@code Table([4, 3], [4, 5])}} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Table(");
        for (int i = 0; i < arrays.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(Arrays.toString(arrays.get(i).shape()));
        }
        return s.append(')').toString();
    }
}
