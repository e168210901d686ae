package org.nn4j.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Buffer;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.Workspaces;
import org.nn4j.core.optim.Optimizer;

/**
 * Copies of the state at the best epoch so far: the network's parameters, its buffers (BatchNorm's
 * running statistics belong with the weights they were computed for) and the optimizer's state of
 * every parameter, in arrays allocated once, outside every workspace, and reused while the shapes stay.
 */
final class BestParameters {

    private final List<Parameter> parameters;
    private final List<Buffer> buffers;
    private final Optimizer optimizer;
    private final List<INDArray> parameterCopies = new ArrayList<>();
    private final List<INDArray> bufferCopies = new ArrayList<>();
    private final Map<Parameter, Map<String, INDArray>> stateCopies = new IdentityHashMap<>();
    private boolean kept;

    BestParameters(Module net, Optimizer optimizer) {
        this.parameters = net.parameters();
        this.buffers = net.buffers();
        this.optimizer = optimizer;
    }

    void keep() {
        for (int i = 0; i < parameters.size(); i++) {
            copy(parameterCopies, i, parameters.get(i).value());
        }
        for (int i = 0; i < buffers.size(); i++) {
            copy(bufferCopies, i, buffers.get(i).value());
        }
        for (Parameter p : parameters) {
            Map<String, INDArray> copies = stateCopies.computeIfAbsent(p, k -> new LinkedHashMap<>());
            Map<String, INDArray> state = optimizer.state(p);
            copies.keySet().retainAll(state.keySet());
            state.forEach((key, v) -> copies.put(key, copy(copies.get(key), v)));
        }
        kept = true;
    }

    boolean isEmpty() {
        return !kept;
    }

    /** Puts the kept values back into the live parameters, buffers and optimizer state. */
    void restore() {
        for (int i = 0; i < parameterCopies.size(); i++) {
            parameters.get(i).value().assign(parameterCopies.get(i));
        }
        for (int i = 0; i < bufferCopies.size(); i++) {
            buffers.get(i).set(bufferCopies.get(i));
        }
        for (Parameter p : parameters) {
            Map<String, INDArray> state = stateCopies.get(p);
            // A parameter the optimizer had not stepped by the best epoch has no state to go back to.
            if (state != null && !state.isEmpty()) {
                optimizer.loadState(p, state);
            }
        }
    }

    private static void copy(List<INDArray> copies, int i, INDArray value) {
        if (copies.size() <= i) {
            copies.add(copy(null, value));
        } else {
            copies.set(i, copy(copies.get(i), value));
        }
    }

    /** {@code value} copied into {@code previous} when it fits, else into a new array outside every workspace. */
    private static INDArray copy(INDArray previous, INDArray value) {
        if (previous != null && previous.dataType() == value.dataType() && Arrays.equals(previous.shape(), value.shape())) {
            return previous.assign(value);
        }
        return Workspaces.outside(() -> value.dup('c'));
    }
}
