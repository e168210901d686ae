package org.nn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded splits of a data set by sample index: train/validation (optionally stratified, so
 * that each class keeps its proportion) and N-per-class subsets (RotNet's 100 labelled
 * images are 10 per class). Indices come back sorted; select them with {@link ImageSet#select}.
 */
public final class Splits {

    /** Disjoint sample indices, each sorted, covering the data set. */
    public record Split(int[] train, int[] validation) {
    }

    private Splits() {
    }

    /**
     * @param labels             one class index per sample (for the stratified split); not modified
     * @param validationFraction in [0, 1]: {@code round(fraction · n)} samples go to validation
     *                           (per class when stratified)
     * @param stratified         true to split each class in the same proportion
     * @param seed               the same seed gives the same split
     * @return disjoint sorted training and validation indices
     * @throws IllegalArgumentException when {@code validationFraction} is not in [0, 1]
     */
    public static Split trainValidation(int[] labels, double validationFraction, boolean stratified, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("Splits: expected a validation fraction in [0, 1], found "
                    + validationFraction);
        }
        Random random = new Random(seed);
        List<int[]> groups = stratified ? byClass(labels) : List.of(range(labels.length));
        int[] validation = new int[0];
        int[] train = new int[0];
        for (int[] group : groups) {
            shuffle(group, random);
            int v = (int) Math.round(validationFraction * group.length);
            validation = concat(validation, Arrays.copyOfRange(group, 0, v));
            train = concat(train, Arrays.copyOfRange(group, v, group.length));
        }
        Arrays.sort(train);
        Arrays.sort(validation);
        return new Split(train, validation);
    }

    /**
     * {@code perClass} samples of each class, drawn at random.
     *
     * @param labels class indices in {@code 0 .. classes-1}; not modified
     * @param classes  the number of classes
     * @param perClass how many samples to draw from each class
     * @param seed     the same seed gives the same draw
     * @return sorted indices, {@code classes · perClass} of them
     */
    public static int[] perClass(int[] labels, int classes, int perClass, long seed) {
        Random random = new Random(seed);
        List<int[]> groups = byClass(labels);
        int[] chosen = new int[0];
        for (int k = 0; k < classes; k++) {
            int[] group = k < groups.size() ? groups.get(k) : new int[0];
            if (group.length < perClass) {
                throw new IllegalArgumentException("Splits: expected at least " + perClass + " samples of class " + k
                        + ", found " + group.length);
            }
            shuffle(group, random);
            chosen = concat(chosen, Arrays.copyOf(group, perClass));
        }
        Arrays.sort(chosen);
        return chosen;
    }

    private static List<int[]> byClass(int[] labels) {
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        int[] counts = new int[classes];
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("Splits: expected non-negative labels, found " + label);
            }
            counts[label]++;
        }
        List<int[]> groups = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            groups.add(new int[counts[k]]);
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            groups.get(labels[i])[filled[labels[i]]++] = i;
        }
        return groups;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
