package dev.vecnet.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code _io.txt} golden file of tools/make_state_dict_golden.py: {@code batch N}, then lines
 * {@code name count values...} (input, output, probabilities, classes, param.NAME).
 *
 * @param batch  examples in the input
 * @param arrays every other line by name, values parsed as float (exact for the 9-digit float32 lines)
 */
public record GoldenIo(int batch, Map<String, float[]> arrays) {
    /**
     * The golden folder of the state-dict files: core's {@code src/test/resources/golden/statedict}, found from
     * another module through the system property {@code vecnet.goldenDir} (its {@code golden} folder).
     */
    public static final Path DIR = Path.of(System.getProperty("vecnet.goldenDir",
            Path.of("src", "test", "resources", "golden").toString()), "statedict");

    /** Reads {@code DIR/<name>_io.txt}. */
    public static GoldenIo read(String name) {
        int batch = 0;
        Map<String, float[]> arrays = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(DIR.resolve(name + "_io.txt"), StandardCharsets.UTF_8)) {
                String[] p = line.trim().split("\\s+");
                if (p[0].equals("batch")) {
                    batch = Integer.parseInt(p[1]);
                    continue;
                }
                float[] a = new float[Integer.parseInt(p[1])];
                if (a.length != p.length - 2) {
                    throw new IllegalStateException(name + ": line " + p[0] + " announces " + a.length + " values");
                }
                for (int i = 0; i < a.length; i++) {
                    a[i] = Float.parseFloat(p[i + 2]);
                }
                arrays.put(p[0], a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GoldenIo(batch, arrays);
    }

    /** The array of this name; fails when absent. */
    public float[] get(String key) {
        float[] a = arrays.get(key);
        if (a == null) {
            throw new IllegalStateException("no line '" + key + "'");
        }
        return a;
    }
}
