package dev.vecnet.onnx;

import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names from the file (node names, op types, domains, attribute names, value and initializer names) reach refusal
 * messages escaped and cut, whatever they hold; a short printable name appears as it is, so the message still names
 * what is wrong.
 */
class OnnxMessageTest {
    /** Ways to put a name where a refusal quotes it, in the golden gemm_relu_softmax. */
    private static final List<BiConsumer<ModelProto.Builder, String>> PLACES = List.of(
            (m, name) -> m.getGraphBuilder().getNodeBuilder(1).setName(name).setOpType("Conv"),
            (m, name) -> m.getGraphBuilder().getNodeBuilder(1).setOpType(name),
            (m, name) -> m.getGraphBuilder().getNodeBuilder(1).setDomain(name),
            (m, name) -> m.getGraphBuilder().getNodeBuilder(1).addAttribute(AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INT).setI(1)),
            (m, name) -> m.getGraphBuilder().getNodeBuilder(2).setInput(0, name),
            (m, name) -> {
                GraphProto.Builder graph = m.getGraphBuilder();
                graph.addInitializer(graph.getInitializer(0).toBuilder().setName(name));
                graph.addInitializer(graph.getInitializer(0).toBuilder().setName(name));
            });

    @Provide
    Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30),
                Arbitraries.integers().between(1, 20_000)).as(String::repeat);
    }

    @Provide
    Arbitrary<String> printable() {
        // Not an operator name, so that an op_type stays unsupported.
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(50).map(s -> "q" + s);
    }

    private static String refusal(int place, String name) {
        byte[] bytes = Mutations.mutate("gemm_relu_softmax", m -> PLACES.get(place).accept(m, name));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImporter.readModel(bytes));
        Mutations.assertCleanMessage(e.getMessage());
        return e.getMessage();
    }

    @Property(tries = 200)
    void hostileNamesAreEscapedAndCut(@ForAll("names") String name, @ForAll @IntRange(max = 5) int place) {
        refusal(place, name);
    }

    @Property(tries = 60)
    void printableNamesAreQuotedAsTheyAre(@ForAll("printable") String name, @ForAll @IntRange(max = 5) int place) {
        String message = refusal(place, name);
        assertTrue(message.contains(name), message);
    }
}
