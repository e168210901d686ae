package org.nn4j.kernels;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Workspaces;

/**
 * Columns of ones {@code [n, 1]}, GEMM operands that broadcast or sum over the batch. Made once per
 * thread, size and dtype, outside any workspace, and never written.
 */
public final class Ones {

    private static final int MAX_CACHED = 16;
    private static final ThreadLocal<Map<Long, INDArray>> COLUMNS = ThreadLocal.withInitial(HashMap::new);

    private Ones() {
    }

    /**
     * A cached column of ones, shared: callers must not modify it.
     *
     * @param n        the number of rows
     * @param dataType the dtype
     * @return a {@code [n, 1]} array of ones, allocated outside every workspace
     */
    public static INDArray column(long n, DataType dataType) {
        Map<Long, INDArray> columns = COLUMNS.get();
        if (columns.size() > MAX_CACHED) {
            columns.clear(); // many batch sizes: start again rather than grow
        }
        return columns.computeIfAbsent(n * DataType.values().length + dataType.ordinal(),
                key -> Workspaces.outside(() -> Nd4j.ones(dataType, n, 1)));
    }
}
