package org.nn4j.examples.usps;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Seeds;
import org.nn4j.core.Sequential;
import org.nn4j.layers.Linear;
import org.nn4j.layers.Sigmoid;
import org.nn4j.layers.TanH;

/**
 * The USPS auto-encoder: encoder {@code 256→128→latent} with TanH after each layer,
 * the symmetric decoder {@code latent→128→256} with TanH and a Sigmoid output (pixels in [0, 1],
 * trained with BCE). Shared by the auto-encoder and denoising experiments.
 */
final class DigitAutoencoder {

    final Sequential encoder;
    final Sequential decoder;
    /** encoder then decoder: the module that is trained. */
    final Sequential net;
    final int latent;

    DigitAutoencoder(int latent, long seed) {
        Seeds.manualSeed(seed);
        this.latent = latent;
        this.encoder = new Sequential(new Linear(256, 128), new TanH(), new Linear(128, latent), new TanH());
        this.decoder = new Sequential(new Linear(latent, 128), new TanH(), new Linear(128, 256), new Sigmoid());
        this.net = new Sequential(encoder, decoder);
    }

    /** The codes of {@code x} {@code [N, 256]} (not modified), in eval mode: {@code [N, latent]}. */
    INDArray encode(INDArray x) {
        encoder.eval();
        return encoder.forward(x).dup();
    }

    /** The reconstructions of {@code x} {@code [N, 256]} (not modified), in eval mode. */
    INDArray reconstruct(INDArray x) {
        net.eval();
        return net.forward(x).dup();
    }

    String describe() {
        return "Linear(256,128)-TanH-Linear(128," + latent + ")-TanH | Linear(" + latent
                + ",128)-TanH-Linear(128,256)-Sigmoid";
    }
}
