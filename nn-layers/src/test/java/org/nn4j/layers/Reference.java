package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nn4j.core.Loss;
import org.nn4j.core.Module;
import org.nn4j.core.Parameter;
import org.nn4j.core.io.Npz;
import org.nn4j.core.testing.ModuleContract;
import org.nn4j.core.testing.TestArrays;

/**
 * Differential tests against PyTorch 1.13: fixtures recorded by
 * {@code src/test/python/make_reference.py} (float64) and compared here within {@value #TOLERANCE} in float64
 * (module fixtures in float32 too, within a relative 1e-4).
 */
final class Reference {

    static final double TOLERANCE = 1e-5;

    private Reference() {
    }

    /** The arrays of fixture {@code name} (a resource under /reference/). */
    static Map<String, INDArray> load(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/reference/" + name + ".npz")) {
            assertNotNull(in, "missing fixture " + name + ".npz: run src/test/python/make_reference.py");
            return Npz.read(in, name + ".npz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads PyTorch's parameters into {@code module} (converted to {@code dataType}), runs forward and the backward pass
     * with PyTorch's upstream gradient, and compares the output, dL/dinput and every parameter gradient. For a module
     * with state buffers (BatchNorm's running statistics), {@code buffers} gives the module's live buffer arrays by
     * PyTorch's name (called after the module is converted to {@code dataType}); each is set to the fixture's
     * {@code buffer_before.<name>} before the forward pass and compared with {@code buffer_after.<name>} after it.
     * In float64 everything agrees within {@value #TOLERANCE}; in float32, where the fast paths run, within
     * {@value ModuleContract#FLOAT32_TOLERANCE}·max(1, max|PyTorch's|).
     */
    static Map<String, INDArray> assertModuleMatches(Module module, String fixture,
                                                     java.util.function.Supplier<Map<String, INDArray>> buffers,
                                                     DataType dataType) {
        Map<String, INDArray> f = load(fixture);
        String what = fixture + " in " + dataType;
        module.to(dataType);
        Map<String, INDArray> live = buffers.get();
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray before = f.get("buffer_before." + e.getKey());
            assertNotNull(before, fixture + " has no buffer " + e.getKey() + "; it has " + f.keySet());
            e.getValue().assign(before.castTo(dataType));
        }
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            INDArray value = f.get("param." + e.getKey());
            assertNotNull(value, fixture + " has no parameter " + e.getKey() + "; it has " + f.keySet());
            e.getValue().set(value.castTo(dataType));
        }
        INDArray input = f.get("input").castTo(dataType);
        INDArray output = module.forward(input);
        assertClose(what + " output", f.get("output"), output, dataType);
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            assertClose(what + " buffer_after." + e.getKey(), f.get("buffer_after." + e.getKey()), e.getValue(), dataType);
        }
        module.zeroGrad();
        INDArray gradOutput = f.get("grad_output").castTo(dataType);
        module.backwardUpdateGradient(input, gradOutput);
        assertClose(what + " grad_input", f.get("grad_input"), module.backwardDelta(input, gradOutput), dataType);
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            assertClose(what + " grad." + e.getKey(), f.get("grad." + e.getKey()), e.getValue().grad(), dataType);
        }
        return f;
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, DataType dataType) {
        assertNotNull(expected, what + ": not in the fixture");
        if (dataType == DataType.DOUBLE) {
            assertClose(what, expected, actual);
        } else {
            TestArrays.assertClose(what, expected, actual, ModuleContract.FLOAT32_TOLERANCE);
        }
    }

    /** Compares a loss's value and dL/dprediction with PyTorch's. */
    static void assertLossMatches(Loss loss, String fixture) {
        Map<String, INDArray> f = load(fixture);
        INDArray target = f.get("target").castTo(DataType.DOUBLE);
        INDArray prediction = f.get("prediction").castTo(DataType.DOUBLE);
        assertEquals(f.get("loss").getDouble(0), loss.forward(target, prediction), TOLERANCE, fixture + " loss");
        assertClose(fixture + " grad_prediction", f.get("grad_prediction"), loss.backward(target, prediction));
    }

    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertNotNull(expected, what + ": not in the fixture");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        INDArray diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE));
        double max = expected.length() == 0 ? 0 : diff.amaxNumber().doubleValue();
        assertTrue(max <= TOLERANCE, what + ": max |difference| " + max + " > " + TOLERANCE);
    }
}
