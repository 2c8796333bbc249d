package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vecnet export} without the ONNX module (the core's tests do not have it): one line saying what is
 * missing, exit status 1, no file written. The export itself is tested in the ONNX module.
 */
class ExportCommandTest {

    @Test
    void missingOnnxModuleIsOneClearLine(@TempDir Path dir) {
        Path onnx = dir.resolve("model.onnx");
        CliRun run = CliRun.of("export", dir.resolve("model.safetensors").toString(), "--onnx", onnx.toString());
        assertEquals(1, run.status(), run.all());
        assertEquals(1, run.err().lines().count(), run.all());
        assertTrue(run.err().contains("vecnet-onnx"), run.all());
        assertFalse(Files.exists(onnx));
    }

    @Test
    void onnxFileIsRequired() {
        CliRun run = CliRun.of("export", "model.safetensors");
        assertEquals(2, run.status(), run.all());
        assertTrue(run.err().contains("--onnx"), run.all());
    }
}
