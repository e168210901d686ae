package org.nn4j.layers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nn4j.core.Sequential;
import org.nn4j.core.Summary;
import org.nn4j.layers.Linear;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

class SummaryOfLayersTest {

    @Test
    void showsShapesAndCountsOfRealLayers() {
        Sequential net = new Sequential(new Linear(784, 128, true, 1), new TanH(),
                new Sequential(new Linear(128, 64, true, 2), new TanH()), new Linear(64, 10, true, 3), new Sigmoid());
        net.get(0).freeze();
        String summary = Summary.of(net, 32, 784);
        System.out.print(summary);
        String row = "%-44s %-18s %12s";
        String expected = String.join("\n",
                "-".repeat(76),
                String.format(row, "Layer (type)", "Output shape", "Param #"),
                "=".repeat(76),
                String.format(row, "0  Linear(in=784, out=128)", "[32, 128]", "100,480"),
                String.format(row, "1  TanH()", "[32, 128]", "0"),
                String.format(row, "2  Sequential", "[32, 64]", "8,256"),
                String.format(row, "  2.0  Linear(in=128, out=64)", "[32, 64]", "8,256"),
                String.format(row, "  2.1  TanH()", "[32, 64]", "0"),
                String.format(row, "3  Linear(in=64, out=10)", "[32, 10]", "650"),
                String.format(row, "4  Sigmoid()", "[32, 10]", "0"),
                "=".repeat(76),
                "Input shape: [32, 784] (FLOAT)",
                "Total params: 109,386",
                "Trainable params: 8,906",
                "Non-trainable params: 100,480",
                "-".repeat(76), "");
        assertEquals(expected, summary.replace("\r\n", "\n"));
    }
}
