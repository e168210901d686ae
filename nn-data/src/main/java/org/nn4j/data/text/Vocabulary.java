package org.nn4j.data.text;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The characters of a text, each mapped to an index: {@code 0 .. size()-1} in the characters' code order, as
 * char-rnn and nanoGPT's character models build them. {@link #encode} turns text into the indices an
 * {@code Embedding} takes, {@link #decode} turns sampled indices back into text.
 *
 * <pre>{@code
 * Vocabulary vocabulary = Vocabulary.of(text);
 * int[] indices = vocabulary.encode("hello");
 * String again = vocabulary.decode(indices);
 * }</pre>
 */
public final class Vocabulary {

    private final char[] characters;
    private final int[] indexOf;

    private Vocabulary(char[] characters) {
        this.characters = characters;
        this.indexOf = new int[Character.MAX_VALUE + 1];
        Arrays.fill(indexOf, -1);
        for (int i = 0; i < characters.length; i++) {
            indexOf[characters[i]] = i;
        }
    }

    /**
     * The vocabulary of every character that occurs in {@code text}.
     *
     * @param text the text; characters are UTF-16 code units, so a character outside the Basic Multilingual Plane
     *             counts as two
     * @return its distinct characters in code order
     * @throws IllegalArgumentException when {@code text} is empty
     */
    public static Vocabulary of(CharSequence text) {
        if (text.length() == 0) {
            throw new IllegalArgumentException("Vocabulary: expected a non-empty text, found an empty one");
        }
        TreeSet<Character> distinct = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            distinct.add(text.charAt(i));
        }
        char[] characters = new char[distinct.size()];
        int i = 0;
        for (char c : distinct) {
            characters[i++] = c;
        }
        return new Vocabulary(characters);
    }

    /** @return the number of distinct characters, the {@code numEmbeddings} of an Embedding and the classes of the loss */
    public int size() {
        return characters.length;
    }

    /**
     * @param text text made of this vocabulary's characters
     * @return one index per character
     * @throws IllegalArgumentException naming the first character that is not in the vocabulary and its position
     */
    public int[] encode(CharSequence text) {
        int[] indices = new int[text.length()];
        for (int i = 0; i < indices.length; i++) {
            char c = text.charAt(i);
            int index = indexOf[c];
            if (index < 0) {
                throw new IllegalArgumentException("Vocabulary: character " + describe(c) + " at position " + i
                        + " is not among the " + size() + " characters of the vocabulary");
            }
            indices[i] = index;
        }
        return indices;
    }

    /**
     * @param index an index in {@code 0 .. size()-1}
     * @return its character
     * @throws IllegalArgumentException when {@code index} is out of range
     */
    public char character(int index) {
        if (index < 0 || index >= characters.length) {
            throw new IllegalArgumentException("Vocabulary: expected an index in 0.." + (characters.length - 1)
                    + ", found " + index);
        }
        return characters[index];
    }

    /**
     * @param indices indices in {@code 0 .. size()-1}
     * @return their characters as a string
     * @throws IllegalArgumentException when an index is out of range
     */
    public String decode(int... indices) {
        StringBuilder text = new StringBuilder(indices.length);
        for (int index : indices) {
            text.append(character(index));
        }
        return text.toString();
    }

    /**
     * @param c a character
     * @return whether {@code c} is in the vocabulary
     */
    public boolean contains(char c) {
        return indexOf[c] >= 0;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " characters)";
    }
}
