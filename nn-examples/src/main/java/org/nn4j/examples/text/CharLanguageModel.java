package org.nn4j.examples.text;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.core.optim.AdamW;
import org.nn4j.core.optim.Optimizer;
import org.nn4j.core.optim.ParameterGroups;
import org.nn4j.core.optim.WarmupCosineLR;
import org.nn4j.core.train.History;
import org.nn4j.core.train.Trainer;
import org.nn4j.data.text.CharWindows;
import org.nn4j.data.text.Fortunes;
import org.nn4j.data.text.TextCorpus;
import org.nn4j.data.text.TextSampler;
import org.nn4j.examples.Experiment;
import org.nn4j.examples.RunContext;
import org.nn4j.examples.plot.Plots;
import org.nn4j.layers.CrossEntropyLoss;

/**
 * A character language model on the fortunes corpus ({@code <data>/fortunes/fortunes.txt}): batches of 32 windows of
 * 64 characters at random positions of the first 90 % of the text, AdamW (weight decay 0.01 on weights and
 * embeddings only) with a linear warm-up over 100 steps and cosine decay to 0 at the last step, gradients clipped to
 * a norm of 1. Reports the validation cross-entropy on the last 10 % in bits per character, and prints text the
 * model writes. The same models and protocol in PyTorch: {@code benchmarks/peers/pytorch_char_models.py}.
 */
public final class CharLanguageModel implements Experiment {

    private static final int BATCH = 32;
    private static final int STEPS = 2000;
    private static final int EVERY = 500;
    private static final int WARMUP = 100;
    private static final double WEIGHT_DECAY = 0.01;

    private final String name;
    private final String description;
    private final IntFunction<Sequential> network;
    private final double learningRate;

    private CharLanguageModel(String name, String description, IntFunction<Sequential> network, double learningRate) {
        this.name = name;
        this.description = description;
        this.network = network;
        this.learningRate = learningRate;
    }

    /** {@return the LSTM model: Embedding 64, 2-layer LSTM 256, Linear; AdamW 2e-3} */
    public static CharLanguageModel lstm() {
        return new CharLanguageModel("char-lstm", "character LSTM (2 x 256) on the fortunes corpus, bits per character",
                CharModels::lstm, 2e-3);
    }

    /** {@return the transformer model: 4 causal pre-norm blocks of width 128; AdamW 1e-3} */
    public static CharLanguageModel transformer() {
        return new CharLanguageModel("char-transformer", "character transformer (4 causal blocks, d 128) on the"
                + " fortunes corpus, bits per character", CharModels::transformer, 1e-3);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<String> datasets() {
        // quick mode trains on generated text when the corpus is missing
        return Set.of();
    }

    @Override
    public void run(RunContext context) throws Exception {
        TextCorpus corpus = corpus(context);
        TextCorpus.Split split = corpus.split(0.1);
        int steps = context.pick(STEPS, 30);
        int every = context.pick(EVERY, 10);
        int warmup = context.pick(WARMUP, 5);
        int vocabulary = corpus.vocabulary().size();
        Sequential net = network.apply(vocabulary);
        long parameters = net.parameters().stream().mapToLong(p -> p.value().length()).sum();
        context.log("%s", Summary.of(net, 1, CharModels.WINDOW));

        Optimizer optimizer = optimizer(net);
        Trainer trainer = new Trainer(net, new CrossEntropyLoss(), optimizer).accuracy(false).restoreBest(false)
                .clipGradNorm(1.0)
                .schedule(new WarmupCosineLR(optimizer, warmup, steps), Trainer.Every.ITERATION);
        History history = trainer.fit(CharWindows.random(split.train(), CharModels.WINDOW, BATCH, every, context.seed()),
                CharWindows.sequential(split.validation(), CharModels.WINDOW, BATCH), steps / every);

        List<Double> trainBits = bits(history.trainLoss());
        List<Double> validationBits = bits(history.validationLoss());
        double bpc = validationBits.get(validationBits.size() - 1);
        double secondsPerStep = history.epochs().stream().mapToDouble(e -> e.seconds()).sum() / steps;
        String sample = new TextSampler(net, corpus.vocabulary(), CharModels.WINDOW).sample("The ", 300, 0.8,
                context.seed());

        List<Double> stepsAxis = new ArrayList<>();
        for (int i = 1; i <= validationBits.size(); i++) {
            stepsAxis.add((double) i * every);
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("training (mean over the last " + every + " steps)", trainBits);
        curves.put("validation (after the steps)", validationBits);
        Plots.lines(context.file("bits_per_character.png"), name + ": cross-entropy in bits per character",
                "evaluation (one every " + every + " steps)", "bits per character", curves);
        context.results().figure("validation_bits_per_character", bpc)
                .figure("seconds_per_step", secondsPerStep)
                .figure("parameters", parameters)
                .series("train_loss", history.trainLoss()).series("validation_loss", history.validationLoss())
                .series("validation_bits_per_character", validationBits)
                .series("steps", stepsAxis)
                .artifact("bits_per_character.png", "training and validation bits per character every " + every + " steps")
                .config("network", net.toString().replace('\n', ' '))
                .config("optimizer", "AdamW lr " + learningRate + ", weight decay " + WEIGHT_DECAY + " on rank >= 2"
                        + " parameters, linear warm-up " + warmup + " steps then cosine to 0, gradient norm clipped to 1")
                .config("batches", BATCH + " random windows of " + CharModels.WINDOW + " characters")
                .config("steps", steps)
                .config("characters", corpus.length()).config("vocabulary", vocabulary)
                .note("Sample at temperature 0.8 after \"The \":\n\n```\n" + sample + "\n```");
        context.log("%s: %,d parameters, validation %.4f bits per character, %.3f s per step; a sample:%n%s", name,
                parameters, bpc, secondsPerStep, sample);
    }

    /** AdamW with weight decay on the matrices and embeddings and none on biases and norm scales. */
    private Optimizer optimizer(Sequential net) {
        return ParameterGroups.decayedAndNot(net, new AdamW(learningRate).weightDecay(WEIGHT_DECAY),
                new AdamW(learningRate).weightDecay(0));
    }

    private static List<Double> bits(List<Double> nats) {
        return nats.stream().map(n -> n / Math.log(2)).toList();
    }

    /** The fortunes corpus; in quick mode its first 200,000 characters, or generated text when it is missing. */
    private TextCorpus corpus(RunContext context) {
        boolean present = Files.isRegularFile(context.dataDir().resolve(Fortunes.FOLDER).resolve(Fortunes.FILE.name()));
        if (!context.quick()) {
            return Fortunes.load(context.dataDir());
        }
        if (present) {
            String text = Fortunes.text(context.dataDir());
            return TextCorpus.of(text.substring(0, Math.min(text.length(), 200_000)));
        }
        context.log("%s: no %s/ in %s: quick mode trains on generated text", name, Fortunes.FOLDER, context.dataDir());
        return TextCorpus.of(generatedText(50_000, context.seed()));
    }

    /** Sentences of a tiny grammar: enough structure for the loss to fall within a few steps. */
    static String generatedText(int length, long seed) {
        String[] subjects = {"the cat", "a dog", "my friend", "the old man", "a child"};
        String[] verbs = {"sees", "likes", "eats", "finds", "paints"};
        String[] objects = {"the moon.", "a red apple.", "the sea.", "some bread.", "a small house."};
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(length + 40);
        while (text.length() < length) {
            text.append(subjects[random.nextInt(subjects.length)]).append(' ')
                    .append(verbs[random.nextInt(verbs.length)]).append(' ')
                    .append(objects[random.nextInt(objects.length)]).append('\n');
        }
        return text.substring(0, length);
    }
}
