package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ImageSetTest {

    @Test
    void keepsContiguousFeaturesWithoutCopyingAndCopiesStridedOnes() {
        INDArray flat = Nd4j.createFromArray(new float[24]).reshape('c', 6, 4); // how the loaders build it
        ImageSet set = new ImageSet(flat, new int[6], 1, 2, 2);
        assertSame(flat, set.features());
        set.images().putScalar(new long[] {5, 0, 1, 1}, 7f);
        assertEquals(7f, flat.getFloat(5, 3));
        INDArray rows = flat.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertSame(rows, new ImageSet(rows, new int[2], 1, 2, 2).features());
        INDArray columns = Nd4j.createFromArray(new float[32]).reshape('c', 4, 8).get(NDArrayIndex.all(),
                NDArrayIndex.interval(0, 4));
        ImageSet copied = new ImageSet(columns, new int[4], 1, 2, 2);
        assertNotSame(columns, copied.features());
        assertEquals(columns, copied.features());
    }

    @Test
    void selectGathersImagesWithTheirLabelsAndCountsClasses() {
        INDArray x = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4);
        ImageSet set = new ImageSet(x, new int[] {2, 0, 2}, 3, 2, 2);
        ImageSet picked = set.select(new int[] {2, 0});
        assertArrayEquals(new int[] {2, 2}, picked.labels());
        assertArrayEquals(new float[] {8, 9, 10, 11}, picked.features().getRow(0).toFloatVector());
        assertArrayEquals(new int[] {1, 0, 2}, set.classCounts());
        assertEquals("ImageSet(3 images of 2x2, 3 classes, counts [1, 0, 2])", set.toString());
    }

    @Test
    void rejectsMismatchedShapesAndLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(Nd4j.zeros(DataType.FLOAT, 3, 5), new int[3], 1, 2, 2));
        assertEquals("ImageSet: expected features [N, 4] for 2x2 images, found [3, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(Nd4j.zeros(DataType.FLOAT, 3, 4), new int[2], 1, 2, 2));
        assertEquals("ImageSet: expected one label per image, found 3 images and 2 labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(Nd4j.zeros(DataType.FLOAT, 2, 4), new int[] {0, 10}, 10, 2, 2));
        assertEquals("ImageSet: expected labels 0..9, found 10 at index 1", e.getMessage());
    }
}
