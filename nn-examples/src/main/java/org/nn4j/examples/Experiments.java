package org.nn4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.nn4j.examples.finetune.FinetuneFashion;
import org.nn4j.examples.mnist.MnistAutoencoders;
import org.nn4j.examples.mnist.MnistClassifiers;
import org.nn4j.examples.mnist.MnistSpark;
import org.nn4j.examples.resnet.ResNetExperiment;
import org.nn4j.examples.synthetic.SyntheticExperiments;
import org.nn4j.examples.text.CharLanguageModel;
import org.nn4j.examples.usps.UspsExperiments;

/** The registry of experiments the CLI can list and run. */
public final class Experiments {

    private Experiments() {
    }

    public static List<Experiment> all() {
        List<Experiment> all = new ArrayList<>();
        all.add(new Quickstart());
        all.addAll(SyntheticExperiments.all());
        all.addAll(UspsExperiments.all());
        all.addAll(MnistClassifiers.all());
        all.add(new MnistSpark());
        all.addAll(MnistAutoencoders.all());
        all.add(ResNetExperiment.fashion());
        all.add(ResNetExperiment.cifar10());
        all.add(new FinetuneFashion());
        all.add(CharLanguageModel.lstm());
        all.add(CharLanguageModel.transformer());
        return all;
    }

    public static Experiment byName(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No experiment named '" + name + "'; known: "
                        + all().stream().map(Experiment::name).collect(Collectors.joining(", "))));
    }
}
