package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The USPS text layout on small generated files (2x2 images: header "10 4"). */
class UspsTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("usps.txt"), text, StandardCharsets.US_ASCII);
    }

    @Test
    void readsLabelFirstAndHalvesTheValues() throws IOException {
        Path file = write("10 4\n9 0 0.5 1.148 2\n0 2 0 0.05 1\n-1\n");
        ImageSet set = Usps.read(file);
        assertArrayEquals(new int[] {9, 0}, set.labels());
        assertArrayEquals(new long[] {2, 4}, set.features().shape());
        assertArrayEquals(new float[] {0f, 0.25f, 0.574f, 1f}, set.features().getRow(0).toFloatVector(), 1e-7f);
        assertArrayEquals(new float[] {1f, 0f, 0.025f, 0.5f}, set.features().getRow(1).toFloatVector(), 1e-7f);
        assertEquals(2, set.height());
        assertArrayEquals(new long[] {2, 1, 2, 2}, set.images().shape());
        assertEquals(0.574f, set.images().getFloat(0, 0, 1, 0), 1e-7f);
    }

    @Test
    void readsAFileWithWindowsLineEndingsToTheSameValues() throws IOException {
        String unix = "10 4\n9 0 0.5 1.148 2\n0 2 0 0.05 1\n-1\n";
        ImageSet expected = Usps.read(write(unix));
        for (String text : new String[] {unix.replace("\n", "\r\n"), "10 4\r\n9 0 0.5 1.148 2\r\n0 2 0 0.05 1\r\n-1"}) {
            ImageSet set = Usps.read(write(text));
            assertArrayEquals(expected.labels(), set.labels());
            assertEquals(expected.features(), set.features());
        }
        Path cut = write("10 4\r\n9 0 0.5 1.148 2\r\n3 0 0\r\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(cut));
        assertEquals("Usps: " + cut + " is truncated: expected the end marker '-1' as its last line, found '3 0 0'"
                + " at line 3", e.getMessage());
    }

    @Test
    void rejectsALineWithTheWrongNumberOfValues() throws IOException {
        Path file = write("10 4\n9 0 0.5 1.148 2\n3 0 0 1\n-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(file));
        assertEquals("Usps: " + file + " line 3: expected 5 values (a label and 4 pixels), found 4", e.getMessage());
    }

    @Test
    void rejectsALabelOutsideZeroToNine() throws IOException {
        Path file = write("10 4\n10 0 0.5 1.148 2\n-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(file));
        assertEquals("Usps: " + file + " line 2: expected a label in 0..9, found 10", e.getMessage());
    }

    @Test
    void rejectsATruncatedFileWithoutTheEndMarker() throws IOException {
        Path file = write("10 4\n9 0 0.5 1.148 2\n3 0 0");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(file));
        assertEquals("Usps: " + file + " is truncated: expected the end marker '-1' as its last line, found '3 0 0'"
                + " at line 3", e.getMessage());
    }

    @Test
    void rejectsAMissingHeader() throws IOException {
        Path file = write("9 0 0.5 1.148 2\n-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(file));
        assertEquals("Usps: " + file + " line 1: expected a header '<classes> <features>' such as '10 256', found"
                + " '9 0 0.5 1.148 2'", e.getMessage());
    }

    @Test
    void rejectsValuesOutsideZeroToTwoAndNonNumbers() throws IOException {
        Path file = write("10 4\n9 0 0.5 2.5 2\n-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Usps.read(file));
        assertEquals("Usps: " + file + " line 2: expected pixel values in [0, 2], found 2.5 as pixel 3", e.getMessage());
        Path text = write("10 4\n9 0 0.5 x 2\n-1\n");
        e = assertThrows(DataFileException.class, () -> Usps.read(text));
        assertEquals("Usps: " + text + " line 2: expected a number as pixel 3, found 'x'", e.getMessage());
    }
}
