package org.nn4j.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element access from Java, for the losses. A loss's arithmetic on an {@code [N, C]} batch is a few
 * thousand elements: one Java loop over them is cheaper than a dozen native ops, each of which costs a
 * JNI call and new ND4J objects (whose clean-up made the garbage collector a tenth of a small MLP's step).
 * Values are copied in and out in bulk: element by element through a DataBuffer is 10× slower.
 */
final class Host {

    private Host() {
    }

    /**
     * The elements of {@code a} in c order, as doubles (a copy).
     *
     * @param a not modified
     */
    static double[] values(INDArray a) {
        boolean direct = a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.data().length() == a.length();
        INDArray c = direct ? a : a.dup('c');
        if (c.dataType() != DataType.FLOAT) {
            return c.data().asDouble();
        }
        float[] f = c.data().asFloat();
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = f[i];
        }
        return v;
    }

    /** A new c-ordered array shaped and typed like {@code like}, holding {@code values} (c order). */
    static INDArray array(double[] values, INDArray like) {
        INDArray out = Nd4j.createUninitialized(like.dataType(), like.shape());
        if (like.dataType() != DataType.FLOAT) {
            out.data().setData(values);
            return out;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        out.data().setData(f);
        return out;
    }
}
