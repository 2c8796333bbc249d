package dev.vecnet.spark.cli;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkTrainCommandTest {

    @Test
    void trainPrintsTheEpochTableAndTestAccuracyAndWritesTheModel(@TempDir Path folder) throws Exception {
        // Two well separated classes in 3 features, label last.
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            int label = i % 2;
            double centre = label == 0 ? -2 : 2;
            csv.append(centre + r.nextDouble()).append(',').append(centre + r.nextDouble()).append(',')
                    .append(r.nextDouble()).append(',').append(label).append('\n');
        }
        Path data = folder.resolve("two.csv");
        Files.writeString(data, csv);
        Path out = folder.resolve("out");

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = new CommandLine(new SparkMain()).execute("train", "--data", data.toString(), "--epochs", "3",
                    "--layers", "dense:8,relu", "--lr", "0.05", "--master", "local[2]", "--partitions", "2",
                    "--sync", "local-sgd", "--sync-every", "2", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("epoch  train loss"), text);
        assertTrue(text.lines().filter(l -> l.matches(" +[123] +[0-9.]+ +[0-9.]+s")).count() == 3, text);
        assertTrue(text.contains("test accuracy: 100.00 %"), text);
        assertTrue(text.contains("output: " + out.toAbsolutePath()), text);
        LoadedModel model = ModelFile.load(out.resolve("model.safetensors"));
        assertEquals(3, model.network().inputSize());
        assertNotNull(model.preprocessor());
    }
}
