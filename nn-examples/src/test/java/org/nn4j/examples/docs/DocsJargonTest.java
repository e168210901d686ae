package org.nn4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The public text speaks to a user of the library: the user documentation and the comments and
 * javadoc of every main source file hold none of the project's internal labels (the names of the
 * issues, milestones, course material or benchmark models that a reader has never seen defined).
 * A failure names every place as {@code file:line: "phrase" (why)}.
 */
class DocsJargonTest {

    /** The user documentation, relative to the repository root. */
    static final List<String> DOCUMENTS = List.of("README.md", "CONTRIBUTING.md", "docs/writing-modules.md", "benchmarks/README.md",
            "nn-examples/README.md");

    /**
     * A forbidden phrase. {@code benchmarksMayUse}: the benchmarks define their seven models A–G
     * (benchmarks/README.md's table, {@code Workload}), so there, and only there, the letters are names.
     */
    record Jargon(Pattern pattern, String why, boolean benchmarksMayUse) {
        static Jargon of(String regex, String why) {
            return new Jargon(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), why, false);
        }
    }

    static final List<Jargon> JARGON = List.of(
            Jargon.of("gen_arti", "a function of course material the reader does not have"),
            Jargon.of("\\bseed API\\b", "the project's first version, unknown to a user"),
            Jargon.of("\\bthe seed(?:'s)?\\s+(?:api|experiments?|models?|project|code|version)\\b",
                    "the project's first version, unknown to a user"),
            Jargon.of("\\bthe seed's\\b", "the project's first version, unknown to a user"),
            Jargon.of("\\bas in the seed\\b", "the project's first version, unknown to a user"),
            Jargon.of("\\bthe issue\\b", "an internal ticket"),
            Jargon.of("\\bissues?\\s*#?\\d+", "an internal ticket"),
            Jargon.of("\\bissue #", "an internal ticket"),
            Jargon.of("\\bthe course's\\b", "course material the reader does not have"),
            Jargon.of("\\bas in the course\\b", "course material the reader does not have"),
            Jargon.of("\\bcourse (?:experiments?|reports?)\\b", "course material the reader does not have"),
            Jargon.of("\\bthe report's|\\bthe reports\\b|\\bthe reports'", "course reports the reader does not have"),
            Jargon.of("\\bas in the report\\b|\\(the report:", "course reports the reader does not have"),
            Jargon.of("\\bexperiment \\d+ of the\\b", "course material the reader does not have"),
            Jargon.of("\\bstop \\d+\\b", "an internal milestone"),
            Jargon.of("\\bthis stop\\b", "an internal milestone"),
            Jargon.of("\\bthe team's\\b", "internal: say which machine"),
            Jargon.of("\\bother engineers\\b", "internal"),
            new Jargon(Pattern.compile("\\b[Mm]odels? [A-G]\\b(?![-–]\\w)|\\b[Mm]odels [A-G][–-][A-G]\\b"),
                    "a benchmark model's letter, undefined outside the benchmarks", true));

    @Test
    void publicTextHoldsNoInternalJargon() throws IOException {
        Path root = DocSnippetsCompileTest.repositoryRoot();
        List<String> found = new ArrayList<>();
        for (String document : DOCUMENTS) {
            String[] lines = Files.readString(root.resolve(document)).split("\n", -1);
            TreeMap<Integer, String> numbered = new TreeMap<>();
            for (int i = 0; i < lines.length; i++) {
                numbered.put(i + 1, lines[i]);
            }
            found.addAll(scan(document, numbered));
        }
        List<Path> sources = mainSources(root);
        assertFalse(sources.isEmpty(), "no src/main Java file under " + root);
        for (Path source : sources) {
            found.addAll(scan(root.relativize(source).toString(), comments(Files.readString(source))));
        }
        if (!found.isEmpty()) {
            String report = String.join("\n", found);
            System.out.println(report);
            fail(found.size() + " place(s) of internal jargon in the public docs and javadoc:\n" + report);
        }
    }

    @Test
    void theListCatchesTheLabelsAndSparesOrdinaryWords() {
        TreeMap<Integer, String> text = new TreeMap<>();
        text.put(1, "the course's gen_arti");
        text.put(2, "plain gradient descent, as in the seed API");
        text.put(3, "0/1, as the issue specifies");
        text.put(4, "0.77 ms for model G's output; models A–G");
        text.put(5, "print the seed of every random test; the report of two label vectors; a model A user");
        List<String> found = scan("nn-layers/src/main/java/X.java", text);
        for (int line = 1; line <= 4; line++) {
            String prefix = "nn-layers/src/main/java/X.java:" + line + ":";
            assertTrue(found.stream().anyMatch(f -> f.startsWith(prefix)), "line " + line + " not caught: " + found);
        }
        assertFalse(found.stream().anyMatch(f -> f.contains(":5:") && !f.contains("model A")), found.toString());
        assertTrue(scan("benchmarks/src/main/java/X.java", new TreeMap<>(java.util.Map.of(1, "model G's layers"))).isEmpty());
    }

    @Test
    void commentsAreTakenFromJavaSourceOnly() {
        TreeMap<Integer, String> c = comments("""
                /** The seed API. */
                String s = "the issue // not a comment";
                int x = 1; // issue 8
                /* a
                   stop 2 */
                """);
        assertTrue(c.get(1).contains("seed API"));
        assertFalse(c.containsKey(2), c.toString());
        assertTrue(c.get(3).contains("issue 8"));
        assertTrue(c.get(5).contains("stop 2"));
    }

    private static List<String> scan(String file, TreeMap<Integer, String> lines) {
        boolean benchmarks = file.replace('\\', '/').startsWith("benchmarks/");
        List<String> found = new ArrayList<>();
        lines.forEach((line, text) -> {
            for (Jargon j : JARGON) {
                if (j.benchmarksMayUse() && benchmarks) {
                    continue;
                }
                Matcher m = j.pattern().matcher(text);
                while (m.find()) {
                    found.add(file + ":" + line + ": \"" + m.group() + "\" (" + j.why() + ")");
                }
            }
        });
        return found;
    }

    /** Every Java file under a src/main directory of the repository, outside build output and hidden folders. */
    private static List<Path> mainSources(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.startsWith(".") || name.equals("target") || name.equals("node_modules"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                if (rel.endsWith(".java") && rel.contains("src/main/")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** The comment text of a Java source, by line number: line and block comments, javadoc; not strings. */
    static TreeMap<Integer, String> comments(String source) {
        TreeMap<Integer, StringBuilder> text = new TreeMap<>();
        int line = 1;
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                text.computeIfAbsent(line, k -> new StringBuilder()).append(source, i + 2, end);
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end;
                for (int k = i + 2; k < end; k++) {
                    char ch = source.charAt(k);
                    if (ch == '\n') {
                        line++;
                    } else {
                        text.computeIfAbsent(line, x -> new StringBuilder()).append(ch);
                    }
                }
                i = Math.min(n, end + 2);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                int k = i + 1;
                while (k < n && source.charAt(k) != c && source.charAt(k) != '\n') {
                    k += source.charAt(k) == '\\' ? 2 : 1;
                }
                i = k + 1;
            } else {
                i++;
            }
        }
        TreeMap<Integer, String> out = new TreeMap<>();
        text.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
