package org.nn4j.examples.usps;

/**
 * Purity of a clustering against the true classes: every cluster is credited with its most
 * frequent class, and purity is the fraction of samples that belong to their cluster's class.
 * 1 means every cluster holds a single class; a single cluster scores the largest class's share.
 */
final class ClusterPurity {

    private ClusterPurity() {
    }

    /**
     * @param clusters cluster index of each sample, each ≥ 0; not modified
     * @param labels   true class of each sample, each ≥ 0; not modified
     */
    static double of(int[] clusters, int[] labels) {
        if (clusters.length != labels.length || clusters.length == 0) {
            throw new IllegalArgumentException("ClusterPurity: expected as many cluster indices as labels (at least one),"
                    + " found " + clusters.length + " and " + labels.length);
        }
        int k = 0;
        int classes = 0;
        for (int i = 0; i < clusters.length; i++) {
            if (clusters[i] < 0 || labels[i] < 0) {
                throw new IllegalArgumentException("ClusterPurity: expected non-negative cluster indices and labels, found "
                        + clusters[i] + " and " + labels[i] + " at index " + i);
            }
            k = Math.max(k, clusters[i] + 1);
            classes = Math.max(classes, labels[i] + 1);
        }
        int[][] counts = new int[k][classes];
        for (int i = 0; i < clusters.length; i++) {
            counts[clusters[i]][labels[i]]++;
        }
        long majority = 0;
        for (int[] cluster : counts) {
            int best = 0;
            for (int c : cluster) {
                best = Math.max(best, c);
            }
            majority += best;
        }
        return (double) majority / clusters.length;
    }
}
