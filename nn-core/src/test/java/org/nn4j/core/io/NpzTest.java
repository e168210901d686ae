package org.nn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.testing.TestArrays;

class NpzTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEverySupportedDtypeAndShape() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("0.weight", TestArrays.uniform(1, DataType.FLOAT, 3, 4));
        arrays.put("x", TestArrays.uniform(2, DataType.DOUBLE, 2, 1, 3, 3));
        arrays.put("labels", Nd4j.createFromArray(3L, 1L, 4L));
        arrays.put("count", Nd4j.createFromArray(new int[] {7}));
        arrays.put("scalar", Nd4j.scalar(2.5));
        arrays.put("num_batches_tracked", Nd4j.scalar(5_000_000_001L));
        Path file = dir.resolve("a.npz");
        Npz.write(file, arrays);
        Map<String, INDArray> back = Npz.read(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        arrays.forEach((k, v) -> assertEquals(v, back.get(k), k));
        arrays.forEach((k, v) -> assertEquals(v.dataType(), back.get(k).dataType(), k));
        INDArray counter = back.get("num_batches_tracked");
        assertEquals(0, counter.rank(), "a 0-d int64 array, as PyTorch's num_batches_tracked");
        assertEquals(5_000_000_001L, counter.getLong(0));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileIntact() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        Npz.write(file, Map.of("w", Nd4j.ones(2, 2)));
        byte[] before = Files.readAllBytes(file);
        assertThrows(IOException.class, () -> Npz.write(file, Map.of("w", Nd4j.zeros(2, 2)), out -> {
            throw new IOException("disk full (simulated)");
        }));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void namesTheFileWhenItIsNotAnArchive() throws IOException {
        Path file = dir.resolve("bad.npz");
        Files.writeString(file, "hello");
        IOException e = assertThrows(IOException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
