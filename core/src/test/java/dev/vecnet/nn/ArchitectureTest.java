package dev.vecnet.nn;

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

class ArchitectureTest {

    @Test
    void parsesEveryDocumentedModule() {
        Architecture spec = Architecture.parse("64-128relu-bn-64tanh-dropout0.3-32sigmoid-32leakyrelu-"
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
        NetworkSpec spec = Architecture.parse("4-8relu-bn-dropout0.5-6maxout3-3")
                .networkSpec(Loss.softmaxCrossEntropy(), 0f, Init.HE_NORMAL);
        Network net = Network.from(spec, BuildOptions.defaults());
        assertEquals(4, net.inputSize());
        assertEquals(3, net.outputSize());
        // dense 4->8 and bias; batch norm weight, bias and running statistics; maxout 8->6x3 and bias; dense 6->3
        assertEquals(4 * 8 + 8 + 4 * 8 + 8 * 18 + 18 + 6 * 3 + 3, net.parameters().size(), net.architecture().toString());
    }

    @Test
    void twoNumbersMakeALinearClassifierAndCaseAndSpacesDoNotMatter() {
        Architecture spec = Architecture.parse(" 4 - 16ReLU - 3 ");
        assertEquals("4-16relu-3", spec.text());
        assertEquals(List.of(new LayerSpec.Dense(3)), Architecture.parse("4-3").layers());
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /**
     * Layers with a string form and few enough parameters to be built: string -> spec -> string -> spec gives the
     * same spec and string.
     */
    @Property(tries = 500)
    void expressibleSpecsRoundTripThroughTheString(@ForAll("expressible") Architecture spec) {
        String text = spec.text();
        Architecture parsed = Architecture.parse(text);
        assertEquals(spec, parsed, text);
        assertEquals(text, parsed.text());
        assertEquals(parsed, Architecture.parse(parsed.toString()));
    }

    @Provide
    Arbitrary<Architecture> expressible() {
        Arbitrary<Integer> units = Arbitraries.integers().between(1, Architecture.MAX_UNITS).edgeCases(e -> e.includeOnly(1));
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
            return new Architecture(inputs, layers);
        }).filter(ArchitectureTest::buildable);
    }

    /** Whether a network of the spec's layers can be built (parse refuses those whose parameters fit no array). */
    private static boolean buildable(Architecture spec) {
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
                List.of(new LayerSpec.Dense(Architecture.MAX_UNITS + 1)));
        for (List<LayerSpec> layers : inexpressible) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Architecture(3, layers));
            assertTrue(e.getMessage().contains("string form"), e.getMessage());
        }
        NetworkSpec fromBuilder = Network.builder(3).dense(4).leakyRelu(-0.2f).dense(2).spec();
        assertThrows(IllegalArgumentException.class, () -> Architecture.of(fromBuilder));
        assertEquals("3-4relu-2", Architecture.of(Network.builder(3).dense(4).relu().dense(2).spec()).text());
    }

    @Test
    void layerSettingsAreCheckedByTheVocabularyAndReportedOnTheToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("4-dropout1-3"));
        assertTrue(e.getMessage().contains("bad token 'dropout1': dropout p must be in [0, 1), was 1.0"), e.getMessage());
    }

    @Test
    void hiddenModulesAloneAreTheMiddleOfTheWholeForm() {
        assertEquals(Architecture.parse("7-128relu-bn-dropout0.2-16maxout2-3").layers().subList(0, 5),
                Architecture.parseHidden("128ReLU - bn-dropout0.2-16maxout2"));
        assertEquals(List.of(), Architecture.parseHidden(" "));
        assertEquals("7-128relu-bn-3", Architecture.ofHidden(7, "128relu-bn", 3).text());
        assertEquals("7-3", Architecture.ofHidden(7, "", 3).text());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parseHidden("dense:64,relu"));
        assertTrue(e.getMessage().contains("bad token 'dense:64,relu'"), e.getMessage());
    }

    @Test
    void aBadCountIsReportedOnceInTheGrammarsTerms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("4-0relu-3"));
        assertEquals(1, e.getMessage().split("architecture '", -1).length - 1, e.getMessage());
    }
}
