package org.nn4j.core;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A transform of one sample, as PyTorch's {@code torchvision.transforms} are written: random crops, flips,
 * normalisation. {@link DataLoader#transform} applies it to every sample of every batch as the batch is drawn, each
 * sample with its own generator, seeded from the loader's seed, the epoch and the sample's position in the epoch:
 * the same seed gives the same augmented epochs whatever the number of {@linkplain DataLoader#prefetch workers}.
 *
 * <p>A transform runs on the host, on plain arrays, and may run on a worker thread: it must not call ND4J and must
 * keep no state between calls (draw every random choice from {@code rng}). It may modify {@code sample}'s values in
 * place and return it, or return a new sample (of another shape, as a crop does); every sample of a batch must come
 * out with the same shape.
 *
 * <pre>{@code
 * SampleTransform augment = Compose.of(new RandomCrop(28, 2), new RandomHorizontalFlip());
 * DataLoader train = new DataLoader(x, y, 128, 42).transform(augment).prefetch(2, 4);
 * }</pre>
 */
@FunctionalInterface
public interface SampleTransform {

    /**
     * Transforms one sample.
     *
     * @param sample the sample (its shape without the batch axis); may be modified
     * @param rng    the sample's own generator
     * @return the transformed sample
     */
    Sample apply(Sample sample, RandomGenerator rng);

    /**
     * This transform, then {@code next}, with the same generator.
     *
     * @param next applied to this transform's output
     * @return the composition
     */
    default SampleTransform andThen(SampleTransform next) {
        Objects.requireNonNull(next, "next");
        return (sample, rng) -> next.apply(apply(sample, rng), rng);
    }
}
