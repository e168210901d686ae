package org.nn4j.data.text;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nn4j.core.Checks;
import org.nn4j.core.Module;

/**
 * Writes text with a trained character model, one character at a time: the model reads the last
 * {@code context} characters and the next one is drawn from the softmax of its last position's logits divided
 * by a temperature (below 1 more conservative, above 1 more surprising, 0 always the most likely character).
 *
 * <pre>{@code
 * TextSampler sampler = new TextSampler(model, corpus.vocabulary(), 64);
 * System.out.println(sampler.sample("The ", 200, 0.8, 7));
 * }</pre>
 *
 * <p>The model takes {@code [1, T]} character indices (int32) and returns {@code [1, V, T]} logits, the layout
 * {@code CrossEntropyLoss} trains on (end the model with {@code Transpose(1, 2)} after a {@code [N, T, V]}
 * layer), or {@code [1, V]} logits of the next character only. It runs in eval mode; its mode is restored after.
 */
public final class TextSampler {

    private final Module model;
    private final Vocabulary vocabulary;
    private final int context;

    /**
     * @param model      the trained model
     * @param vocabulary the vocabulary it was trained with
     * @param context    how many of the last characters the model reads for each new one (its training window)
     * @throws IllegalArgumentException when {@code context < 1}
     */
    public TextSampler(Module model, Vocabulary vocabulary, int context) {
        if (context < 1) {
            throw new IllegalArgumentException("TextSampler: expected a context of at least 1 character, found " + context);
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.context = context;
    }

    /**
     * @param prime       the text to start from (at least one character, all in the vocabulary); not part of the result
     * @param length      how many characters to write
     * @param temperature ≥ 0; 0 picks the most likely character every time
     * @param seed        the same seed gives the same text
     * @return the {@code length} characters written after {@code prime}
     * @throws IllegalArgumentException on an empty prime, a character outside the vocabulary, a negative length or
     *                                  temperature, or a model output of another shape
     */
    public String sample(String prime, int length, double temperature, long seed) {
        if (prime.isEmpty() || length < 0 || !(temperature >= 0)) {
            throw new IllegalArgumentException("TextSampler: expected a non-empty prime, a length ≥ 0 and a temperature"
                    + " ≥ 0, found prime '" + prime + "', length " + length + ", temperature " + temperature);
        }
        int[] text = Arrays.copyOf(vocabulary.encode(prime), prime.length() + length);
        int written = prime.length();
        SplittableRandom random = new SplittableRandom(seed);
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (; written < text.length; written++) {
                int from = Math.max(0, written - context);
                INDArray x = Nd4j.createFromArray(Arrays.copyOfRange(text, from, written)).reshape(1, written - from);
                text[written] = draw(lastLogits(model.forward(x), written - from), temperature, random);
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return vocabulary.decode(Arrays.copyOfRange(text, prime.length(), text.length));
    }

    private double[] lastLogits(INDArray output, int steps) {
        int v = vocabulary.size();
        boolean sequence = output.rank() == 3 && output.size(0) == 1 && output.size(1) == v && output.size(2) == steps;
        boolean next = output.rank() == 2 && output.size(0) == 1 && output.size(1) == v;
        if (!sequence && !next) {
            throw new IllegalArgumentException("TextSampler: expected the model to return [1, " + v + ", " + steps
                    + "] or [1, " + v + "] logits for an input of [1, " + steps + "], found " + Checks.shape(output));
        }
        INDArray last = sequence ? output.get(NDArrayIndex.point(0),
                NDArrayIndex.all(), NDArrayIndex.point(steps - 1))
                : output.getRow(0);
        return last.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** Index drawn from softmax(logits / temperature); the largest logit when the temperature is 0. */
    static int draw(double[] logits, double temperature, SplittableRandom random) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return best;
    }
}
