package dev.vecnet.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (CPU) on one batch. */
final class OnnxRuntime {
    private OnnxRuntime() {
    }

    /** The graph's one output for {@code x [batch][width]}, flattened row-major. */
    static float[] run(byte[] model, float[] x, int batch, int width) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model, options);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, width});
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            float[][] rows = (float[][]) result.get(0).getValue();
            float[] flat = new float[batch * rows[0].length];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
            }
            return flat;
        }
    }
}
