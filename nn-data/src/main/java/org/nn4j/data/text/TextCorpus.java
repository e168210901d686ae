package org.nn4j.data.text;

import java.util.Arrays;

/**
 * A text as character indices, with its {@link Vocabulary}: what a character language model trains on.
 *
 * <pre>{@code
 * TextCorpus corpus = TextCorpus.of(text);
 * TextCorpus.Split split = corpus.split(0.1);           // the last 10 % for validation
 * Batches train = CharWindows.random(split.train(), 64, 32, 500, 42);
 * }</pre>
 *
 * @param vocabulary the characters and their indices
 * @param indices    the text, one index per character
 */
public record TextCorpus(Vocabulary vocabulary, int[] indices) {

    /** A training part and a validation part, each a contiguous stretch of the text. */
    public record Split(int[] train, int[] validation) {
    }

    /**
     * @param text the whole text; its characters make the vocabulary
     * @return the corpus of {@code text}
     * @throws IllegalArgumentException when {@code text} is empty
     */
    public static TextCorpus of(CharSequence text) {
        Vocabulary vocabulary = Vocabulary.of(text);
        return new TextCorpus(vocabulary, vocabulary.encode(text));
    }

    /** @return the number of characters */
    public int length() {
        return indices.length;
    }

    /**
     * Cuts the text in two: the first part for training, the last {@code validationFraction} for validation (a
     * contiguous cut rather than random windows, so no validation character is ever seen in training).
     *
     * @param validationFraction in (0, 1): the share of characters that goes to validation, rounded
     * @return the two parts
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or leaves a part with fewer than 2 characters
     */
    public Split split(double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TextCorpus: expected a validation fraction in (0, 1), found "
                    + validationFraction);
        }
        int validation = (int) Math.round(validationFraction * indices.length);
        int train = indices.length - validation;
        if (validation < 2 || train < 2) {
            throw new IllegalArgumentException("TextCorpus: a validation fraction of " + validationFraction + " splits "
                    + indices.length + " characters into " + train + " and " + validation
                    + "; each part needs at least 2 (an input and its next character)");
        }
        return new Split(Arrays.copyOfRange(indices, 0, train), Arrays.copyOfRange(indices, train, indices.length));
    }
}
