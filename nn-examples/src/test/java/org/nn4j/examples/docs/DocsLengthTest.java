package org.nn4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two front pages stay short enough to read: what the project is and how to use it, not a log of runs. */
class DocsLengthTest {

    /** Lines at most: dated runs go to benchmarks/results/ and nn-examples/results/, longer guides to docs/. */
    static final Map<String, Integer> MAX_LINES = Map.of("README.md", 150, "benchmarks/README.md", 150);

    @Test
    void readmeAndBenchmarksReadmeStayShort() throws IOException {
        Path root = DocSnippetsCompileTest.repositoryRoot();
        for (Map.Entry<String, Integer> document : MAX_LINES.entrySet()) {
            long lines = Files.readAllLines(root.resolve(document.getKey())).size();
            assertTrue(lines <= document.getValue(), document.getKey() + " has " + lines + " lines; keep it to "
                    + document.getValue() + " (move dated results to a results/<date>.md file)");
        }
    }
}
