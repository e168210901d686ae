package org.nn4j.core.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Parameter;

/** Copies of the parameters' values at the best epoch so far, in buffers allocated once. */
final class BestParameters {

    private final List<Parameter> parameters;
    private final List<INDArray> copies = new ArrayList<>();

    BestParameters(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    void keep() {
        for (int i = 0; i < parameters.size(); i++) {
            if (copies.size() <= i) {
                copies.add(parameters.get(i).value().dup());
            } else {
                copies.get(i).assign(parameters.get(i).value());
            }
        }
    }

    boolean isEmpty() {
        return copies.isEmpty();
    }

    /** Puts the kept values back into the live parameters. */
    void restore() {
        for (int i = 0; i < copies.size(); i++) {
            parameters.get(i).value().assign(copies.get(i));
        }
    }
}
