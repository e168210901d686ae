package org.nn4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The two front pages stay short enough to read: what the project is and how to use it, not a log of runs. */
class DocsLengthTest {

    /** Lines at most: dated runs go to benchmarks/results/ and nn-examples/results/ instead. */
    static final int MAX_LINES = 150;

    @Test
    void readmeAndBenchmarksReadmeFitInOneHundredAndFiftyLines() throws IOException {
        Path root = DocSnippetsCompileTest.repositoryRoot();
        for (String document : new String[] {"README.md", "benchmarks/README.md"}) {
            long lines = Files.readAllLines(root.resolve(document)).size();
            assertTrue(lines <= MAX_LINES, document + " has " + lines + " lines; keep it to " + MAX_LINES
                    + " (move dated results to a results/<date>.md file)");
        }
    }
}
