package org.nn4j.data.augment;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nn4j.core.Sample;
import org.nn4j.core.SampleTransform;

/** Sample transforms applied in order, each to the output of the one before: PyTorch's {@code transforms.Compose}. */
public final class Compose implements SampleTransform {

    private final List<SampleTransform> transforms;

    private Compose(List<SampleTransform> transforms) {
        this.transforms = transforms;
    }

    /**
     * @param transforms applied in this order, sharing the sample's generator; none null
     * @return their composition
     * @throws NullPointerException when a transform is null
     */
    public static Compose of(SampleTransform... transforms) {
        for (SampleTransform t : transforms) {
            Objects.requireNonNull(t, "transform");
        }
        return new Compose(List.of(transforms));
    }

    /** {@return the transforms, in order} */
    public List<SampleTransform> transforms() {
        return transforms;
    }

    /**
     * Applies every transform in order.
     *
     * @param sample the sample; the transforms may modify it
     * @param rng    the sample's generator, shared by the transforms in order
     * @return the last transform's output
     */
    @Override
    public Sample apply(Sample sample, RandomGenerator rng) {
        Sample s = sample;
        for (SampleTransform t : transforms) {
            s = t.apply(s, rng);
        }
        return s;
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }
}
