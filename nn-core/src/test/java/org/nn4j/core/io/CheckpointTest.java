package org.nn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Sequential;
import org.nn4j.core.optim.Adam;
import org.nn4j.core.optim.GradientDescent;
import org.nn4j.core.testing.Scale;
import org.nn4j.core.testing.TestArrays;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Sequential net(long seed, int... widths) {
        Sequential s = new Sequential();
        for (int i = 0; i < widths.length; i++) {
            s.add(new Scale(widths[i], seed + 10L * i));
        }
        return s;
    }

    private static List<INDArray> values(Sequential net) {
        List<INDArray> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().dup()));
        return v;
    }

    /** Accumulates some gradient: forward, then backward with dL/dy = y. */
    private static void gradients(Sequential net, long seed) {
        INDArray x = TestArrays.uniform(seed, DataType.FLOAT, 4, 3);
        INDArray y = net.forward(x);
        net.backward(x, y, false);
    }

    @Test
    void parametersRoundTripUnderTheirModulePaths() throws IOException {
        Sequential a = net(1, 3, 3);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        assertEquals(List.of("0.w", "0.b", "1.w", "1.b"), List.copyOf(Npz.read(file).keySet()));
        Sequential b = net(99, 3, 3);
        assertNotEquals(values(a), values(b));
        Checkpoint.load(file, b);
        assertEquals(values(a), values(b));
    }

    @Test
    void optimizerStateRoundTripsSoTrainingContinuesIdentically() throws IOException {
        Sequential a = net(1, 3, 3);
        Adam adamA = new Adam(0.01);
        gradients(a, 5);
        adamA.step(a.parameters());
        a.zeroGrad();
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, adamA);
        assertEquals(List.of("0.w", "0.b", "1.w", "1.b", "optimizer.0.w.exp_avg", "optimizer.0.w.exp_avg_sq",
                "optimizer.0.w.step", "optimizer.0.b.exp_avg", "optimizer.0.b.exp_avg_sq", "optimizer.0.b.step",
                "optimizer.1.w.exp_avg", "optimizer.1.w.exp_avg_sq", "optimizer.1.w.step", "optimizer.1.b.exp_avg",
                "optimizer.1.b.exp_avg_sq", "optimizer.1.b.step"), List.copyOf(Npz.read(file).keySet()));

        Sequential b = net(99, 3, 3);
        Adam adamB = new Adam(0.01);
        Checkpoint.load(file, b, adamB);
        for (Sequential n : List.of(a, b)) {
            gradients(n, 6);
        }
        adamA.step(a.parameters());
        adamB.step(b.parameters());
        assertEquals(values(a), values(b), "the second step after loading equals the uninterrupted one");
    }

    @Test
    void aMismatchListsEveryNameAndChangesNothing() throws IOException {
        Path file = dir.resolve("other.npz");
        Checkpoint.save(file, net(1, 3, 4, 1));
        Sequential b = net(2, 3, 2);
        List<INDArray> before = values(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (4 mismatches; nothing was loaded):\n"
                + "  1.w: expected [2], found [4]\n"
                + "  1.b: expected [2], found [4]\n"
                + "  2.w: not in the model (found [1])\n"
                + "  2.b: not in the model (found [1])", e.getMessage());
        assertEquals(before, values(b), "no parameter was assigned, not even 0.w and 0.b which fit");
    }

    @Test
    void missingParametersAndMismatchedOptimizerStateAreListedToo() throws IOException {
        Sequential a = net(1, 3);
        GradientDescent sgd = new GradientDescent(0.1, 0.9);
        gradients(a, 3);
        sgd.step(a.parameters());
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, sgd);
        Sequential b = net(2, 3, 3);
        List<INDArray> before = values(b);
        Adam adam = new Adam();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b, adam));
        assertEquals("Checkpoint " + file + " does not fit the model (10 mismatches; nothing was loaded):\n"
                + "  1.w: missing from the checkpoint (expected [3])\n"
                + "  1.b: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.momentum_buffer: not kept by " + adam + " (found [3])\n"
                + "  optimizer.0.w.exp_avg: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.exp_avg_sq: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.w.step: missing from the checkpoint (expected [])\n"
                + "  optimizer.0.b.momentum_buffer: not kept by " + adam + " (found [3])\n"
                + "  optimizer.0.b.exp_avg: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.b.exp_avg_sq: missing from the checkpoint (expected [3])\n"
                + "  optimizer.0.b.step: missing from the checkpoint (expected [])", e.getMessage());
        assertEquals(before, values(b));
        assertEquals(Map.of(), adam.state(b.parameters().get(0)), "no optimizer state was loaded");
    }

    @Test
    void aSaveThatCrashesHalfWayLeavesThePreviousCheckpointLoadable() throws IOException {
        Sequential a = net(1, 3, 3);
        Path file = dir.resolve("ckpt.npz");
        Checkpoint.save(file, a);
        List<INDArray> saved = values(a);
        for (Parameter p : a.parameters()) {
            p.value().addi(1);
        }
        IOException crash = assertThrows(IOException.class, () -> Checkpoint.save(file, a, null, out -> {
            // Part of the new archive is already on disk when the crash comes.
            ((ZipOutputStream) out).putNextEntry(new ZipEntry("partial.npy"));
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", crash.getMessage());
        Sequential b = net(7, 3, 3);
        Checkpoint.load(file, b);
        assertEquals(saved, values(b));
    }

    @Test
    void parametersKeepTheirDtypeWhenLoadingAnotherOne() throws IOException {
        Sequential a = net(1, 3);
        a.to(DataType.DOUBLE);
        Path file = dir.resolve("double.npz");
        Checkpoint.save(file, a);
        Sequential b = net(2, 3);
        Checkpoint.load(file, b);
        assertEquals(DataType.FLOAT, b.parameters().get(0).value().dataType());
        assertArrayEquals(a.parameters().get(0).value().toFloatVector(), b.parameters().get(0).value().toFloatVector());
        assertEquals(Nd4j.createFromArray(a.parameters().get(1).value().toFloatVector()), b.parameters().get(1).value());
    }

    /** Scale, Centre with a bias, Centre without parameters, Scale: buffers between and inside modules with parameters. */
    private static Sequential withBuffers(long seed) {
        return new Sequential(new Scale(3, seed), new Centre(3, seed + 10, true), new Centre(3, seed + 20, false),
                new Scale(3, seed + 30));
    }

    /** A few training-mode forwards, so that the buffers are not their initial values. */
    private static void trainForwards(Module net, long seed) {
        net.train();
        for (int i = 0; i < 3; i++) {
            net.forward(TestArrays.uniform(seed + i, DataType.FLOAT, 4, 3));
        }
    }

    private static List<INDArray> state(Module net) {
        List<INDArray> v = new ArrayList<>();
        net.parameters().forEach(p -> v.add(p.value().dup()));
        v.addAll(Centre.bufferValues(net));
        return v;
    }

    @Test
    void buffersAreSavedWithTheParametersInStateDictOrderKeepingTheirDtypes() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> saved = Npz.read(file);
        assertEquals(List.of("0.w", "0.b", "1.b", "1.running_mean", "1.count", "2.running_mean", "2.count", "3.w", "3.b"),
                List.copyOf(saved.keySet()), "per module its parameters, then its buffers");
        assertEquals(DataType.FLOAT, saved.get("1.running_mean").dataType());
        assertEquals(DataType.LONG, saved.get("1.count").dataType());
        assertEquals(0, saved.get("1.count").rank());
        assertEquals(3, saved.get("2.count").getLong(0));
        assertEquals(a.namedBuffers().get("2.running_mean").value(), saved.get("2.running_mean"));
    }

    @Test
    void buffersRoundTripBitIdenticallySoEvalPredictionsAreIdentical() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Sequential b = withBuffers(99);
        assertNotEquals(state(a), state(b));
        Checkpoint.load(file, b);
        assertEquals(state(a), state(b));
        assertEquals(DataType.LONG, b.namedBuffers().get("1.count").value().dataType());
        INDArray x = TestArrays.uniform(9, DataType.FLOAT, 5, 3);
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x));
    }

    @Test
    void strictLoadingListsAMissingBufferAnUnexpectedKeyAndAWrongShapeAndLoadsNothing() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.put("2.running_mean", Nd4j.zeros(DataType.FLOAT, 4));
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (3 mismatches; nothing was loaded):\n"
                + "  1.count: missing from the checkpoint (expected [])\n"
                + "  2.running_mean: expected [3], found [4]\n"
                + "  2.extra: not in the model (found [2])", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void nonStrictLoadingLoadsWhatMatchesAndReturnsTheMissingAndUnexpectedKeys() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.remove("3.b");
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        arrays.put("4.w", Nd4j.zeros(DataType.FLOAT, 3));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        INDArray bias3 = b.namedParameters().get("3.b").value().dup();
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b);
        assertEquals(new Checkpoint.Keys(List.of("1.count", "3.b"), List.of("2.extra", "4.w")), keys);
        assertEquals(bias3, b.namedParameters().get("3.b").value(), "missing: left as it was");
        assertEquals(0, b.namedBuffers().get("1.count").value().getLong(0), "missing: left as it was");
        for (String name : List.of("0.w", "0.b", "1.b", "3.w")) {
            assertEquals(a.namedParameters().get(name).value(), b.namedParameters().get(name).value(), name);
        }
        for (String name : List.of("1.running_mean", "2.running_mean", "2.count")) {
            assertEquals(a.namedBuffers().get(name).value(), b.namedBuffers().get(name).value(), name);
        }
    }

    @Test
    void nonStrictLoadingStillRejectsAWrongShapeAndThenLoadsNothing() throws IOException {
        Sequential a = withBuffers(1);
        trainForwards(a, 5);
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a);
        Map<String, INDArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove("1.count");
        arrays.put("1.running_mean", Nd4j.zeros(DataType.FLOAT, 1, 3));
        arrays.put("2.extra", Nd4j.zeros(DataType.FLOAT, 2));
        Npz.write(file, arrays);
        Sequential b = withBuffers(2);
        List<INDArray> before = state(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadNonStrict(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (1 mismatch; nothing was loaded):\n"
                + "  1.running_mean: expected [3], found [1, 3]", e.getMessage());
        assertEquals(before, state(b));
    }

    @Test
    void aCheckpointOfParametersOnlyFailsStrictlyAndLoadsNonStrictlyListingTheBuffers() throws IOException {
        Sequential a = withBuffers(1);
        Path file = dir.resolve("parameters-only.npz");
        Map<String, INDArray> parametersOnly = new LinkedHashMap<>();
        a.namedParameters().forEach((name, p) -> parametersOnly.put(name, p.value()));
        Npz.write(file, parametersOnly);
        Sequential b = withBuffers(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + " does not fit the model (4 mismatches; nothing was loaded):\n"
                + "  1.running_mean: missing from the checkpoint (expected [3])\n"
                + "  1.count: missing from the checkpoint (expected [])\n"
                + "  2.running_mean: missing from the checkpoint (expected [3])\n"
                + "  2.count: missing from the checkpoint (expected [])", e.getMessage());
        List<INDArray> buffers = Centre.bufferValues(b);
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b);
        assertEquals(List.of("1.running_mean", "1.count", "2.running_mean", "2.count"), keys.missing());
        assertEquals(List.of(), keys.unexpected());
        assertEquals(values(a), values(b));
        assertEquals(buffers, Centre.bufferValues(b));
    }

    @Test
    void nonStrictLoadingWithAnOptimizerListsTheStateOfParametersNotInTheModel() throws IOException {
        Sequential a = net(1, 3, 3);
        Adam adamA = new Adam(0.01);
        gradients(a, 5);
        adamA.step(a.parameters());
        Path file = dir.resolve("a.npz");
        Checkpoint.save(file, a, adamA);
        Sequential b = net(2, 3);
        Adam adamB = new Adam(0.01);
        Checkpoint.Keys keys = Checkpoint.loadNonStrict(file, b, adamB);
        assertEquals(List.of(), keys.missing());
        assertEquals(List.of("1.w", "1.b", "optimizer.1.w.exp_avg", "optimizer.1.w.exp_avg_sq", "optimizer.1.w.step",
                "optimizer.1.b.exp_avg", "optimizer.1.b.exp_avg_sq", "optimizer.1.b.step"), keys.unexpected());
        Parameter w = b.parameters().get(0);
        assertEquals(a.parameters().get(0).value(), w.value());
        assertEquals(adamA.state(a.parameters().get(0)).get("exp_avg"), adamB.state(w).get("exp_avg"));
        assertEquals(1.0, adamB.state(w).get("step").getDouble(0));
    }

    /** A checkpoint of net(1, 3, 3) as bytes, and the values that were saved. */
    private byte[] saved(Path file) throws IOException {
        Checkpoint.save(file, net(1, 3, 3));
        return Files.readAllBytes(file);
    }

    @Test
    void aTruncatedCheckpointIsReportedAsTruncatedNamingTheFileAndLoadsNothing() throws IOException {
        Path file = dir.resolve("cut.npz");
        byte[] whole = saved(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        Sequential b = net(2, 3, 3);
        List<INDArray> before = values(b);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + ": truncated (the end of the archive is missing: zip END header not found);"
                + " nothing was loaded", e.getMessage());
        assertEquals(before, values(b));
        Files.write(file, new byte[0]);
        e = assertThrows(IOException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + ": empty (0 bytes), not an .npz archive; nothing was loaded", e.getMessage());
        assertEquals(before, values(b));
    }

    /** Every parameter value of {@code net}, one after the other (cheaper to compare than arrays). */
    private static float[] floats(Sequential net) {
        List<float[]> parts = new ArrayList<>();
        net.parameters().forEach(p -> parts.add(p.value().toFloatVector()));
        float[] all = new float[parts.stream().mapToInt(f -> f.length).sum()];
        int at = 0;
        for (float[] f : parts) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    @Test
    void everyTruncationAndEveryFlippedByteGivesAnIOExceptionNamingTheFileOrLoadsTheSavedValues() throws IOException {
        Path good = dir.resolve("good.npz");
        byte[] whole = saved(good);
        float[] savedValues = floats(net(1, 3, 3));
        Path file = dir.resolve("damaged.npz");
        Sequential b = net(2, 3, 3);
        for (int n = 0; n < whole.length; n += 5) {
            Files.write(file, Arrays.copyOf(whole, n));
            float[] before = floats(b);
            IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, b), "cut at " + n);
            assertTrue(e.getMessage().startsWith("Checkpoint " + file + ": ") && e.getMessage().endsWith("; nothing was loaded"),
                    "cut at " + n + ": " + e.getMessage());
            assertArrayEquals(before, floats(b));
        }
        int failures = 0;
        for (int offset = 0; offset < whole.length; offset++) {
            byte[] flipped = whole.clone();
            flipped[offset] ^= 0x5a;
            Files.write(file, flipped);
            float[] before = floats(b);
            try {
                Checkpoint.load(file, b);
                assertArrayEquals(savedValues, floats(b), "byte " + offset + " loaded");
            } catch (IOException e) {
                failures++;
                assertTrue(e.getMessage().startsWith("Checkpoint " + file + ": ") && e.getMessage().endsWith("; nothing was loaded"),
                        "byte " + offset + ": " + e.getMessage());
                assertArrayEquals(before, floats(b));
            } catch (IllegalArgumentException e) {
                // a flipped byte in an entry's name: the file reads, and does not fit the model
                failures++;
                assertTrue(e.getMessage().startsWith("Checkpoint " + file + " does not fit the model"), e.getMessage());
                assertArrayEquals(before, floats(b));
            }
        }
        System.out.println("CheckpointTest: " + failures + " of " + whole.length + " flipped bytes were reported, the others"
                + " loaded the saved values");
        assertTrue(failures > whole.length / 2, failures + " of " + whole.length + " flipped bytes were noticed");
    }

    /** An .npy file with the given header dictionary (padded as NumPy pads it) and data. */
    private static byte[] npy(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    /** An archive of stored (uncompressed) entries, as {@code np.savez} writes it. */
    private static void savez(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    private static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    @Test
    void aFlippedByteIsReportedAsACrcMismatchNamingTheFileAndTheEntry() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        net(1, 3).namedParameters().forEach((name, p) -> entries.put(name, Npy.write(p.value())));
        Path file = dir.resolve("flipped.npz");
        savez(file, entries);
        byte[] bytes = Files.readAllBytes(file);
        byte[] weight = entries.get("0.w");
        byte[] flipped = weight.clone();
        flipped[weight.length - 2] ^= 0x10; // in the last float of 0.w
        bytes[indexOf(bytes, weight) + weight.length - 2] ^= 0x10;
        Files.write(file, bytes);
        Sequential b = net(2, 3);
        List<INDArray> before = values(b);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + ": entry 0.w: corrupt (CRC mismatch: expected " + crc(weight) + ", found "
                + crc(flipped) + "); nothing was loaded", e.getMessage());
        assertEquals(before, values(b));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aNegativeDimensionInAnNpyHeaderNamesTheFileTheEntryAndTheDimension() throws IOException {
        Path file = dir.resolve("negative.npz");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("0.w", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-4, 3), }", new byte[48]));
        entries.put("0.b", Npy.write(Nd4j.zeros(DataType.FLOAT, 3)));
        savez(file, entries);
        Sequential b = net(2, 3);
        List<INDArray> before = values(b);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, b));
        assertEquals("Checkpoint " + file + ": entry 0.w: negative dimension -4 in the .npy header (shape (-4, 3));"
                + " nothing was loaded", e.getMessage());
        assertEquals(before, values(b));
        e = assertThrows(IOException.class, () -> Npz.read(file));
        assertEquals(file + ": entry 0.w: negative dimension -4 in the .npy header (shape (-4, 3))", e.getMessage());
    }

    @Test
    void aDamagedNpyHeaderNamesWhatIsWrong() throws IOException {
        Path file = dir.resolve("headers.npz");
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (4, x), }", "unreadable shape (4, x) in the .npy header:"
                + " expected integers"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", "the .npy header's shape"
                + " (65536, 65536) holds more than 2^31 - 1 elements, more than a Java array can hold"},
            {"{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", "unsupported .npy dtype '>f4' (supported:"
                + " little-endian float32/64, int8/16/32/64, uint8, bool)"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", "truncated .npy data: expected 20 bytes for"
                + " shape [5] of <f4, found 12"},
        };
        for (String[] c : cases) {
            savez(file, Map.of("w", npy(c[0], new byte[12])));
            IOException e = assertThrows(IOException.class, () -> Npz.read(file), c[0]);
            assertEquals(file + ": entry w: " + c[1], e.getMessage());
        }
        byte[] version2 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[12]);
        version2[6] = 2; // a 4-byte header length: bytes 8..11 now read as a huge length
        savez(file, Map.of("w", version2));
        IOException e = assertThrows(IOException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file + ": entry w: truncated .npy header: expected "), e.getMessage());
    }

    @Test
    void aMissingCheckpointIsNoSuchFileAndAFolderIsNotAnArchive() throws IOException {
        Path missing = dir.resolve("nothing-here.npz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(missing, net(1, 3)));
        assertEquals(missing + ": no such checkpoint; nothing was loaded", e.getMessage());
        IOException folder = assertThrows(IOException.class, () -> Checkpoint.load(dir, net(1, 3)));
        assertEquals("Checkpoint " + dir + ": a directory, not an .npz archive; nothing was loaded", folder.getMessage());
    }

    @Test
    void savingUnderARegularFileSaysWhichPathIsAFile() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("runs"), "a file");
        for (Path file : List.of(notAFolder.resolve("ckpt.npz"), notAFolder.resolve("cnn").resolve("ckpt.npz"))) {
            IOException e = assertThrows(IOException.class, () -> Checkpoint.save(file, net(1, 3)));
            assertEquals("cannot write " + file + ": " + notAFolder + " is a file, not a directory", e.getMessage());
        }
        assertEquals("a file", Files.readString(notAFolder));
    }

    /** The temporary file a save has open at the moment {@code hook} runs, and its bytes then. */
    private static final class Killed {
        Path tmp;
        byte[] bytes;
    }

    /**
     * A save killed half-way: what is on disk when a process dies inside the save is the
     * temporary file as it is at that moment (nothing deletes it). The hook copies it, the save is
     * aborted (which deletes it), and the copy is put back under its own name.
     */
    private Path killedSave(Path file, Sequential net) throws IOException {
        Killed killed = new Killed();
        List<Path> earlier;
        try (var files = Files.list(dir)) {
            earlier = files.toList();
        }
        assertThrows(IOException.class, () -> Checkpoint.save(file, net, null, out -> {
            out.flush();
            try (var files = Files.list(dir)) {
                killed.tmp = files.filter(p -> !earlier.contains(p)).findFirst().orElseThrow();
            }
            killed.bytes = Files.readAllBytes(killed.tmp);
            throw new IOException("killed (simulated)");
        }));
        assertFalse(Files.exists(killed.tmp));
        return Files.write(killed.tmp, killed.bytes);
    }

    @Test
    void theNextSaveDeletesTheTemporaryFilesOfKilledSavesOfThatCheckpointOnly() throws IOException {
        Path file = dir.resolve("ckpt.npz");
        Sequential a = net(1, 3, 3);
        Checkpoint.save(file, a);
        List<Path> stale = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stale.add(killedSave(file, a));
        }
        assertEquals(3, new java.util.HashSet<>(stale).size(), "three kills, three temporary files: " + stale);
        for (Path p : stale) {
            assertTrue(p.getFileName().toString().matches("\\.ckpt\\.npz\\.[0-9]+\\.tmp"), p.toString());
        }
        Path legacy = Files.writeString(dir.resolve(".ckpt.npz123456789.tmp"), "left by an earlier version");
        Path otherCheckpoint = Files.writeString(dir.resolve(".other.npz.123456789.tmp"), "another checkpoint's");
        Path similar = Files.writeString(dir.resolve(".ckpt.npz.old.tmp"), "not a name a save gives");
        Path usersFile = Files.writeString(dir.resolve("ckpt.npz.tmp"), "the user's");
        Path running = Files.writeString(dir.resolve(".ckpt.npz.987654321.tmp"), "a save still running");
        Files.setLastModifiedTime(running, FileTime.from(Instant.now().plusSeconds(3600)));

        Checkpoint.save(file, a);
        for (Path p : stale) {
            assertFalse(Files.exists(p), p + " was deleted");
        }
        assertFalse(Files.exists(legacy));
        for (Path p : List.of(otherCheckpoint, similar, usersFile, running)) {
            assertTrue(Files.exists(p), p + " was kept");
        }
        Sequential b = net(2, 3, 3);
        Checkpoint.load(file, b);
        assertEquals(values(a), values(b));
    }
}
