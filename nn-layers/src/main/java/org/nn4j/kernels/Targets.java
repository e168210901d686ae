package org.nn4j.kernels;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Checks;

/**
 * Target checks and conversions shared by the losses. The checks are a few reductions over the
 * target; only when one fails is the offending element searched for (in Java, on the error path).
 */
public final class Targets {

    private Targets() {
    }

    /**
     * The targets of a classification loss as a dense {@code [N, C]} array in the prediction's dtype:
     * class indices ({@code [N]} or {@code [N, 1]}, any numeric dtype, integral values in [0, C)) become
     * one-hot rows; an array shaped like the prediction (one-hot rows or class probabilities in [0, 1])
     * is taken as it is.
     *
     * @param target     not modified; may be returned itself when already dense and of the prediction's dtype
     * @param prediction {@code [N, C]}; not modified
     * @param loss       the loss's name, used in error messages
     * @return {@code [N, C]} targets in the prediction's dtype
     * @throws IllegalArgumentException when the target fits none of the layouts, naming both shapes or the offending value,
     *         or when the prediction is not floating-point or is empty
     */
    public static INDArray dense(String loss, INDArray target, INDArray prediction) {
        if (prediction.rank() != 2) {
            throw new IllegalArgumentException(loss + ": expected prediction of rank 2 [N, C], found rank "
                    + prediction.rank() + " with shape " + Checks.shape(prediction));
        }
        requireFloatingPoint(loss, prediction);
        Checks.requireNonEmptyBatch(loss, prediction);
        long n = prediction.size(0);
        long classes = prediction.size(1);
        if (Arrays.equals(target.shape(), prediction.shape())) {
            requireWithin(loss, target, 0, 1, "target probability");
            return target.dataType() == prediction.dataType() ? target : target.castTo(prediction.dataType());
        }
        boolean indices = target.length() == n && (target.rank() == 1 || target.rank() == 2 && target.size(1) == 1);
        if (!indices) {
            throw new IllegalArgumentException(loss + ": target and prediction shapes differ: target " + Checks.shape(target)
                    + ", prediction " + Checks.shape(prediction) + " (expected class indices [" + n + "] or [" + n
                    + ", 1], or one-hot [" + n + ", " + classes + "])");
        }
        INDArray index = target.reshape(n);
        INDArray asLong = index.dataType() == DataType.LONG ? index : index.castTo(DataType.LONG);
        double min = index.minNumber().doubleValue();
        double max = index.maxNumber().doubleValue();
        boolean integral = !index.dataType().isFPType() || asLong.castTo(index.dataType()).equals(index);
        if (min < 0 || max >= classes || !integral || Double.isNaN(min) || Double.isNaN(max)) {
            double[] v = index.castTo(DataType.DOUBLE).toDoubleVector();
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] >= 0 && v[i] < classes)) {
                    throw new IllegalArgumentException(loss + ": class index " + format(v[i]) + " at target[" + i
                            + "] is outside [0, " + classes + ") (prediction " + Checks.shape(prediction) + ")");
                }
                if (v[i] != Math.rint(v[i])) {
                    throw new IllegalArgumentException(loss + ": class index " + v[i] + " at target[" + i
                            + "] is not an integer");
                }
            }
        }
        return Nd4j.exec(new OneHot(asLong, (int) classes, -1, 1.0, 0.0, prediction.dataType()))[0];
    }

    /**
     * {@link #dense}'s values, c order, read in Java: no ND4J op when the target is valid (checked in the
     * same loop). Anything else goes through {@link #dense}, which throws with its message.
     *
     * @param target     not modified
     * @param prediction {@code [N, C]}; not modified
     * @param loss       the loss's name, used in error messages
     * @return the {@code N·C} dense target values
     * @throws IllegalArgumentException as {@link #dense}
     */
    public static double[] denseValues(String loss, INDArray target, INDArray prediction) {
        if (prediction.rank() == 2 && prediction.dataType().isFPType() && !prediction.isEmpty()) {
            double[] t = Arrays.equals(target.shape(), prediction.shape()) ? probabilities(target)
                    : oneHot(target, (int) prediction.size(0), (int) prediction.size(1));
            if (t != null) {
                return t;
            }
        }
        return Host.values(dense(loss, target, prediction));
    }

    /** The values when all are in [0, 1], else null. */
    private static double[] probabilities(INDArray target) {
        double[] t = Host.values(target);
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] >= 0 && t[i] <= 1)) {
                return null;
            }
        }
        return t;
    }

    /** One-hot rows from class indices [n] or [n, 1] when all are integers in [0, classes), else null. */
    private static double[] oneHot(INDArray target, int n, int classes) {
        boolean indices = target.length() == n && (target.rank() == 1 || target.rank() == 2 && target.size(1) == 1);
        if (!indices) {
            return null;
        }
        double[] t = new double[n * classes];
        double[] index = Host.values(target);
        for (int i = 0; i < n; i++) {
            double c = index[i];
            if (!(c >= 0 && c < classes && c == Math.rint(c))) {
                return null;
            }
            t[i * classes + (int) c] = 1;
        }
        return t;
    }

    /**
     * Throws, naming the first offending element, unless every value of {@code a} is in [low, high]. A NaN passes
     * (ND4J's min and max, which the check reads, skip it): a loss of a NaN prediction is NaN.
     *
     * @param loss the loss's name, used in the message
     * @param a    not modified
     * @param low  the smallest allowed value
     * @param high the largest allowed value
     * @param what what the values are, named in the message (e.g. "target")
     * @throws IllegalArgumentException at the first value outside [low, high]
     */
    public static void requireWithin(String loss, INDArray a, double low, double high, String what) {
        double min = a.minNumber().doubleValue();
        double max = a.maxNumber().doubleValue();
        if (min >= low && max <= high) {
            return;
        }
        INDArray c = a.castTo(DataType.DOUBLE).dup('c');
        for (long i = 0; i < c.length(); i++) {
            double v = c.getDouble(i);
            if (!(v >= low && v <= high)) {
                throw new IllegalArgumentException(loss + ": expected every " + what + " in [" + format(low) + ", "
                        + format(high) + "], found " + format(v) + " at " + index(i, c.shape()));
            }
        }
    }

    /**
     * @param loss       the loss's name, used in the message
     * @param prediction not modified
     * @throws IllegalArgumentException when {@code prediction} is not a floating-point array
     */
    public static void requireFloatingPoint(String loss, INDArray prediction) {
        if (!prediction.dataType().isFPType()) {
            throw new IllegalArgumentException(loss + ": expected a floating-point prediction, found "
                    + prediction.dataType());
        }
    }

    /**
     * Same shape, target cast to the prediction's dtype (a no-op when it already is).
     *
     * @param loss       the loss's name, used in error messages
     * @param target     not modified
     * @param prediction not modified
     * @return {@code target} itself, or a cast copy
     * @throws IllegalArgumentException when the shapes differ, naming both, or when the prediction is not
     *         floating-point or is empty
     */
    public static INDArray sameShape(String loss, INDArray target, INDArray prediction) {
        Checks.requireSameShape(loss, target, prediction);
        requireFloatingPoint(loss, prediction);
        Checks.requireNonEmptyBatch(loss, prediction);
        return target.dataType() == prediction.dataType() ? target : target.castTo(prediction.dataType());
    }

    /**
     * Dense targets scaled by class weights, with ignored samples' rows zeroed, and what their weighted sum is divided
     * by: PyTorch's weighted mean ({@link #weighted}).
     *
     * @param targets  {@code [N, C]} in the prediction's dtype, a new array
     * @param divisor  {@code Σ_n w[y_n]} over the samples not ignored for class indices, N for rows shaped like the
     *                 prediction
     */
    public record Weighted(INDArray targets, double divisor) {
    }

    /**
     * A copy of a weight per class, after checking that it is a floating-point vector.
     *
     * @param loss   the loss's name, used in the message
     * @param weight {@code [C]}, or null for none; not modified
     * @return a float64 copy, or null
     * @throws IllegalArgumentException when {@code weight} is not a floating-point vector
     */
    public static INDArray classWeights(String loss, INDArray weight) {
        if (weight == null) {
            return null;
        }
        if (weight.rank() != 1 || !weight.dataType().isFPType() || weight.isEmpty()) {
            throw new IllegalArgumentException(loss + ": expected a floating-point weight per class [C], found "
                    + weight.dataType() + " " + Checks.shape(weight));
        }
        return weight.castTo(DataType.DOUBLE).dup('c');
    }

    /**
     * {@link #dense}'s targets with PyTorch's class weights and ignored index: each row times {@code weight}
     * (when not null), rows whose class index is {@code ignoreIndex} (when not null) zeroed.
     *
     * @param loss        the loss's name, used in error messages
     * @param target      class indices {@code [N]}/{@code [N, 1]} or rows shaped like the prediction; not modified
     * @param prediction  {@code [N, C]}; not modified
     * @param weight      {@code [C]} from {@link #classWeights}, or null; not modified
     * @param ignoreIndex the class index whose samples add nothing, or null
     * @return the scaled targets and the divisor of the mean
     * @throws IllegalArgumentException as {@link #dense}, when the weight does not have C elements, or when
     *         {@code ignoreIndex} is set and the target is shaped like the prediction (PyTorch's rule)
     */
    public static Weighted weighted(String loss, INDArray target, INDArray prediction, INDArray weight, Long ignoreIndex) {
        boolean indices = !Arrays.equals(target.shape(), prediction.shape());
        // a prediction dense() rejects is rejected by it first, with its message
        boolean valid = prediction.rank() == 2 && prediction.dataType().isFPType() && !prediction.isEmpty();
        INDArray t;
        if (valid && indices && ignoreIndex != null && target.length() == prediction.size(0)
                && (target.rank() == 1 || target.rank() == 2 && target.size(1) == 1)) {
            INDArray index = target.reshape(target.length()).castTo(DataType.DOUBLE);
            INDArray keep = index.neq(ignoreIndex).castTo(DataType.DOUBLE);
            t = dense(loss, index.mul(keep), prediction).muli(keep.reshape(keep.length(), 1).castTo(prediction.dataType()));
        } else {
            if (valid && !indices && ignoreIndex != null) {
                throw new IllegalArgumentException(loss + ": ignoreIndex applies to class indices [N] or [N, 1], found a target "
                        + "shaped like the prediction " + Checks.shape(prediction));
            }
            t = dense(loss, target, prediction);
        }
        if (weight != null) {
            if (weight.length() != prediction.size(1)) {
                throw new IllegalArgumentException(loss + ": expected a weight per class, [" + prediction.size(1)
                        + "] for prediction " + Checks.shape(prediction) + ", found " + Checks.shape(weight));
            }
            t = t.mul(weight.castTo(prediction.dataType()).reshape(1, weight.length()));
        } else if (t == target) {
            t = t.dup();
        }
        return new Weighted(t, indices ? t.sumNumber().doubleValue() : prediction.size(0));
    }

    /**
     * Checks the arguments of a regression loss, whose target is a value of the prediction's kind: the same shape, a
     * floating-point prediction, at least one element and the same dtype (a float64 target for a float32 prediction
     * is a mistake to name, not to cast silently).
     *
     * @param loss       the loss's name, used in error messages
     * @param target     not modified
     * @param prediction not modified
     * @throws IllegalArgumentException when the shapes differ, naming both, when the prediction is not
     *         floating-point or is empty, or when the dtypes differ, naming both
     */
    public static void requireSameShapeAndDtype(String loss, INDArray target, INDArray prediction) {
        Checks.requireSameShape(loss, target, prediction);
        requireFloatingPoint(loss, prediction);
        Checks.requireNonEmptyBatch(loss, prediction);
        if (target.dataType() != prediction.dataType()) {
            throw new IllegalArgumentException(loss + ": target and prediction dtypes differ: target "
                    + target.dataType() + ", prediction " + prediction.dataType());
        }
    }

    /**
     * A prediction {@code [N, C, d1, …]} and its target, as the arrays of the {@code [N, C]} path: positions become
     * rows, {@code M = N·d1·…} of them, in c order over {@code [N, d1, …]}.
     *
     * @param target     {@code [M]} class indices or {@code [M, C]} rows, in the order of {@code prediction}'s rows
     * @param prediction {@code [M, C]}, a new c-order array
     * @param positions  {@code [N, d1, …]}, the shape of a per-position result
     * @param shape      the shape of the original prediction
     */
    public record Flat(INDArray target, INDArray prediction, long[] positions, long[] shape) {

        /**
         * dL/dprediction of the {@code [M, C]} rows, back in the original layout.
         *
         * @param rows {@code [M, C]}; not modified
         * @return a new c-order array shaped like the original prediction
         */
        public INDArray unflatten(INDArray rows) {
            int rank = shape.length;
            long[] last = new long[rank];
            System.arraycopy(positions, 0, last, 0, rank - 1);
            last[rank - 1] = shape[1];
            int[] back = new int[rank];
            back[1] = rank - 1;
            for (int d = 2; d < rank; d++) {
                back[d] = d - 1;
            }
            return rows.reshape(last).permute(back).dup('c');
        }

        /**
         * A value per row, shaped as the positions.
         *
         * @param perRow {@code [M]}; not modified
         * @return {@code [N, d1, …]}
         */
        public INDArray perPosition(INDArray perRow) {
            return perRow.reshape(positions);
        }
    }

    /**
     * Checks a prediction {@code [N, C, d1, …]} (rank 3 or more) and its target, PyTorch's layouts: class indices
     * {@code [N, d1, …]} (any numeric dtype, integral values in [0, C) or {@code ignoreIndex}) or probabilities shaped
     * like the prediction, in [0, 1] (not with {@code ignoreIndex}); then flattens both to the {@code [N, C]} path's
     * layout. Errors name the original shapes and positions.
     *
     * @param loss        the loss's name, used in error messages
     * @param target      not modified
     * @param prediction  rank 3 or more; not modified
     * @param weight      {@code [C]} or null; only its length is checked
     * @param ignoreIndex the class index whose positions add nothing, or null
     * @return the flattened arrays
     * @throws IllegalArgumentException when the prediction is not floating-point or is empty, when the target fits
     *         neither layout (naming both shapes), at the first class index outside [0, C) or not an integer, at the
     *         first probability outside [0, 1], when the weight does not have C elements, or when {@code ignoreIndex}
     *         is set and the target is shaped like the prediction
     */
    public static Flat flatten(String loss, INDArray target, INDArray prediction, INDArray weight, Long ignoreIndex) {
        requireFloatingPoint(loss, prediction);
        Checks.requireNonEmptyBatch(loss, prediction);
        long[] shape = prediction.shape();
        int rank = shape.length;
        long classes = shape[1];
        long[] positions = new long[rank - 1];
        positions[0] = shape[0];
        System.arraycopy(shape, 2, positions, 1, rank - 2);
        long rows = prediction.length() / classes;
        boolean dense = Arrays.equals(target.shape(), shape);
        if (!dense && !Arrays.equals(target.shape(), positions)) {
            throw new IllegalArgumentException(loss + ": target and prediction shapes differ: target " + Checks.shape(target)
                    + ", prediction " + Checks.shape(prediction) + " (expected class indices " + Arrays.toString(positions)
                    + " or probabilities " + Arrays.toString(shape) + ")");
        }
        if (weight != null && weight.length() != classes) {
            throw new IllegalArgumentException(loss + ": expected a weight per class, [" + classes + "] for prediction "
                    + Checks.shape(prediction) + ", found " + Checks.shape(weight));
        }
        int[] toLast = new int[rank];
        for (int d = 1; d < rank - 1; d++) {
            toLast[d] = d + 1;
        }
        toLast[rank - 1] = 1;
        INDArray flatPrediction = prediction.permute(toLast).dup('c').reshape(rows, classes);
        INDArray flatTarget;
        if (dense) {
            if (ignoreIndex != null) {
                throw new IllegalArgumentException(loss + ": ignoreIndex applies to class indices " + Arrays.toString(positions)
                        + ", found a target shaped like the prediction " + Checks.shape(prediction));
            }
            requireWithin(loss, target, 0, 1, "target probability");
            flatTarget = target.permute(toLast).dup('c').reshape(rows, classes);
        } else {
            requireClassIndices(loss, target, prediction, classes, ignoreIndex);
            flatTarget = target.dup('c').reshape(rows);
        }
        return new Flat(flatTarget, flatPrediction, positions, shape);
    }

    /** Throws at the first element of {@code index} that is neither {@code ignoreIndex} nor an integer in [0, classes). */
    private static void requireClassIndices(String loss, INDArray index, INDArray prediction, long classes, Long ignoreIndex) {
        INDArray check = index.castTo(DataType.DOUBLE);
        if (ignoreIndex != null) {
            check = check.mul(check.neq(ignoreIndex).castTo(DataType.DOUBLE));
        }
        double min = check.minNumber().doubleValue();
        double max = check.maxNumber().doubleValue();
        boolean integral = !index.dataType().isFPType() || check.castTo(DataType.LONG).castTo(DataType.DOUBLE).equals(check);
        if (min >= 0 && max < classes && integral) {
            return;
        }
        INDArray c = index.castTo(DataType.DOUBLE).dup('c');
        double[] v = Host.values(c);
        for (int i = 0; i < v.length; i++) {
            if (ignoreIndex != null && v[i] == ignoreIndex) {
                continue;
            }
            if (!(v[i] >= 0 && v[i] < classes)) {
                throw new IllegalArgumentException(loss + ": class index " + format(v[i]) + " at target" + position(i, c.shape())
                        + " is outside [0, " + classes + ") (prediction " + Checks.shape(prediction) + ")");
            }
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(loss + ": class index " + v[i] + " at target" + position(i, c.shape())
                        + " is not an integer");
            }
        }
    }

    private static String position(long flat, long[] shape) {
        return index(flat, shape).substring("index ".length());
    }

    private static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String index(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "index " + Arrays.toString(index);
    }
}
