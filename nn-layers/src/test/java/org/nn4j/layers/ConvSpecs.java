package org.nn4j.layers;

import java.util.List;

/** Rows of {@link ModuleSpecs} for convolution, pooling, upsampling and reshaping modules. */
final class ConvSpecs {

    private ConvSpecs() {
    }

    static List<ModuleSpecs.Spec> all() {
        return List.of();
    }
}
