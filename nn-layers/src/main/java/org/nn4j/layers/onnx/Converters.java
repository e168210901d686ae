package org.nn4j.layers.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.core.Module;

/**
 * Which classes of module are exportable, and how: one converter per class, registered by the family files. A
 * class is looked up exactly: a subclass may compute something else, so it is not exported as its parent.
 */
final class Converters {

    private static final Map<Class<? extends Module>, Converter> BY_CLASS = new HashMap<>();

    static {
        DenseConverters.register(BY_CLASS);
        ConvConverters.register(BY_CLASS);
        PoolConverters.register(BY_CLASS);
        NormConverters.register(BY_CLASS);
        ActivationConverters.register(BY_CLASS);
        ShapeConverters.register(BY_CLASS);
        ContainerConverters.register(BY_CLASS);
    }

    private Converters() {
    }

    static Converter of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** {@return the simple names of the exportable classes, sorted} */
    static List<String> exportable() {
        return BY_CLASS.keySet().stream().map(Class::getSimpleName).sorted().toList();
    }
}
