package org.nn4j.examples.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class LeastSquaresTest {

    @Test
    void pointsOnALineGiveThatLine() {
        LeastSquares fit = LeastSquares.fit(Nd4j.createFromArray(-1f, 0f, 2f, 3f), Nd4j.createFromArray(-6f, 2f, 18f, 26f));
        assertEquals(8, fit.slope(), 1e-9);
        assertEquals(2, fit.intercept(), 1e-9);
    }

    @Test
    void residualsAreBalancedAroundTheLine() {
        // By hand for (0,0), (1,1), (2,1), (3,2):
        // x̄ = 1.5, ȳ = 1; Σ(x−x̄)(y−ȳ) = (−1.5)(−1) + (−0.5)(0) + (0.5)(0) + (1.5)(1) = 3; Σ(x−x̄)² = 5
        LeastSquares fit = LeastSquares.fit(Nd4j.createFromArray(0f, 1f, 2f, 3f).reshape(4, 1),
                Nd4j.createFromArray(0f, 1f, 1f, 2f).reshape(4, 1));
        assertEquals(0.6, fit.slope(), 1e-9);
        assertEquals(1 - 0.6 * 1.5, fit.intercept(), 1e-9);
    }

    @Test
    void rejectsConstantInputs() {
        assertThrows(IllegalArgumentException.class,
                () -> LeastSquares.fit(Nd4j.createFromArray(1f, 1f), Nd4j.createFromArray(0f, 2f)));
    }
}
