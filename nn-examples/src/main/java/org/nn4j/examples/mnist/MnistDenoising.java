package org.nn4j.examples.mnist;

/**
 * A denoising autoencoder: the network of {@link MnistConvAutoencoder} trained to
 * recover clean digits from {@code clamp(x + 0.5·N(0, 1), 0, 1)}.
 */
public final class MnistDenoising extends MnistConvAutoencoder {

    static final double NOISE_FACTOR = 0.5;

    public MnistDenoising() {
        super("mnist-denoising", "denoising convolutional autoencoder of MNIST, Gaussian noise factor 0.5", NOISE_FACTOR);
    }
}
