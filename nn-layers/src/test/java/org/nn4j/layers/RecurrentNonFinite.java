package org.nn4j.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nn4j.core.Module;

/**
 * Where LSTM, GRU and RNN put the non-finite outputs of one NaN or +Inf input element at {@code p = [n, t, c]}, as
 * PyTorch does ({@link NonFiniteInputTest}).
 *
 * <p>NaN reaches every later step of the sample in the forward direction and every earlier one in the reverse
 * direction, in every unit (the hidden projection mixes them all); a second bidirectional layer reads a NaN at every
 * step, so the whole sample is NaN. +Inf is squashed by the gates of LSTM and GRU and by tanh: every output stays
 * finite. relu passes +Inf on, so for RNN relu the answer depends on the signs of the weights: it is found by running
 * the network in plain Java doubles on an input that is 0 except for the poisoned element (the finite values play no
 * part: only the units holding ±Inf or NaN, and the signs of the weights they meet, decide which sums are non-finite).
 */
final class RecurrentNonFinite {

    private RecurrentNonFinite() {
    }

    /** LSTM, GRU and RNN tanh. */
    static NonFiniteInputTest.Where squashing(Module module) {
        Recurrent r = (Recurrent) module;
        return (in, p, out, nan) -> nan ? nanReach(r, p, out) : new boolean[(int) (out[0] * out[1] * out[2])];
    }

    /** RNN relu. */
    static NonFiniteInputTest.Where relu(Module module) {
        Recurrent r = (Recurrent) module;
        return (in, p, out, nan) -> nan ? nanReach(r, p, out) : reluReach(r, in, p, out);
    }

    private static boolean[] nanReach(Recurrent r, long[] p, long[] out) {
        boolean[] m = new boolean[(int) (out[0] * out[1] * out[2])];
        for (int n = 0; n < out[0]; n++) {
            for (int t = 0; t < out[1]; t++) {
                for (int j = 0; j < out[2]; j++) {
                    boolean reverse = j >= r.hiddenSize;
                    boolean reached = r.bidirectional && r.numLayers > 1 || (reverse ? t <= p[1] : t >= p[1]);
                    m[(int) ((n * out[1] + t) * out[2] + j)] = n == p[0] && reached;
                }
            }
        }
        return m;
    }

    private static boolean[] reluReach(Recurrent r, long[] in, long[] p, long[] out) {
        int batch = (int) in[0], steps = (int) in[1], d = r.directions(), h = r.hiddenSize;
        double[][][] x = new double[steps][batch][(int) in[2]];
        x[(int) p[1]][(int) p[0]][(int) p[2]] = Double.POSITIVE_INFINITY;
        double scale = r.isTraining() && r.dropout > 0 ? (r.dropout == 1 ? 0 : 1 / (1 - r.dropout)) : 1;
        int k = 0;
        for (int layer = 0; layer < r.numLayers; layer++) {
            double[][][] y = new double[steps][batch][d * h];
            for (int dir = 0; dir < d; dir++, k++) {
                double[][] wih = r.parameters().get(4 * k).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] whh = r.parameters().get(4 * k + 1).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] state = new double[batch][h];
                for (int s = 0; s < steps; s++) {
                    int t = dir == 0 ? s : steps - 1 - s;
                    double[][] next = new double[batch][h];
                    for (int n = 0; n < batch; n++) {
                        for (int u = 0; u < h; u++) {
                            double a = 0;
                            for (int c = 0; c < wih[u].length; c++) {
                                a += wih[u][c] * x[t][n][c];
                            }
                            for (int v = 0; v < h; v++) {
                                a += whh[u][v] * state[n][v];
                            }
                            next[n][u] = Double.isNaN(a) || a > 0 ? a : 0;
                            y[t][n][dir * h + u] = next[n][u];
                        }
                    }
                    state = next;
                }
            }
            if (layer + 1 < r.numLayers) {
                for (double[][] step : y) {
                    for (double[] sample : step) {
                        for (int j = 0; j < sample.length; j++) {
                            sample[j] *= scale;
                        }
                    }
                }
            }
            x = y;
        }
        boolean[] m = new boolean[(int) (out[0] * out[1] * out[2])];
        for (int n = 0; n < batch; n++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < d * h; j++) {
                    m[(n * steps + t) * d * h + j] = !Double.isFinite(x[t][n][j]);
                }
            }
        }
        return m;
    }
}
