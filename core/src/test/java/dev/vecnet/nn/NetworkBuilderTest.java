package dev.vecnet.nn;

import dev.vecnet.kernel.Epilogue;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The builder writes a NetworkSpec; LayerPlan turns it into runtime layers and fuses where the rule says. */
class NetworkBuilderTest {

    @Test
    void everyBuilderMethodAppendsItsLayerSpec() {
        Network.Builder b = Network.builder(3).dense(4).dense(4, Init.XAVIER_UNIFORM).maxout(3, 2).maxout(3, 4, Init.GAUSSIAN)
                .sigmoid().tanh().relu().leakyRelu().leakyRelu(0.2f).elu().elu(0.5f).prelu().prelu(true)
                .batchNorm().batchNorm(1e-3f, 0.2f).dropout(0.25f).add(new LayerSpec.Dense(2))
                .loss(Loss.meanSquaredError()).l2(0.5f).init(Init.XAVIER_NORMAL).seed(7).maxBatch(5).fuse(false)
                .checkInputs(false);
        assertEquals(new NetworkSpec(3, List.of(new LayerSpec.Dense(4), new LayerSpec.Dense(4, Init.XAVIER_UNIFORM),
                new LayerSpec.Maxout(3, 2), new LayerSpec.Maxout(3, 4, Init.GAUSSIAN), new LayerSpec.Sigmoid(),
                new LayerSpec.Tanh(), new LayerSpec.Relu(), new LayerSpec.LeakyRelu(0.01f), new LayerSpec.LeakyRelu(0.2f),
                new LayerSpec.Elu(1f), new LayerSpec.Elu(0.5f), new LayerSpec.PRelu(false), new LayerSpec.PRelu(true),
                new LayerSpec.BatchNorm(1e-5f, 0.1f), new LayerSpec.BatchNorm(1e-3f, 0.2f), new LayerSpec.Dropout(0.25f),
                new LayerSpec.Dense(2)), Loss.meanSquaredError(), 0.5f, Init.XAVIER_NORMAL), b.spec());
        assertEquals(new BuildOptions(7, 5, false, false), b.options());
        Network net = b.build();
        assertEquals(b.spec(), net.spec());
        assertEquals(b.options(), net.options());
        assertEquals(Network.builder(net.spec()).spec(), net.spec());
    }

    @Test
    void theDefaultInitAppliesToLayersWithoutTheirOwnWhereverItIsSet() {
        Network early = Network.builder(3).init(Init.UNIFORM).dense(4).dense(2, Init.ZEROS).seed(1).build();
        Network late = Network.builder(3).dense(4).dense(2, Init.ZEROS).init(Init.UNIFORM).seed(1).build();
        assertEquals(early.spec(), late.spec());
        assertArrayEquals(early.parameters().values(), late.parameters().values());
        assertEquals(Init.UNIFORM, ((Dense) early.layers().get(0)).init());
        assertEquals(Init.ZEROS, ((Dense) early.layers().get(1)).init());
    }

    @Test
    void denseThenReluOrPositiveLeakyReluFuseAndTensorsKeepTheirModuleIndex() {
        Network net = Network.builder(3).dense(4).relu().dense(4).leakyRelu(0.1f).dense(4).leakyRelu(-0.1f)
                .dense(4).tanh().dense(2).build();
        assertEquals(List.of("dense(3 -> 4)", "relu", "dense(4 -> 4)", "leaky_relu(0.1)", "dense(4 -> 4)",
                "leaky_relu(-0.1)", "dense(4 -> 4)", "tanh", "dense(4 -> 2)"), net.architecture());
        List<Layer> layers = net.layers();
        assertEquals(7, layers.size());
        assertEquals(Epilogue.RELU, ((Dense) layers.get(0)).activation());
        assertEquals(Epilogue.LEAKY_RELU, ((Dense) layers.get(1)).activation());
        assertEquals(0.1f, ((Dense) layers.get(1)).slope());
        assertEquals(Epilogue.IDENTITY, ((Dense) layers.get(2)).activation());
        assertInstanceOf(Activation.class, layers.get(3));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias",
                "8.weight", "8.bias"), net.parameters().tensors().stream().map(ParameterTensor::name).toList());
    }

    @Test
    void withoutFusionEveryModuleIsALayerAndTheSpecIsTheSame() {
        Network.Builder b = Network.builder(3).dense(4).relu().dense(2).seed(3);
        Network fused = b.build();
        Network unfused = b.fuse(false).build();
        assertEquals(fused.spec(), unfused.spec());
        assertEquals(fused.architecture(), unfused.architecture());
        assertEquals(2, fused.layers().size());
        assertEquals(3, unfused.layers().size());
        assertArrayEquals(fused.parameters().values(), unfused.parameters().values());
        float[] x = {0.5f, -1f, 2f};
        // forward returns a live buffer as wide as the widest layer; the scores are its first two floats.
        assertArrayEquals(Arrays.copyOf(fused.newInferenceContext(1).forward(x, 0, 1), 2),
                Arrays.copyOf(unfused.newInferenceContext(1).forward(x, 0, 1), 2));
    }
}
