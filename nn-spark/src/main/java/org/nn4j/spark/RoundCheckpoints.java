package org.nn4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nn4j.core.Module;
import org.nn4j.core.io.Checkpoint;
import org.nn4j.core.optim.Optimizer;

/**
 * The driver's checkpoints: {@code round-00000012.npz} in one folder, the state after that many
 * rounds, written by {@link Checkpoint#save} (a temporary file forced to the disk, then renamed, so
 * a file with a round's name is always complete). The two newest are kept. Each file is an ordinary
 * nn4j checkpoint: {@link Checkpoint#load} and PyTorch read it.
 */
final class RoundCheckpoints {

    private static final Pattern NAME = Pattern.compile("round-(\\d{8})\\.npz");
    private static final int KEEP = 2;

    private final Path folder;

    RoundCheckpoints(Path folder) {
        this.folder = folder;
    }

    /** {@return the file holding the state after {@code round} rounds} */
    Path file(int round) {
        return folder.resolve(String.format("round-%08d.npz", round));
    }

    /**
     * Saves the state after {@code round} rounds and deletes all but the newest two checkpoints.
     *
     * @throws IOException when the file cannot be written; the earlier checkpoints are then intact
     */
    void save(int round, Module net, Optimizer optimizer) throws IOException {
        Checkpoint.save(file(round), net, optimizer);
        List<Integer> rounds = rounds();
        for (int i = 0; i < rounds.size() - KEEP; i++) {
            Files.deleteIfExists(file(rounds.get(i)));
        }
    }

    /** {@return the newest round saved, if any} */
    OptionalInt newest() throws IOException {
        List<Integer> rounds = rounds();
        return rounds.isEmpty() ? OptionalInt.empty() : OptionalInt.of(rounds.get(rounds.size() - 1));
    }

    /** The rounds with a checkpoint, oldest first. */
    private List<Integer> rounds() throws IOException {
        List<Integer> rounds = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return rounds;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    rounds.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        rounds.sort(null);
        return rounds;
    }
}
