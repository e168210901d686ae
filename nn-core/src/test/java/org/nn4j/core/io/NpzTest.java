package org.nn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    @Test
    void aDamagedStreamNamesTheSourceAndTheEntry() throws IOException {
        byte[] npy = Npy.write(Nd4j.createFromArray(1f, 2f, 3f));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry("w.npy");
            entry.setMethod(java.util.zip.ZipEntry.STORED);
            entry.setSize(npy.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(npy);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(npy);
        }
        byte[] archive = bytes.toByteArray();
        int data = 30 + "w.npy".length() + npy.length - 1; // the last byte of the stored .npy
        archive[data] ^= 1;
        IOException e = assertThrows(IOException.class, () -> Npz.read(new java.io.ByteArrayInputStream(archive), "fixture.npz"));
        assertTrue(e.getMessage().startsWith("fixture.npz: entry w: corrupt (CRC mismatch: invalid entry CRC (expected 0x"),
                e.getMessage());
        byte[] cut = Arrays.copyOf(archive, 30 + "w.npy".length() + 20);
        e = assertThrows(IOException.class, () -> Npz.read(new java.io.ByteArrayInputStream(cut), "fixture.npz"));
        assertTrue(e.getMessage().startsWith("fixture.npz: entry w: "), e.getMessage());
    }
}
