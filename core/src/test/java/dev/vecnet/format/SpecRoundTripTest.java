package dev.vecnet.format;

import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.NetworkSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spec survives builder -> network -> model file -> network: every kind of layer, every float setting
 * (drawn over all bit patterns the layer accepts, -0.0 included), with and without per-layer
 * initialisers.
 */
class SpecRoundTripTest {

    @Property(tries = 400)
    void specSurvivesBuilderNetworkAndModelFile(@ForAll("specs") NetworkSpec spec, @ForAll boolean fuse,
                                                @ForAll boolean checkInputs, @ForAll @IntRange(min = 1, max = 8) int maxBatch,
                                                @ForAll long seed) throws Exception {
        Network.Builder b = Network.builder(spec.inputSize());
        spec.layers().forEach(b::add);
        b.loss(spec.loss()).l2(spec.l2()).init(spec.init()).fuse(fuse).checkInputs(checkInputs).maxBatch(maxBatch).seed(seed);
        assertEquals(spec, b.spec());
        Network net = b.build();
        assertEquals(spec, net.spec());
        assertEquals(spec.outputSize(), net.outputSize());
        assertEquals(spec.parameterCount(), net.parameters().size());
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, SaveOptions.defaults()), LoadOptions.defaults());
        assertEquals(spec, loaded.network().spec());
        // The seed is not stored; the other build options are.
        assertEquals(net.options().withSeed(0), loaded.network().options());
    }

    @Test
    void specSurvivesASavedFile() throws Exception {
        Path dir = Files.createTempDirectory("spec");
        Path path = dir.resolve("net.safetensors");
        Network net = Network.builder(3).dense(5, Init.XAVIER_UNIFORM).leakyRelu(0.2f).maxout(2, 3).dropout(0.1f)
                .dense(2).loss(Loss.multiclassHinge()).l2(1e-4f).init(Init.GAUSSIAN).build();
        ModelFile.save(path, net);
        assertEquals(net.spec(), ModelFile.load(path).network().spec());
        Files.delete(path);
        Files.delete(dir);
    }

    @Test
    void aBadLayerSettingNamesTheModuleAndTheSetting() {
        String arch = "{\"input\":2,\"modules\":[{\"type\":\"dense\",\"units\":3},{\"type\":\"dropout\",\"p\":1.5}],"
                + "\"loss\":\"mean_squared_error\",\"l2\":0.0,\"max_batch\":4,\"fuse\":true,\"check_inputs\":true}";
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ArchitectureCodec.decode(arch));
        assertEquals("architecture.modules[1]: dropout p must be in [0, 1), was 1.5", e.getMessage());
        ModelFormatException init = assertThrows(ModelFormatException.class,
                () -> ArchitectureCodec.decode(arch.replace("1.5", "0.5").replace("\"l2\"", "\"init\":\"NOPE\",\"l2\"")));
        assertTrue(init.getMessage().contains("unknown initialiser 'NOPE'"), init.getMessage());
    }

    @Test
    void architectureWithoutADefaultInitIsReadAsHeNormal() throws Exception {
        String arch = "{\"input\":2,\"modules\":[{\"type\":\"dense\",\"units\":3,\"init\":\"UNIFORM\"},"
                + "{\"type\":\"maxout\",\"units\":2,\"pieces\":2}],\"loss\":\"softmax_cross_entropy\",\"l2\":0.0,"
                + "\"max_batch\":4,\"fuse\":false,\"check_inputs\":true}";
        ArchitectureCodec.Decoded decoded = ArchitectureCodec.decode(arch);
        assertEquals(new NetworkSpec(2, java.util.List.of(new LayerSpec.Dense(3, Init.UNIFORM), new LayerSpec.Maxout(2, 2)),
                Loss.softmaxCrossEntropy(), 0f, Init.HE_NORMAL), decoded.spec());
        assertEquals(new BuildOptions(0, 4, false, true), decoded.options());
        assertEquals(3 * 3 + 4 * 4, decoded.parameters());
    }

    @Provide
    Arbitrary<NetworkSpec> specs() {
        Arbitrary<Integer> units = Arbitraries.integers().between(1, 5);
        Arbitrary<Init> init = Arbitraries.of(Init.class).injectNull(0.5);
        Arbitrary<Float> finite = floats(0x00000000, 0x7f7fffff).flatMap(x -> Arbitraries.of(x, -x));
        Arbitrary<Float> positive = floats(0x00000001, 0x7f7fffff);
        Arbitrary<Float> unit = Arbitraries.oneOf(floats(0x00000000, 0x3f800000), Arbitraries.just(-0f));
        Arbitrary<Float> probability = Arbitraries.oneOf(floats(0x00000000, 0x3f7fffff), Arbitraries.just(-0f));
        Arbitrary<LayerSpec> layer = Arbitraries.oneOf(
                Combinators.combine(units, init).as(LayerSpec.Dense::new),
                Combinators.combine(units, Arbitraries.integers().between(2, 3), init).as(LayerSpec.Maxout::new),
                Arbitraries.of(new LayerSpec.Sigmoid(), new LayerSpec.Tanh(), new LayerSpec.Relu()),
                Arbitraries.oneOf(finite, Arbitraries.of(0.01f, 0.2f, -0.3f)).map(LayerSpec.LeakyRelu::new),
                positive.map(LayerSpec.Elu::new),
                Arbitraries.of(true, false).map(LayerSpec.PRelu::new),
                Combinators.combine(positive, unit).as(LayerSpec.BatchNorm::new),
                probability.map(LayerSpec.Dropout::new));
        Arbitrary<Loss> loss = Arbitraries.of(Loss.softmaxCrossEntropy(), Loss.multiclassHinge(), Loss.meanSquaredError(),
                Loss.sigmoidBinaryCrossEntropy());
        Arbitrary<Float> l2 = Arbitraries.oneOf(Arbitraries.of(0f, -0f, 1e-4f), floats(0x00000000, 0x7f7fffff));
        return Combinators.combine(units, layer.list().ofMinSize(1).ofMaxSize(6), loss, l2, Arbitraries.of(Init.class))
                .as(NetworkSpec::new);
    }

    /** Floats whose bit patterns lie in {@code [lo, hi]} (non-negative patterns: ordered like the floats). */
    private static Arbitrary<Float> floats(int lo, int hi) {
        return Arbitraries.integers().between(lo, hi).map(Float::intBitsToFloat);
    }
}
