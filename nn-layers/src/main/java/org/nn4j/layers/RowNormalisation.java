package org.nn4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Normalisation of each row of an {@code [M, K]} matrix to mean 0 and (biased) variance 1, and its backward pass:
 * the maths shared by {@link LayerNorm}, {@link GroupNorm} and {@link InstanceNorm2D}, which differ only in how they
 * lay their input out as rows (M normalised groups of K values) and where their affine parameters apply.
 */
final class RowNormalisation {

    private RowNormalisation() {
    }

    /**
     * x̂ = (x − mean) · invStd, invStd = 1 / √(var + eps), mean and biased var per row.
     *
     * @param xHat   {@code [M, K]}, a new array
     * @param invStd {@code [M, 1]}
     */
    record Normalised(INDArray xHat, INDArray invStd) {
    }

    /**
     * @param x   {@code [M, K]}, K ≥ 1; not modified
     * @param eps added to the variance
     */
    static Normalised forward(INDArray x, double eps) {
        INDArray centred = x.sub(x.mean(true, 1));                                  // [M, K]
        // var = |x − mean|² / K: ND4J's variance reduction costs several times a norm of the centred rows
        INDArray norm = centred.norm2(true, 1);                                     // [M, 1]
        INDArray invStd = Transforms.pow(norm.muli(norm).divi(x.size(1)).addi(eps), -0.5, false);
        return new Normalised(centred.muli(invStd), invStd);
    }

    /**
     * dL/dx for dL/dx̂ = {@code g}: since the row's mean and variance depend on x too,
     * {@code dx = invStd · (g − mean(g) − x̂ · mean(g ⊙ x̂))}, the means per row.
     *
     * @param g {@code [M, K]}, dL/dx̂; not modified
     * @param n the forward pass's result on the same x
     * @return a new {@code [M, K]} array
     */
    static INDArray backward(INDArray g, Normalised n) {
        INDArray meanG = g.mean(true, 1);                      // [M, 1]
        INDArray meanGXHat = g.mul(n.xHat()).mean(true, 1);    // [M, 1]
        return n.xHat().mul(meanGXHat).rsubi(g).subi(meanG).muli(n.invStd());
    }
}
