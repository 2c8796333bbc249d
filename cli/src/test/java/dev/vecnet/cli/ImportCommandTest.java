package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.format.GoldenIo;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormat;
import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vecnet import}: PyTorch state dicts (goldens of tools/make_state_dict_golden.py) become model files that
 * {@code predict} and {@code evaluate} run to PyTorch's results; bad input is one line with the right exit status.
 */
class ImportCommandTest {
    private static final Path CUSTOM = GoldenIo.DIR.resolve("custom_fc_bn.safetensors");
    private static final Path CUSTOM_NAMES = GoldenIo.DIR.resolve("custom_fc_bn_names.txt");

    @TempDir
    Path dir;

    @Test
    void importedCustomModulePredictsPyTorchsClassesAndProbabilities() throws IOException {
        Path model = dir.resolve("model.safetensors");
        CliRun imported = CliRun.of("import", CUSTOM.toString(), "--arch", "5-8relu-bn-3", "--names", CUSTOM_NAMES.toString(),
                "--out", model.toString());
        assertEquals(0, imported.status(), imported.all());
        assertTrue(imported.out().contains("wrote " + model), imported.out());

        GoldenIo io = GoldenIo.read("custom_fc_bn");
        float[] x = io.get("input");
        Path input = dir.resolve("in.csv");
        Path labelled = dir.resolve("labelled.csv");
        StringBuilder rows = new StringBuilder();
        StringBuilder withLabels = new StringBuilder("a,b,c,d,e,label\n");
        for (int i = 0; i < io.batch(); i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 5; j++) {
                row.append(j == 0 ? "" : ",").append(x[i * 5 + j]);
            }
            rows.append(row).append('\n');
            withLabels.append(row).append(',').append((int) io.get("classes")[i]).append('\n');
        }
        Files.writeString(input, rows);
        Files.writeString(labelled, withLabels);

        Path predictions = dir.resolve("out.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                predictions.toString());
        assertEquals(0, predict.status(), predict.all());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("predicted,p0,p1,p2", lines.get(0));
        float[] p = io.get("probabilities");
        for (int i = 0; i < io.batch(); i++) {
            String[] fields = lines.get(i + 1).split(",");
            assertEquals((int) io.get("classes")[i], Integer.parseInt(fields[0]), lines.get(i + 1));
            for (int c = 0; c < 3; c++) {
                double expected = p[i * 3 + c];
                double actual = Double.parseDouble(fields[c + 1]);
                // predict prints 6 significant digits: a relative rounding error up to 5e-6, inside 1e-5
                assertEquals(expected, actual, 1e-5 * Math.abs(expected), lines.get(i + 1));
            }
        }

        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", labelled.toString(), "--split", "all");
        assertEquals(0, evaluate.status(), evaluate.all());
        assertTrue(evaluate.out().contains("\naccuracy 100.00% (9 of 9)\n"), evaluate.out());
    }

    @Test
    void importedSequentialIsTheNetworkOfTheSpecWithoutStandardisation() throws IOException {
        Path model = dir.resolve("mlp.safetensors");
        CliRun run = CliRun.of("import", GoldenIo.DIR.resolve("mlp_relu.safetensors").toString(), "--arch",
                "6-10relu-8relu-4", "--out", model.toString());
        assertEquals(0, run.status(), run.all());
        LoadedModel loaded = ModelFile.load(model);
        assertNull(loaded.preprocessingKind());
        assertEquals("6-10relu-8relu-4", Architecture.of(loaded.network().spec()).text());
        GoldenIo io = GoldenIo.read("mlp_relu");
        float[] y = loaded.network().newInferenceContext(io.batch()).forward(io.get("input"), 0, io.batch());
        float[] expected = io.get("output");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y[i], 1e-5 * Math.abs(expected[i]) + 1e-6, "output " + i);
        }
    }

    @Test
    void aStateDictThatDoesNotFitIsOneLineNamingEveryTensor() {
        Path model = dir.resolve("model.safetensors");
        CliRun run = CliRun.of("import", CUSTOM.toString(), "--arch", "5-8relu-bn-3", "--out", model.toString());
        assertEquals(1, run.status(), run.all());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("vecnet import: cannot import "), run.err());
        assertTrue(run.err().contains("missing 9 tensors: 0.bias, 0.weight,"), run.err());
        assertTrue(run.err().contains("'fc2.weight'; check --arch, and give --names"), run.err());
        assertTrue(Files.notExists(model));

        CliRun wrongInputs = CliRun.of("import", CUSTOM.toString(), "--arch", "4-8relu-bn-3", "--names",
                CUSTOM_NAMES.toString(), "--out", model.toString());
        assertEquals(1, wrongInputs.status(), wrongInputs.all());
        assertTrue(wrongInputs.err().contains("'fc1.weight' (as '0.weight') has shape [8, 5], expected [8, 4]"),
                wrongInputs.err());
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        Path model = dir.resolve("model.safetensors");
        CliRun noArch = CliRun.of("import", CUSTOM.toString(), "--out", model.toString());
        assertEquals(2, noArch.status(), noArch.all());
        assertTrue(noArch.err().contains("needs --arch"), noArch.err());

        Files.writeString(model, "old");
        CliRun exists = CliRun.of("import", CUSTOM.toString(), "--arch", "5-8relu-bn-3", "--names",
                CUSTOM_NAMES.toString(), "--out", model.toString());
        assertEquals(2, exists.status(), exists.all());
        assertTrue(exists.err().contains("--overwrite"), exists.err());
        assertEquals("old", Files.readString(model));
        CliRun overwrite = CliRun.of("import", CUSTOM.toString(), "--arch", "5-8relu-bn-3", "--names",
                CUSTOM_NAMES.toString(), "--out", model.toString(), "--overwrite");
        assertEquals(0, overwrite.status(), overwrite.all());
    }

    @Test
    void badNamesLinesAreReportedWithTheirNumber() throws IOException {
        Path names = dir.resolve("names.txt");
        for (String bad : new String[] {"fc1=0\nfc2 = 3 4\n", "fc1=0\nfc1.=3\n", "# modules\nfc1=0\n\nfc1 3\n",
            "fc1=0\n=3\n"}) {
            Files.writeString(names, bad);
            CliRun run = CliRun.of("import", CUSTOM.toString(), "--arch", "5-8relu-bn-3", "--names", names.toString(),
                    "--out", dir.resolve("m.safetensors").toString());
            assertEquals(1, run.status(), run.all());
            int line = bad.split("\n").length;
            assertTrue(run.err().contains(names + ": line " + line + ": "), bad + " -> " + run.err());
        }
    }

    @Test
    void aFileOfNoKnownFormatNamesTheFormatsAndTheOnnxModule() {
        CliRun run = CliRun.of("import", dir.resolve("model.onnx").toString(), "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(2, run.status(), run.all());
        assertTrue(run.err().contains("formats: PyTorch state dicts (.safetensors)"), run.err());
        assertTrue(run.err().contains("ONNX needs the module dev.vecnet:vecnet-onnx on the class path"), run.err());
    }

    /** A format supplied to the command directly (not as a service, which every other test would then see). */
    @Test
    void otherFormatsAreReadThroughTheirModelFormat() throws IOException {
        Network net = Network.builder(3).dense(4).relu().dense(2).seed(5).build();
        ModelFormat fake = fakeFormat("fake", net);
        Path source = Files.writeString(dir.resolve("model.fake"), "anything");
        Path model = dir.resolve("model.safetensors");
        CliRun refused = run(fake, "import", source.toString(), "--arch", "3-4relu-2", "--out", model.toString());
        assertEquals(2, refused.status(), refused.all());
        assertTrue(refused.err().contains("do not apply"), refused.err());

        CliRun run = run(fake, "import", source.toString(), "--out", model.toString());
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("(fake)"), run.out());
        assertArrayEquals(net.parameters().values(), ModelFile.load(model).network().parameters().values());
    }

    /** File names and a format's name reach the summary escaped: two lines, no control characters. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theSummaryEscapesControlCharactersOfNamesAndFileNames() throws IOException {
        Network net = Network.builder(3).dense(2).seed(5).build();
        String hostile = "\u001b]0;title\u0007\u001b[2J\nforged line\r";
        Path source = Files.writeString(dir.resolve("model" + hostile + ".fake"), "anything");
        Path model = dir.resolve("out" + hostile + ".safetensors");
        CliRun run = run(fakeFormat("fake" + hostile, net), "import", source.toString(), "--out", model.toString());
        assertEquals(0, run.status(), run.all());
        assertEquals(2, run.out().lines().count(), run.out());
        assertTrue(run.out().chars().allMatch(c -> c == '\n' || !Character.isISOControl(c)), run.out());
        assertTrue(run.out().contains("\\u001b]0;title\\u0007"), run.out());
    }

    /** A format named {@code name} that reads every file as {@code net}. */
    private static ModelFormat fakeFormat(String name, Network net) {
        return new ModelFormat() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String fileExtension() {
                return ".fake";
            }

            @Override
            public LoadedModel read(Path file) {
                return new LoadedModel(net, null, java.util.Map.of(), null, java.util.Map.of(), java.util.Map.of());
            }

            @Override
            public void write(LoadedModel model, Path file) {
                throw new UnsupportedOperationException("not needed here");
            }
        };
    }

    /** Runs the import command with {@code format} as the only installed format, as {@link Main#run} runs it. */
    private static CliRun run(ModelFormat format, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        VecnetCommand root = new VecnetCommand();
        Output output = new Output(new PrintWriter(out, true), new PrintWriter(err, true), false);
        CommandLine cli = new CommandLine(root).addSubcommand(new ImportCommand(output,
                file -> file.toString().toLowerCase(Locale.ROOT).endsWith(format.fileExtension())
                        ? Optional.of(format) : Optional.empty(), () -> List.of(format)));
        ErrorReporter errors = new ErrorReporter(root);
        cli.setOut(output.out());
        cli.setErr(output.err());
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }
}
