package org.nn4j.layers;

import java.util.List;

/** Rows of {@link ModuleSpecs} for activations, Dropout and BatchNorm. */
final class ActivationSpecs {

    private ActivationSpecs() {
    }

    static List<ModuleSpecs.Spec> all() {
        return List.of();
    }
}
