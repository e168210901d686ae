package org.nn4j.layers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.DataLoader;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Progress;
import org.nn4j.core.train.Trainer;
import org.nn4j.layers.Linear;
import org.nn4j.layers.MSELoss;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/**
 * Self-supervised pretext, then a new head: a body trained to tell the rotation (0°, 90°, 180°,
 * 270°) of 4×4 patterns is frozen, its 4-class head replaced by a 10-class one, and only the
 * head trains on a 10-class task.
 */
class TransferLearningTest {

    private static final int SIDE = 4;

    /** {@code image} rotated by {@code quarterTurns} · 90° counter-clockwise, flattened row-major. */
    private static float[] rotate(float[] image, int quarterTurns) {
        float[] out = image.clone();
        for (int t = 0; t < quarterTurns; t++) {
            float[] next = new float[out.length];
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    next[(SIDE - 1 - c) * SIDE + r] = out[r * SIDE + c];
                }
            }
            out = next;
        }
        return out;
    }

    /** Random patterns with a bright top-left corner, so the rotation is visible; labels one-hot. */
    private static INDArray[] rotations(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][];
        float[][] y = new float[n][4];
        for (int i = 0; i < n; i++) {
            float[] image = new float[SIDE * SIDE];
            for (int k = 0; k < image.length; k++) {
                image[k] = (float) (0.3 * random.nextGaussian());
            }
            image[0] += 2;
            image[1] += 1;
            int turns = i % 4;
            x[i] = rotate(image, turns);
            y[i][turns] = 1;
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    /** Ten noisy copies of ten fixed prototypes; labels one-hot of 10. */
    private static INDArray[] tenClasses(int n, long seed) {
        Random random = new Random(seed);
        float[][] prototypes = new float[10][SIDE * SIDE];
        Random fixed = new Random(1234);
        for (float[] p : prototypes) {
            for (int k = 0; k < p.length; k++) {
                p[k] = (float) fixed.nextGaussian();
            }
        }
        float[][] x = new float[n][SIDE * SIDE];
        float[][] y = new float[n][10];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int k = 0; k < x[i].length; k++) {
                x[i][k] = (float) (prototypes[c][k] + 0.3 * random.nextGaussian());
            }
            y[i][c] = 1;
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    private static List<INDArray> values(List<Parameter> ps) {
        List<INDArray> v = new ArrayList<>();
        ps.forEach(p -> v.add(p.value().dup()));
        return v;
    }

    @Test
    void aFrozenBodyStaysUnchangedWhileANewTenClassHeadLearns() {
        Sequential body = new Sequential(new Linear(16, 32, true, 1), new TanH());
        Sequential net = new Sequential(body, new Linear(32, 4, true, 3), new Sigmoid());
        INDArray[] pretext = rotations(400, 5);
        INDArray[] pretextValidation = rotations(100, 6);
        History rotation = new Trainer(net, new MSELoss(), new Adam(0.01)).progress(Progress.NONE)
                .fit(new DataLoader(pretext[0], pretext[1], 32, 7), new DataLoader(pretextValidation[0],
                        pretextValidation[1], 100, 8), 20);
        assertTrue(rotation.validationAccuracy().get(rotation.bestEpoch() - 1) >= 0.9,
                "the body learned the rotations: " + rotation);

        body.freeze();
        Linear newHead = new Linear(32, 10, true, 9);
        net.set(1, newHead);
        List<INDArray> bodyBefore = values(body.parameters());
        List<INDArray> headBefore = values(newHead.parameters());
        System.out.println(Summary.of(net, 1, 16));
        assertTrue(Summary.of(net, 1, 16).contains("Non-trainable params: 544"), "the body's 16·32 + 32 are frozen");

        INDArray[] task = tenClasses(300, 10);
        INDArray[] taskValidation = tenClasses(100, 11);
        Adam adam = new Adam(0.02);
        History h = new Trainer(net, new MSELoss(), adam).progress(Progress.NONE)
                .fit(new DataLoader(task[0], task[1], 30, 12), new DataLoader(taskValidation[0], taskValidation[1],
                        100, 13), 15);

        assertEquals(bodyBefore, values(body.parameters()), "frozen body unchanged, bit for bit");
        assertNotEquals(headBefore.get(0), newHead.weight().value(), "the head's weight changed");
        assertNotEquals(headBefore.get(1), newHead.bias().value(), "the head's bias changed");
        body.parameters().forEach(p -> assertTrue(adam.state(p).isEmpty(), "no optimizer state for " + p));
        assertTrue(h.validationLoss().get(h.bestEpoch() - 1) < h.validationLoss().get(0), "the head learned: " + h);
        assertTrue(h.validationAccuracy().get(h.bestEpoch() - 1) > 0.5, "well above chance (0.1): " + h);

        body.unfreeze();
        assertTrue(net.parameters().stream().noneMatch(Parameter::isFrozen));
    }
}
