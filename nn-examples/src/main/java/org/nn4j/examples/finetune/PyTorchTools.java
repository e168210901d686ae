package org.nn4j.examples.finetune;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of the repository's {@code tools/pytorch} with a Python that has PyTorch:
 * {@code $NN4J_PYTHON}, by default {@code /usr/bin/python3}. The folder is found from the
 * working directory or from where the examples were built (both inside a checkout of nn4j).
 */
final class PyTorchTools {

    static final String PYTHON = System.getenv().getOrDefault("NN4J_PYTHON", "/usr/bin/python3");
    private static final String TOOL = "tools/pytorch/nn4j_npz.py";

    private PyTorchTools() {
    }

    /** {@return the folder tools/pytorch, or null when neither the working directory nor the build is in a checkout} */
    static Path folder() {
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(PyTorchTools.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // a build without a file location: the working directory is the only way
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(TOOL))) {
                    return p.resolve(TOOL).getParent();
                }
            }
        }
        return null;
    }

    /** {@return why the tools cannot run here, or null when they can} */
    static String unavailable() {
        if (folder() == null) {
            return "it needs " + TOOL + " of an nn4j checkout: run it from inside the repository";
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return PYTHON + " did not import torch within 60 s";
            }
            return p.exitValue() == 0 ? null : "it needs PyTorch, and " + PYTHON
                    + " cannot import torch (set NN4J_PYTHON to a Python that can): " + output;
        } catch (IOException e) {
            return "it needs PyTorch, and " + PYTHON + " does not start (set NN4J_PYTHON): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for PyTorch";
        }
    }

    /**
     * Runs {@code tools/pytorch/<script> args…}, echoing its output as {@code [pytorch] …} lines.
     *
     * @return its standard output lines
     * @throws IOException naming the command when it cannot start or exits with an error
     */
    static List<String> run(String script, String... args) throws IOException, InterruptedException {
        Path folder = folder();
        if (folder == null) {
            throw new IOException("cannot run " + script + ": " + unavailable());
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, folder.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // OpenMP's spin-waiting makes PyTorch's threads collapse when other work shares the cores
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().putIfAbsent("OMP_NUM_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()));
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                System.out.println("  [pytorch] " + line);
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("PyTorch script failed with exit code " + exit + ": " + String.join(" ", command));
        }
        return lines;
    }
}
