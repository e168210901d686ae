package org.nn4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.core.Nn4jRuntime;
import org.nn4j.core.Seeds;
import org.nn4j.data.DataFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The examples' command line: {@code list}, and
 * {@code run NAME [--quick] [--data DIR] [--out DIR] [--seed N] [--model MODEL]}; {@code --verbose}
 * anywhere prints the runtime settings first.
 */
@Command(name = "nn4j", mixinStandardHelpOptions = true, subcommands = {Main.ListCommand.class, Main.RunCommand.class},
        description = "Runs nn4j's example experiments.")
public final class Main implements Runnable {

    // Read from the parse result (execute): an inherited option may be given to any subcommand.
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "first print the runtime settings: native build, environment, threads, oneDNN, workspaces")
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new Main()).setExecutionStrategy(Main::execute).execute(args));
    }

    /** Prints {@link Nn4jRuntime#config()} when {@code --verbose} was given to any command, then runs the last one. */
    private static int execute(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                System.out.println(Nn4jRuntime.config());
                System.out.println();
                break;
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @Command(name = "list", description = "Lists the experiments.")
    static final class ListCommand implements Runnable {
        @Override
        public void run() {
            Experiments.all().forEach(e -> System.out.printf("%-26s %s%n", e.name(), e.description()));
        }
    }

    @Command(name = "run", description = "Runs one experiment and writes results.json, summary.md and plots.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "the experiment's name (see list)")
        String name;

        @Option(names = "--quick", description = "shrink the work to seconds")
        boolean quick;

        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 42;

        @Option(names = "--data", description = "folder holding mnist/ and usps/ (default $NN4J_DATA, else ./data)")
        String data;

        @Option(names = "--out", description = "output folder (default runs/NAME)")
        Path out;

        @Option(names = "--model", description = "the network, for experiments that offer a choice "
                + "(mnist-cnn: cnn1, cnn2, cnn-16-32, cnn2-augmented)")
        String model;

        @Override
        public Integer call() throws Exception {
            Experiment experiment = Experiments.byName(name);
            if (model != null) {
                experiment = experiment.withModel(model);
            }
            String unavailable = experiment.unavailable();
            if (unavailable != null) {
                System.err.println(unavailable);
                return 2;
            }
            Results results = run(experiment, quick, seed, DataFolder.resolve(data),
                    out != null ? out : Path.of("runs", experiment.name()));
            return results == null ? 1 : 0;
        }
    }

    /** Runs an experiment end to end; used by the CLI and by the quick-mode tests. */
    static Results run(Experiment experiment, boolean quick, long seed, Path dataDir, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        Seeds.manualSeed(seed);
        Results results = new Results();
        RunContext context = new RunContext(experiment.name(), quick, seed, dataDir, outDir, results);
        long start = System.nanoTime();
        experiment.run(context);
        double seconds = (System.nanoTime() - start) / 1e9;
        results.write(outDir, experiment.name(), seed, quick, seconds);
        System.out.printf(Locale.ROOT, "%n%s finished in %.1f s%n%s", experiment.name(), seconds, results.figuresText());
        System.out.println("  results, plots and summary.md in " + outDir.toAbsolutePath());
        return results;
    }
}
