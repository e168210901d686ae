package org.nn4j.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element access from Java, for the losses. A loss's arithmetic on an {@code [N, C]} batch is a few
 * thousand elements: one Java loop over them is cheaper than a dozen native ops, each of which costs a
 * JNI call and new ND4J objects (whose clean-up made the garbage collector a tenth of a small MLP's step).
 *
 * <p>Values are copied in and out in bulk, through the buffer's memory as an NIO buffer: ND4J's
 * {@code asFloat()} and {@code setData(float[])} go element by element through an indexer, several
 * times slower, and a loss makes such copies on every step. The affinity
 * manager keeps this right on a GPU backend (host copy brought up to date before reading, marked
 * as the newer one after writing); on the CPU both calls do nothing. A GPU would copy every step, so
 * there the losses take their ND4J-ops forms instead ({@link LossOps}).
 */
public final class Host {

    private Host() {
    }

    /**
     * The elements of {@code a} in c order, as doubles (a copy).
     *
     * @param a not modified
     * @return a new array of {@code a.length()} values
     */
    public static double[] values(INDArray a) {
        if (a.isEmpty()) {
            return new double[0]; // an empty array has no buffer memory to read
        }
        Extents.check("Host.values", a); // before dup, which reads every element a addresses
        INDArray c = ownsItsMemory(a) ? a : a.dup('c');
        double[] v = new double[(int) c.length()];
        Extents.checkBytes("Host.values", c, c.length() * c.dataType().width());
        if (c.dataType() == DataType.DOUBLE) {
            memory(c, true).asDoubleBuffer().get(v);
        } else if (c.dataType() == DataType.FLOAT) {
            float[] f = new float[v.length];
            memory(c, true).asFloatBuffer().get(f);
            for (int i = 0; i < f.length; i++) {
                v[i] = f[i];
            }
        } else {
            return c.data().asDouble();
        }
        return v;
    }

    /**
     * A new c-ordered array shaped and typed like {@code like}, holding {@code values} (c order).
     *
     * @param values as many as {@code like} has elements; not modified
     * @param like   only its shape and dtype are read
     * @return a new array
     */
    public static INDArray array(double[] values, INDArray like) {
        INDArray out = Nd4j.createUninitialized(like.dataType(), like.shape());
        Extents.checkBytes("Host.array", out, (long) values.length * out.dataType().width());
        if (like.dataType() == DataType.DOUBLE) {
            memory(out, false).asDoubleBuffer().put(values);
        } else if (like.dataType() == DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            memory(out, false).asFloatBuffer().put(f);
        } else {
            out.data().setData(values);
            return out;
        }
        Nd4j.getAffinityManager().tagLocation(out, AffinityManager.Location.HOST);
        return out;
    }

    /**
     * True when {@code a} is exactly its buffer's memory, in c order. (The NIO buffer of a buffer that is
     * a view of another starts at the other's first element: hence the buffer's offset 0.)
     */
    private static boolean ownsItsMemory(INDArray a) {
        DataBuffer data = a.data();
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 && data.offset() == 0 && data.length() == a.length();
    }

    /** The host memory of {@code a} (which owns it), in native byte order, brought up to date first when read. */
    private static ByteBuffer memory(INDArray a, boolean read) {
        if (read) {
            Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        }
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }
}
