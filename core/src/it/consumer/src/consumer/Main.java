package consumer;

import dev.vecnet.data.Datasets;
import dev.vecnet.format.ModelFile;
import dev.vecnet.kernel.Gemm;
import dev.vecnet.kernel.Kernels;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;

/**
 * A program that uses vecnet as a dependency would: a product, a network, a prediction, and the two kinds of
 * resource the library reads from its own jar (a shipped data set, its version).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        if (c[0] != 19f || c[1] != 22f || c[2] != 43f || c[3] != 50f) {
            throw new AssertionError("wrong product " + java.util.Arrays.toString(c));
        }
        Network net = Network.builder(3).dense(4).relu().dense(2).maxBatch(1).seed(1).build();
        InferenceContext ctx = net.newInferenceContext(1);
        float[] scores = ctx.forward(new float[] {0.5f, -1f, 2f}, 0, 1);
        if (scores.length < 2 || !Float.isFinite(scores[0]) || !Float.isFinite(scores[1])) {
            throw new AssertionError("bad scores");
        }
        if (Datasets.iris().size() != 150) {
            throw new AssertionError("iris should have 150 examples");
        }
        if (ModelFile.LIBRARY_VERSION.isBlank()) {
            throw new AssertionError("no library version");
        }
        Module vecnet = Gemm.class.getModule();
        System.out.println("vecnet module: " + (!vecnet.isNamed() ? "unnamed"
                : vecnet.getName() + (vecnet.getDescriptor().isAutomatic() ? " (automatic)" : " (explicit)")));
        System.out.println("consumer ok: " + Kernels.describe() + ", java " + Runtime.version().feature());
    }
}
