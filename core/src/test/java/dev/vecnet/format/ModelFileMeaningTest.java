package dev.vecnet.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files whose checksum holds but whose content means nothing valid: the architecture is strict and
 * bounded, and parameter values must make sense. Every file here is sealed with a valid format-2
 * checksum, so it is refused for what it says, not for being damaged.
 */
class ModelFileMeaningTest {
    /** One dense 2 -> 2 layer, then a BatchNorm and the module under test (a placeholder to replace). */
    private static final String ARCH = "{\"input\":2,\"modules\":[{\"type\":\"dense\",\"units\":2},"
            + "{\"type\":\"batchnorm\",\"eps\":1.0E-5,\"momentum\":0.1},MODULE],\"loss\":\"mean_squared_error\",\"l2\":0.0,"
            + "\"max_batch\":4,\"fuse\":true,\"check_inputs\":true}";
    private static final String TENSORS = "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
            + "\"1.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
            + "\"1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]},"
            + "\"1.running_mean\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]},"
            + "\"1.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[48,56]},"
            + "\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[56,64]}";

    private static byte[] file(String architecture, float variance) {
        byte[] data = new byte[64];
        byte[] floats = TestFiles.floats(1, 0, 0, 1, 0.5f, -0.5f, 1, 1, 0, 0, 0, 0, 1, variance);
        System.arraycopy(floats, 0, data, 0, floats.length);
        return TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(architecture, TENSORS), data));
    }

    private static byte[] withModule(String module) {
        return file(ARCH.replace("MODULE", module), 1);
    }

    private static void rejected(byte[] file, LoadOptions options, String messagePart) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file, options));
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    private static void rejected(byte[] file, String messagePart) {
        rejected(file, LoadOptions.defaults(), messagePart);
    }

    @Test
    void theBaseFileLoads() throws Exception {
        assertEquals(2, ModelFile.read(withModule("{\"type\":\"relu\"}"), LoadOptions.defaults()).network().outputSize());
    }

    @Test
    void unknownAndRepeatedFieldsAreRefusedByName() {
        rejected(withModule("{\"type\":\"relu\",\"slope\":0.1}"), "modules[2]: unknown field 'slope'");
        rejected(withModule("{\"type\":\"elu\",\"alpha\":1.0,\"alpha\":2.0}"), "duplicate key \"alpha\"");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"tanh\"}").replace("\"l2\"", "\"colour\":\"red\",\"l2\""), 1),
                "architecture: unknown field 'colour'");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"tanh\"}").replace("\"fuse\":true", "\"fuse\":true,\"fuse\":false"), 1),
                "duplicate key \"fuse\"");
        rejected(withModule("{\"type\":\"dense\",\"units\":2,\"bias\":false}"), "unknown field 'bias'");
    }

    @Test
    void hyperparametersMustBeFiniteAndInRange() {
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}").replace("1.0E-5", "1e999"), 1), "eps = 1e999 is not a finite float");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}").replace("1.0E-5", "0.0"), 1), "eps must be finite and > 0");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}").replace("1.0E-5", "1e-50"), 1), "eps must be finite and > 0");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}").replace("0.1}", "1.5}"), 1), "momentum must be in [0, 1]");
        rejected(withModule("{\"type\":\"dropout\",\"p\":1.0}"), "dropout p must be in [0, 1)");
        rejected(withModule("{\"type\":\"dropout\",\"p\":-0.1}"), "dropout p must be in [0, 1)");
        rejected(withModule("{\"type\":\"elu\",\"alpha\":-1.0}"), "elu alpha must be finite and > 0");
        rejected(withModule("{\"type\":\"elu\",\"alpha\":3.5e38}"), "alpha = 3.5e38 is not a finite float");
        rejected(withModule("{\"type\":\"leaky_relu\",\"slope\":-1e999}"), "slope = -1e999 is not a finite float");
        rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}").replace("\"l2\":0.0", "\"l2\":-1.0"), 1), "l2 must be finite and >= 0");
        rejected(withModule("{\"type\":\"dense\",\"units\":2.0}"), "units is not an integer: 2.0");
        rejected(withModule("{\"type\":\"prelu\",\"per_feature\":1}"), "per_feature is missing or not a boolean");
    }

    @Test
    void sizesAreBounded() {
        rejected(withModule("{\"type\":\"dense\",\"units\":16777217}"), "units = 16777217 is outside [1, 16777216]");
        rejected(withModule("{\"type\":\"maxout\",\"units\":65536,\"pieces\":257}"), "units * pieces = 16842752 is more than");
        rejected(withModule("{\"type\":\"dense\",\"units\":16777216}"), "architecture needs");
        StringBuilder many = new StringBuilder("{\"type\":\"relu\"}");
        for (int i = 0; i < ArchitectureCodec.MAX_MODULES; i++) {
            many.append(",{\"type\":\"relu\"}");
        }
        rejected(withModule(many.toString()), "lists 4099 modules, more than the limit of 4096");
        // The input and three modules of 2^24 floats are the limit; a fourth module exceeds it.
        String wide = "{\"input\":16777216,\"modules\":[{\"type\":\"relu\"},{\"type\":\"tanh\"},{\"type\":\"sigmoid\"}],"
                + "\"loss\":\"mean_squared_error\",\"l2\":0.0,\"max_batch\":1,\"fuse\":true,\"check_inputs\":true}";
        assertEquals(ArchitectureCodec.MAX_WIDTH, TestFiles.loads(TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(wide, ""),
                new byte[0]))).network().inputSize());
        rejected(TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(wide.replace("[{", "[{\"type\":\"relu\"},{"), ""),
                new byte[0])), "83886080 activation floats per example, more than the limit of 67108864");
    }

    @Test
    void variancesMustBeNonNegativeWhateverTheOptions() throws Exception {
        LoadOptions lenient = LoadOptions.defaults().withAllowNonFinite(true);
        for (LoadOptions options : new LoadOptions[] {LoadOptions.defaults(), lenient}) {
            rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}"), -0.5f), options,
                    "tensor '1.running_var' element 1 is -0.5: a variance must be >= 0");
            rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}"), Float.NaN), options, "element 1 is NaN: a variance");
            rejected(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}"), Float.NEGATIVE_INFINITY), options, "a variance must be >= 0");
        }
        byte[] infinite = file(ARCH.replace("MODULE", "{\"type\":\"relu\"}"), Float.POSITIVE_INFINITY);
        rejected(infinite, "withAllowNonFinite");
        ModelFile.read(infinite, lenient);
        ModelFile.read(file(ARCH.replace("MODULE", "{\"type\":\"relu\"}"), -0f), LoadOptions.defaults());
    }
}
