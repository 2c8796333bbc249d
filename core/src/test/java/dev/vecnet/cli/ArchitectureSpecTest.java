package dev.vecnet.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureSpecTest {

    @Test
    void parsesEveryDocumentedModule() {
        ArchitectureSpec spec = ArchitectureSpec.parse("64-128relu-bn-64tanh-dropout0.3-32sigmoid-32leakyrelu-"
                + "32leakyrelu0.2-16elu-16prelu-8maxout2-8-10");
        assertEquals(64, spec.inputs());
        assertEquals(10, spec.classes());
        assertEquals(List.of(
                new LayerSpec.Dense(128), new LayerSpec.Relu(),
                new LayerSpec.BatchNorm(),
                new LayerSpec.Dense(64), new LayerSpec.Tanh(),
                new LayerSpec.Dropout(0.3f),
                new LayerSpec.Dense(32), new LayerSpec.Sigmoid(),
                new LayerSpec.Dense(32), new LayerSpec.LeakyRelu(0.01f),
                new LayerSpec.Dense(32), new LayerSpec.LeakyRelu(0.2f),
                new LayerSpec.Dense(16), new LayerSpec.Elu(1f),
                new LayerSpec.Dense(16), new LayerSpec.PRelu(false),
                new LayerSpec.Maxout(8, 2),
                new LayerSpec.Dense(8),
                new LayerSpec.Dense(10)), spec.layers());
    }

    @Test
    void buildsTheNetworkItDescribes() {
        NetworkSpec spec = ArchitectureSpec.parse("4-8relu-bn-dropout0.5-6maxout3-3")
                .networkSpec(Loss.softmaxCrossEntropy(), 0f, Init.HE_NORMAL);
        Network net = Network.from(spec, BuildOptions.defaults());
        assertEquals(4, net.inputSize());
        assertEquals(3, net.outputSize());
        // dense 4->8 and bias; batch norm weight, bias and running statistics; maxout 8->6x3 and bias; dense 6->3
        assertEquals(4 * 8 + 8 + 4 * 8 + 8 * 18 + 18 + 6 * 3 + 3, net.parameters().size(), net.architecture().toString());
    }

    @Test
    void twoNumbersMakeALinearClassifierAndCaseAndSpacesDoNotMatter() {
        ArchitectureSpec spec = ArchitectureSpec.parse(" 4 - 16ReLU - 3 ");
        assertEquals("4-16relu-3", spec.text());
        assertEquals(List.of(new LayerSpec.Dense(3)), ArchitectureSpec.parse("4-3").layers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "64-128relu-10x | '10x'",
            "abc-10 | 'abc'",
            "64 | at least the input and the class count",
            "64-128relu--10 | bad token ''",
            "64-128foo-10 | unknown activation 'foo'",
            "64-relu-10 | bad token 'relu'",
            "64-dropout1.5-10 | bad token 'dropout1.5'",
            "64-dropoutx-10 | bad token 'dropoutx'",
            "64-128maxout-10 | bad token '128maxout'",
            "64-128maxout1-10 | bad token '128maxout1'",
            "64-128relu0.5-10 | bad token '128relu0.5'",
            "64-0relu-10 | '0relu'",
            "0-10 | '0'",
            "64-128leakyrelu0.1.2-10 | '0.1.2' is not a number",
    })
    void rejectsBadSpecsNamingTheToken(String spec, String expected) {
        UsageException e = assertThrows(UsageException.class, () -> ArchitectureSpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /**
     * Layers with a string form and few enough parameters to be built: string -> spec -> string -> spec gives the
     * same spec and string.
     */
    @Property(tries = 500)
    void expressibleSpecsRoundTripThroughTheString(@ForAll("expressible") ArchitectureSpec spec) {
        String text = spec.text();
        ArchitectureSpec parsed = ArchitectureSpec.parse(text);
        assertEquals(spec, parsed, text);
        assertEquals(text, parsed.text());
        assertEquals(parsed, ArchitectureSpec.parse(parsed.toString()));
    }

    @Provide
    Arbitrary<ArchitectureSpec> expressible() {
        Arbitrary<Integer> units = Arbitraries.integers().between(1, ArchitectureSpec.MAX_UNITS).edgeCases(e -> e.includeOnly(1));
        Arbitrary<Float> nonNegative = Arbitraries.integers().between(0, 0x7f7fffff).map(Float::intBitsToFloat);
        Arbitrary<Float> probability = Arbitraries.integers().between(0, 0x3f7fffff).map(Float::intBitsToFloat);
        Arbitrary<LayerSpec> activation = Arbitraries.oneOf(Arbitraries.of(new LayerSpec.Relu(), new LayerSpec.Tanh(),
                new LayerSpec.Sigmoid(), new LayerSpec.Elu(), new LayerSpec.PRelu(), new LayerSpec.LeakyRelu()),
                nonNegative.map(LayerSpec.LeakyRelu::new));
        Arbitrary<List<LayerSpec>> module = Arbitraries.oneOf(
                units.map(u -> List.of(new LayerSpec.Dense(u))),
                Combinators.combine(units, activation).as((u, a) -> List.of(new LayerSpec.Dense(u), a)),
                Combinators.combine(Arbitraries.integers().between(1, 64), Arbitraries.integers().between(2, 9))
                        .as((u, p) -> List.of(new LayerSpec.Maxout(u, p))),
                Arbitraries.just(List.of(new LayerSpec.BatchNorm())),
                probability.map(p -> List.of(new LayerSpec.Dropout(p))));
        return Combinators.combine(units, module.list().ofMaxSize(6), units).as((inputs, modules, classes) -> {
            List<LayerSpec> layers = new ArrayList<>();
            modules.forEach(layers::addAll);
            layers.add(new LayerSpec.Dense(classes));
            return new ArchitectureSpec(inputs, layers);
        }).filter(ArchitectureSpecTest::buildable);
    }

    /** Whether a network of the spec's layers can be built (parse refuses those whose parameters fit no array). */
    private static boolean buildable(ArchitectureSpec spec) {
        try {
            new NetworkSpec(spec.inputs(), spec.layers());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void layersWithoutAStringFormAreRejectedNamingTheLayer() {
        List<List<LayerSpec>> inexpressible = List.of(
                List.of(new LayerSpec.Dense(4), new LayerSpec.Relu()),
                List.of(new LayerSpec.Relu(), new LayerSpec.Dense(4)),
                List.of(new LayerSpec.Dense(4, Init.UNIFORM)),
                List.of(new LayerSpec.Dense(4), new LayerSpec.LeakyRelu(-0.1f), new LayerSpec.Dense(2)),
                List.of(new LayerSpec.Dense(4), new LayerSpec.Elu(0.5f), new LayerSpec.Dense(2)),
                List.of(new LayerSpec.BatchNorm(1e-3f, 0.1f), new LayerSpec.Dense(2)),
                List.of(new LayerSpec.Dense(4), new LayerSpec.Relu(), new LayerSpec.Relu(), new LayerSpec.Dense(2)),
                List.of(new LayerSpec.Dense(ArchitectureSpec.MAX_UNITS + 1)));
        for (List<LayerSpec> layers : inexpressible) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArchitectureSpec(3, layers));
            assertTrue(e.getMessage().contains("string form"), e.getMessage());
        }
        NetworkSpec fromBuilder = Network.builder(3).dense(4).leakyRelu(-0.2f).dense(2).spec();
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.of(fromBuilder));
        assertEquals("3-4relu-2", ArchitectureSpec.of(Network.builder(3).dense(4).relu().dense(2).spec()).text());
    }

    @Test
    void layerSettingsAreCheckedByTheVocabularyAndReportedOnTheToken() {
        UsageException e = assertThrows(UsageException.class, () -> ArchitectureSpec.parse("4-dropout1-3"));
        assertTrue(e.getMessage().contains("bad token 'dropout1': dropout p must be in [0, 1), was 1.0"), e.getMessage());
    }

    @Test
    void checksTheSpecAgainstTheData() {
        ArchitectureSpec spec = ArchitectureSpec.parse("32-128relu-10");
        UsageException inputs = assertThrows(UsageException.class, () -> spec.requireFits("digits", 64, 10));
        assertTrue(inputs.getMessage().contains("start the spec with 64"), inputs.getMessage());
        UsageException classes = assertThrows(UsageException.class,
                () -> ArchitectureSpec.parse("64-128relu-3").requireFits("digits", 64, 10));
        assertTrue(classes.getMessage().contains("end the spec with 10"), classes.getMessage());
    }
}
