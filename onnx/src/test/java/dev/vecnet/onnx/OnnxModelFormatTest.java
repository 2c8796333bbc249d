package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormat;
import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The core finds the ONNX format through ServiceLoader, by name and by file extension, and it reads what it writes. */
class OnnxModelFormatTest {

    @Test
    void serviceIsFoundByNameAndExtension() {
        assertInstanceOf(OnnxModelFormat.class, ModelFormat.named("ONNX").orElseThrow());
        assertInstanceOf(OnnxModelFormat.class, ModelFormat.forFile(Path.of("models", "net.onnx")).orElseThrow());
        assertEquals(".onnx", ModelFormat.named("onnx").orElseThrow().fileExtension());
    }

    @Test
    void writesAndReadsThroughTheService(@TempDir Path dir) throws Exception {
        ModelFormat onnx = ModelFormat.named("onnx").orElseThrow();
        Network net = TestNetworks.randomize(Network.builder(3).dense(4).tanh().dense(2).build(), 9);
        Path file = dir.resolve("net.onnx");
        onnx.write(TestNetworks.plain(net), file);
        LoadedModel read = onnx.read(file);
        assertEquals(net.spec(), read.network().spec());
        assertArrayEquals(net.parameters().values(), read.network().parameters().values());
    }
}
