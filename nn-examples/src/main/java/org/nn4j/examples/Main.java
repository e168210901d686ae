package org.nn4j.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The examples' command line: {@code list}, and {@code run NAME}. */
@Command(name = "nn4j", mixinStandardHelpOptions = true, subcommands = {Main.ListCommand.class, Main.RunCommand.class},
        description = "Runs nn4j's example experiments.")
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "list", description = "Lists the experiments.")
    static final class ListCommand implements Runnable {
        @Override
        public void run() {
            Experiments.all().forEach(e -> System.out.printf("%-24s %s%n", e.name(), e.description()));
        }
    }

    @Command(name = "run", description = "Runs one experiment.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "the experiment's name (see list)")
        String name;

        @Option(names = "--quick", description = "shrink the work to seconds")
        boolean quick;

        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
        long seed = 42;

        @Override
        public Integer call() {
            Experiment experiment = Experiments.byName(name);
            experiment.run(new Experiment.Options(quick, seed));
            return 0;
        }
    }
}
