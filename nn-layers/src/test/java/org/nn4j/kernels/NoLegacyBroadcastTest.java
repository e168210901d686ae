package org.nn4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No library code calls ND4J's legacy broadcast ops ({@code mulRowVector}, {@code addiColumnVector},
 * {@code BroadcastAddOp}, {@code INDArray.broadcast} and the like). In nd4j-native 1.0.0-M2.1 they crash the JVM
 * (SIGSEGV in {@code Broadcast::exec}) when several threads run them while garbage collections happen: six threads
 * multiplying [N, 4] rows by shared vectors with a thread calling {@code System.gc()} every 5 ms crashed in 3 of 3
 * runs, the same loop with the broadcasting custom ops ({@code x.mul(v.reshape(1, C))}) in 0 of 3. Library code
 * therefore broadcasts with the custom ops only.
 */
class NoLegacyBroadcastTest {

    private static final Pattern LEGACY = Pattern.compile(
            "\\.(add|sub|mul|div|rsub|rdiv)i?(Row|Column)Vector\\(|Broadcast(Add|Sub|Mul|Div|RSub|RDiv|Copy|Max|Min)Op\\b|\\.broadcast\\(");

    @Test
    void libraryCodeUsesNoLegacyBroadcastOp() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("../nn-core", "../nn-layers", "../nn-data")) {
            Path sources = Path.of(module, "src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).trim();
                        if (!line.startsWith("*") && !line.startsWith("//") && LEGACY.matcher(line).find()) {
                            found.add(file + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "legacy broadcast ops in library code");
    }
}
