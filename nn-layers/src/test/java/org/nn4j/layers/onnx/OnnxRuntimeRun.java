package org.nn4j.layers.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs an exported model in ONNX Runtime, and compares its outputs with nn4j's. */
final class OnnxRuntimeRun {

    /** The tolerance of the comparison: |ONNX Runtime − nn4j| ≤ 1e-5 · (1 + |nn4j|), both in float32. */
    static final double TOLERANCE = 1e-5;

    private OnnxRuntimeRun() {
    }

    /**
     * Loads {@code model} (ONNX Runtime checks it against the ONNX specification: types, shapes, opset) and runs it on
     * {@code input}.
     *
     * @return the outputs, in the graph's order, float32
     */
    static List<INDArray> run(byte[] model, INDArray input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor x = OnnxTensor.createTensor(env,
                         FloatBuffer.wrap(input.castTo(DataType.FLOAT).dup('c').data().asFloat()), input.shape());
                 OrtSession.Result result = session.run(Map.of("input", x))) {
                List<INDArray> outputs = new ArrayList<>();
                for (int i = 0; i < result.size(); i++) {
                    OnnxTensor t = (OnnxTensor) result.get(i);
                    FloatBuffer b = t.getFloatBuffer();
                    float[] values = new float[b.remaining()];
                    b.get(values);
                    outputs.add(Nd4j.createFromArray(values).reshape('c', t.getInfo().getShape()));
                }
                return outputs;
            }
        }
    }

    /**
     * Asserts ONNX Runtime's output is nn4j's: same shape, every element within {@link #TOLERANCE}.
     *
     * @return the largest error, {@code |ONNX Runtime − nn4j| / (1 + |nn4j|)}
     */
    static double assertSame(String what, INDArray nn4j, INDArray onnx) {
        assertArrayEquals(nn4j.shape(), onnx.shape(), what + ": shapes");
        double[] expected = nn4j.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] actual = onnx.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]) / (1 + Math.abs(expected[i]));
            if (!(error <= worst)) {
                worst = error;
                at = i;
            }
        }
        int where = at;
        double err = worst;
        assertTrue(err <= TOLERANCE, () -> what + ": element " + where + " is " + actual[where] + " in ONNX Runtime, "
                + expected[where] + " in nn4j (relative error " + err + " > " + TOLERANCE + ")");
        return err;
    }
}
