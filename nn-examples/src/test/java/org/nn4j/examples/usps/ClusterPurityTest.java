package org.nn4j.examples.usps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClusterPurityTest {

    @Test
    void clustersThatMatchTheClassesUnderOtherNamesArePure() {
        assertEquals(1.0, ClusterPurity.of(new int[] {2, 2, 0, 0, 1}, new int[] {0, 0, 1, 1, 2}), 1e-12);
    }

    @Test
    void eachClusterIsCreditedWithItsMajorityClass() {
        // cluster 0 holds classes {0, 0, 1} -> 2; cluster 1 holds {1, 2, 2, 2} -> 3; 5 of 7
        int[] clusters = {0, 0, 0, 1, 1, 1, 1};
        int[] labels = {0, 0, 1, 1, 2, 2, 2};
        assertEquals(5.0 / 7, ClusterPurity.of(clusters, labels), 1e-12);
    }

    @Test
    void oneClusterScoresTheLargestClassShare() {
        assertEquals(0.5, ClusterPurity.of(new int[] {0, 0, 0, 0}, new int[] {3, 3, 1, 2}), 1e-12);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(IllegalArgumentException.class, () -> ClusterPurity.of(new int[] {0, 1}, new int[] {0}));
    }
}
