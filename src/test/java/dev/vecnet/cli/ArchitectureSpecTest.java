package dev.vecnet.cli;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                new ArchitectureSpec.Dense(128, ArchitectureSpec.Activation.RELU, Float.NaN),
                new ArchitectureSpec.BatchNorm(),
                new ArchitectureSpec.Dense(64, ArchitectureSpec.Activation.TANH, Float.NaN),
                new ArchitectureSpec.Dropout(0.3f),
                new ArchitectureSpec.Dense(32, ArchitectureSpec.Activation.SIGMOID, Float.NaN),
                new ArchitectureSpec.Dense(32, ArchitectureSpec.Activation.LEAKYRELU, Float.NaN),
                new ArchitectureSpec.Dense(32, ArchitectureSpec.Activation.LEAKYRELU, 0.2f),
                new ArchitectureSpec.Dense(16, ArchitectureSpec.Activation.ELU, Float.NaN),
                new ArchitectureSpec.Dense(16, ArchitectureSpec.Activation.PRELU, Float.NaN),
                new ArchitectureSpec.Dense(8, ArchitectureSpec.Activation.MAXOUT, 2f),
                new ArchitectureSpec.Dense(8, ArchitectureSpec.Activation.NONE, Float.NaN)), spec.modules());
    }

    @Test
    void buildsTheNetworkItDescribes() {
        Network net = ArchitectureSpec.parse("4-8relu-bn-dropout0.5-6maxout3-3").appendTo(Network.builder(4)).build();
        assertEquals(4, net.inputSize());
        assertEquals(3, net.outputSize());
        // dense 4->8 and bias; batch norm weight, bias and running statistics; maxout 8->6x3 and bias; dense 6->3
        assertEquals(4 * 8 + 8 + 4 * 8 + 8 * 18 + 18 + 6 * 3 + 3, net.parameters().size(), net.architecture().toString());
    }

    @Test
    void twoNumbersMakeALinearClassifierAndCaseAndSpacesDoNotMatter() {
        ArchitectureSpec spec = ArchitectureSpec.parse(" 4 - 16ReLU - 3 ");
        assertEquals("4-16relu-3", spec.text());
        assertEquals(List.of(), ArchitectureSpec.parse("4-3").modules());
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
