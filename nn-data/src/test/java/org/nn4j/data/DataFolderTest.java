package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the data folder comes from, and a data folder that is a file. */
class DataFolderTest {

    @TempDir
    Path dir;

    @Test
    void theOptionComesBeforeTheEnvironmentWhichComesBeforeDotData() {
        assertEquals(Path.of("a"), DataFolder.resolve("a", "b"));
        assertEquals(Path.of("b"), DataFolder.resolve(null, "b"));
        assertEquals(Path.of("b"), DataFolder.resolve(" ", "b"));
        assertEquals(Path.of("data"), DataFolder.resolve(null, null));
        assertEquals(Path.of("data"), DataFolder.resolve(null, ""));
        assertEquals(dir.resolve("not-yet"), DataFolder.resolve(null, dir.resolve("not-yet").toString()), "it may not exist yet");
    }

    @Test
    void aDataFolderThatIsAFileSaysSoNamingWhereItCameFrom() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "not a folder");
        DataFileException e = assertThrows(DataFileException.class, () -> DataFolder.resolve(null, file.toString()));
        assertEquals("The data folder " + file + " (from $NN4J_DATA=" + file + ") is not a directory: it is a file",
                e.getMessage());
        e = assertThrows(DataFileException.class, () -> DataFolder.resolve(file.toString(), null));
        assertEquals("The data folder " + file + " (from --data " + file + ") is not a directory: it is a file",
                e.getMessage());
    }

    @Test
    void loadingFromAFolderUnderAFileSaysWhichIsAFileNotThatFilesAreMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "not a folder");
        Downloader offline = new Downloader(List.of());
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.train(file, offline));
        assertEquals("Mnist: cannot use the folder " + file.resolve("mnist") + ": " + file + " is not a directory, it is"
                + " a file (the data folder comes from --data DIR, $NN4J_DATA or ./data)", e.getMessage());
        e = assertThrows(DataFileException.class, () -> Usps.test(file, offline));
        assertEquals("Usps: cannot use the folder " + file.resolve("usps") + ": " + file + " is not a directory, it is"
                + " a file (the data folder comes from --data DIR, $NN4J_DATA or ./data)", e.getMessage());
        assertEquals("not a folder", Files.readString(file));
    }
}
