package org.nn4j.examples.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the user documentation compiles as written. A block is a whole
 * compilation unit (imports and a package-less class); the blocks of one document are compiled together,
 * so a test class in one block may use the module written in an earlier one. The classpath is this test's
 * own, which holds every library module.
 */
class DocSnippetsCompileTest {

    /** The documents whose Java blocks must compile, relative to the repository root. */
    static final List<String> DOCUMENTS = List.of("README.md", "CONTRIBUTING.md", "docs/writing-modules.md", "nn-examples/README.md");

    private static final Pattern TYPE = Pattern.compile(
            "^\\s*(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

    /** One fenced block: the document, the line of its opening fence (1-based) and its text. */
    record Block(String document, int fenceLine, String source) {
        String typeName() {
            Matcher m = TYPE.matcher(source);
            return m.find() ? m.group(1) : "Block" + fenceLine;
        }

        @Override
        public String toString() {
            return document + ", block at line " + fenceLine;
        }
    }

    @Test
    void everyJavaBlockOfTheDocsCompiles() throws IOException {
        Path root = repositoryRoot();
        List<String> failures = new ArrayList<>();
        int blocks = 0;
        for (String document : DOCUMENTS) {
            List<Block> found = javaBlocks(document, Files.readString(root.resolve(document)));
            blocks += found.size();
            if (!found.isEmpty()) {
                failures.addAll(compile(found));
            }
        }
        assertFalse(blocks == 0, "no ```java block found in " + DOCUMENTS);
        if (!failures.isEmpty()) {
            String report = String.join("\n\n", failures);
            System.out.println(report);
            fail(failures.size() + " documentation block(s) do not compile:\n\n" + report);
        }
    }

    /** The {@code ```java} blocks of a Markdown text, with the line of each opening fence. */
    static List<Block> javaBlocks(String document, String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals("```java")) {
                int fence = i + 1;
                StringBuilder source = new StringBuilder();
                i++;
                while (i < lines.length && !lines[i].strip().equals("```")) {
                    source.append(lines[i]).append('\n');
                    i++;
                }
                blocks.add(new Block(document, fence, source.toString()));
            }
        }
        return blocks;
    }

    /** Compiles the blocks of one document together; one message per block that has errors. */
    private static List<String> compile(List<Block> blocks) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return List.of("no system Java compiler (the tests need a JDK, not a JRE)");
        }
        Map<JavaFileObject, Block> units = new LinkedHashMap<>();
        for (Block b : blocks) {
            units.put(new Source(b), b);
        }
        Path out = Files.createTempDirectory("doc-snippets");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", classpath(), "-d", out.toString(), "-proc:none",
                    "-Xlint:none", "-Xmaxerrs", "1000");
            javac.getTask(null, files, diagnostics, options, null, units.keySet()).call();
        }
        Map<Block, List<String>> errors = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Block b = units.get(d.getSource());
            String where = b == null ? "" : b.document() + ":" + (b.fenceLine() + d.getLineNumber()) + ": ";
            errors.computeIfAbsent(b, k -> new ArrayList<>()).add("  " + where + d.getMessage(Locale.ROOT));
        }
        List<String> messages = new ArrayList<>();
        errors.forEach((b, list) -> messages.add((b == null ? "compiler" : b.toString()) + " (" + (b == null ? "" : b.typeName())
                + "):\n" + String.join("\n", list)));
        return messages;
    }

    /** This JVM's classpath, plus Surefire's test classpath when it runs the tests from a manifest-only jar. */
    private static String classpath() {
        String cp = System.getProperty("java.class.path", "");
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire == null || surefire.isBlank() ? cp : surefire + File.pathSeparator + cp;
    }

    /** The repository root: the first directory upwards from the working directory that holds README.md and nn-core. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("nn-core"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (README.md beside nn-core/) above " + dir);
    }

    /** A block as an in-memory source file named after its type, so that a public class compiles. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(Block b) {
            super(URI.create("string:///" + b.document().replaceAll("[^A-Za-z0-9]", "_") + "_" + b.fenceLine() + "/"
                    + b.typeName() + ".java"), Kind.SOURCE);
            this.code = b.source();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
