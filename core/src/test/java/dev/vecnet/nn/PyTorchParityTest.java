package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares one training step of small networks that use every layer and loss with PyTorch: the golden
 * files under {@code src/test/resources/golden/} were written by {@code tools/make_golden.py} (weights,
 * inputs, scores, loss, every gradient, BatchNorm's running statistics after the step, and the
 * evaluation-mode scores). Each case runs with layer fusion on and off.
 */
class PyTorchParityTest {
    /** float32 relative tolerance of the comparison (1e-5), with an absolute floor for values near 0. */
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    static Stream<Arguments> cases() {
        String[] names = {"relu_batchnorm_tanh_ce", "leaky_sigmoid_hinge", "elu_prelu_mse", "prelu_bn_leaky_bce",
            "maxout_dropout_eval_ce", "unfused_relu_ce"};
        return Stream.of(names).flatMap(n -> Stream.of(Arguments.of(n, true), Arguments.of(n, false)));
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("cases")
    void oneTrainingStepMatchesPyTorch(String name, boolean fuse) throws IOException {
        Golden g = Golden.load(name);
        Network net = g.build(fuse);
        Parameters p = net.parameters();
        for (ParameterTensor t : p.tensors()) {
            float[] source = g.tensors.containsKey("param." + t.name()) ? g.tensors.get("param." + t.name())
                    : g.tensors.get("buffer." + t.name());
            assertTrue(source != null, "golden file has no values for " + t.name());
            assertEquals(t.size(), source.length, t.name());
            System.arraycopy(source, 0, p.values(), t.offset(), t.size());
        }
        net.parametersChanged();
        TrainingContext ctx = net.newTrainingContext(g.batch, true);
        float[] x = g.tensors.get("input");
        int batch = g.batch;
        int[] labels = g.labels();
        float[] targets = g.tensors.get("targets"); // regression targets; the BCE case gives its 0/1 labels as labels
        assertTrue(labels != null || targets != null, "golden file has neither labels nor targets");

        TrainingContext.Step step = ctx.forwardBackward(x, 0, batch, labels, targets);
        double loss = step.loss();

        assertClose("scores", g.tensors.get("scores"), step.scores(), g.tensors.get("scores").length);
        assertEquals(g.tensors.get("loss")[0], loss, RTOL * Math.abs(g.tensors.get("loss")[0]) + ATOL, "loss");
        for (ParameterTensor t : p.tensors()) {
            if (t.trainable()) {
                float[] expected = g.tensors.get("grad." + t.name());
                assertClose("grad." + t.name(), expected, slice(ctx.gradients(), t), expected.length);
            } else {
                float[] expected = g.tensors.get("after." + t.name());
                assertClose("after." + t.name(), expected, slice(p.values(), t), expected.length);
            }
        }
        assertClose("input_grad", g.tensors.get("input_grad"), step.inputGradient(), g.tensors.get("input_grad").length);

        float[] evalScores = net.newInferenceContext(batch).forward(x, 0, batch);
        assertClose("eval_scores", g.tensors.get("eval_scores"), evalScores, g.tensors.get("eval_scores").length);
    }

    private static float[] slice(float[] flat, ParameterTensor t) {
        float[] out = new float[t.size()];
        System.arraycopy(flat, t.offset(), out, 0, t.size());
        return out;
    }

    /**
     * Per element {@code |a - e| <= RTOL * max|e| + ATOL}: relative to the tensor's scale, since a float32
     * gradient element that cancels to near zero carries absolute, not relative, rounding error.
     */
    private static void assertClose(String what, float[] expected, float[] actual, int n) {
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < n; i++) {
            double tol = RTOL * scale + ATOL;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (tolerance " + tol + ")");
        }
    }

    /** One golden file. */
    private static final class Golden {
        final Map<String, float[]> tensors = new HashMap<>();
        String arch;
        String loss;
        float l2;
        int inputSize;
        int batch;

        static Golden load(String name) throws IOException {
            Golden g = new Golden();
            try (InputStream in = PyTorchParityTest.class.getResourceAsStream("/golden/" + name + ".txt")) {
                assertTrue(in != null, "missing golden file " + name + " (run tools/make_golden.py)");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(" ", 2);
                    switch (f[0]) {
                        case "arch":
                            g.arch = f[1];
                            break;
                        case "loss":
                            g.loss = f[1];
                            break;
                        case "l2":
                            g.l2 = Float.parseFloat(f[1]);
                            break;
                        case "input_size":
                            g.inputSize = Integer.parseInt(f[1]);
                            break;
                        case "batch":
                            g.batch = Integer.parseInt(f[1]);
                            break;
                        case "tensor":
                            String[] v = f[1].split(" ");
                            float[] values = new float[Integer.parseInt(v[1])];
                            for (int i = 0; i < values.length; i++) {
                                values[i] = (float) Double.parseDouble(v[2 + i]);
                            }
                            g.tensors.put(v[0], values);
                            break;
                        default:
                            throw new IOException("unknown line in golden file: " + f[0]);
                    }
                }
            }
            return g;
        }

        int[] labels() {
            float[] l = tensors.get("labels");
            if (l == null) {
                return null;
            }
            int[] out = new int[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = (int) l[i];
            }
            return out;
        }

        Network build(boolean fuse) {
            Network.Builder b = Network.builder(inputSize).loss(Loss.named(loss)).l2(l2).maxBatch(batch).fuse(fuse);
            for (String module : arch.split(" ; ")) {
                String[] t = module.split(" ");
                switch (t[0]) {
                    case "dense":
                        b.dense(Integer.parseInt(t[1]));
                        break;
                    case "maxout":
                        b.maxout(Integer.parseInt(t[1]), Integer.parseInt(t[2]));
                        break;
                    case "relu":
                        b.relu();
                        break;
                    case "leaky_relu":
                        b.leakyRelu(Float.parseFloat(t[1]));
                        break;
                    case "elu":
                        b.elu(Float.parseFloat(t[1]));
                        break;
                    case "sigmoid":
                        b.sigmoid();
                        break;
                    case "tanh":
                        b.tanh();
                        break;
                    case "prelu":
                        b.prelu(Boolean.parseBoolean(t[1].toLowerCase()));
                        break;
                    case "batchnorm":
                        b.batchNorm();
                        break;
                    case "dropout":
                        b.dropout(Float.parseFloat(t[1]));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown module " + module);
                }
            }
            return b.build();
        }
    }
}
