package dev.vecnet.format;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of defect is one {@link ModelFormatException} whose message names the defect. */
class ModelFileRejectionTest {
    private static final String ARCH = "{\"input\":2,\"modules\":[{\"type\":\"dense\",\"units\":1}],\"loss\":\"mean_squared_error\","
            + "\"l2\":0.0,\"max_batch\":4,\"fuse\":true,\"check_inputs\":true}";

    /** A file of one dense 2 -> 1 layer with the given header entries (data 12 bytes). */
    private static byte[] file(String tensorsJson, byte[] data, String checksum, String arch) {
        String crc = checksum != null ? checksum : crc(data);
        String header = "{\"__metadata__\":{\"vecnet.format_version\":\"1\",\"vecnet.crc32c\":\"" + crc
                + "\",\"vecnet.architecture\":" + JsonParser.quote(arch) + "}" + (tensorsJson.isEmpty() ? "" : "," + tensorsJson) + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private static String crc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return String.format("%08x", c.getValue());
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static final String GOOD = "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}";

    private static void rejects(byte[] file, String messagePart) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    @Test
    void theHandBuiltGoodFileLoads() throws Exception {
        Network net = ModelFile.read(file(GOOD, floats(1, 2, 3), null, ARCH), LoadOptions.defaults()).network();
        assertTrue(Arrays.equals(new float[] {1, 2, 3}, net.parameters().values()));
    }

    @Test
    void shortFile() {
        for (int n = 0; n < 8; n++) {
            rejects(new byte[n], "shorter than the 8-byte");
        }
    }

    @Test
    void headerLengthBeyondFileOrLimit() {
        byte[] good = file(GOOD, floats(1, 2, 3), null, ARCH);
        byte[] f = good.clone();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length);
        rejects(f, "runs past the end");
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
        rejects(f, "exceeds the limit");
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        rejects(f, "exceeds the limit");
    }

    @Test
    void malformedOrNonObjectJson() {
        rejects(raw("[1,2]"), "not an object");
        rejects(raw("{\"a\":"), "unexpected end");
        rejects(raw("{} x"), "trailing content");
        rejects(raw("{\"a\":1,}"), "expected a string key");
        rejects(raw("{\"a\":\"\\q\"}"), "invalid escape");
        rejects(raw("[".repeat(100) + "]".repeat(100)), "nesting deeper");
        byte[] bad = raw("{\"a\":\"\u00e9\"}");
        bad[bad.length - 3] = (byte) 0xC3;
        bad[bad.length - 4] = (byte) 0xFF;
        rejects(bad, "UTF-8");
    }

    private static byte[] raw(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    @Test
    void duplicateKeys() {
        rejects(file(GOOD + ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}", floats(1, 2, 3), null, ARCH),
                "duplicate key \"0.bias\"");
    }

    @Test
    void unknownDtype() {
        rejects(file(GOOD.replace("[1],\"data", "[1],\"data").replace("\"F32\",\"shape\":[1]", "\"F33\",\"shape\":[1]"),
                floats(1, 2, 3), null, ARCH), "unknown dtype 'F33'");
    }

    @Test
    void shapeProductOverflow() {
        rejects(file("\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,0]}", new byte[0], null, ARCH),
                "overflows");
        rejects(file("\"x\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,0]}", new byte[0], null, ARCH),
                "not an integer in range");
    }

    @Test
    void offsetsOutOfRangeOverlappingOrWithHoles() {
        rejects(file(GOOD.replace("[8,12]", "[12,16]"), floats(1, 2, 3), null, ARCH), "leave a hole");
        rejects(file(GOOD.replace("[8,12]", "[4,8]"), floats(1, 2, 3), null, ARCH), "previous tensor ends at 8");
        rejects(file(GOOD.replace("[8,12]", "[8,16]").replace("\"shape\":[1]", "\"shape\":[2]"), floats(1, 2, 3), null, ARCH),
                "file holds 12");
        rejects(file(GOOD.replace("[8,12]", "[12,8]"), floats(1, 2, 3), null, ARCH), "end before they begin");
        rejects(file(GOOD.replace("[8,12]", "[8,13]"), floats(1, 2, 3), null, ARCH), "span 5");
        rejects(file(GOOD.replace("[8,12]", "[8,-12]"), floats(1, 2, 3), null, ARCH), "negative");
    }

    @Test
    void trailingBytes() {
        rejects(file(GOOD, Arrays.copyOf(floats(1, 2, 3), 13), null, ARCH), "1 trailing bytes");
    }

    @Test
    void checksumMismatch() {
        byte[] f = file(GOOD, floats(1, 2, 3), null, ARCH);
        f[f.length - 1] ^= 1;
        rejects(f, "CRC32C");
        rejects(file(GOOD, floats(1, 2, 3), "00000000", ARCH), "says 00000000");
    }

    @Test
    void missingOrMisshapenTensors() {
        rejects(file(GOOD.replace("0.bias", "optimizer.pad"), floats(1, 2, 3), null, ARCH),
                "'0.bias' is missing");
        rejects(file(GOOD.replace("[1,2]", "[2,1]"), floats(1, 2, 3), null, ARCH), "expected F32 [1, 2]");
        rejects(file(GOOD.replace("[1,2]", "[2]"), floats(1, 2, 3), null, ARCH), "expected F32 [1, 2]");
        rejects(file(GOOD + ",\"7.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[12,12]}", floats(1, 2, 3), null, ARCH),
                "'7.weight' belongs to no module");
        rejects(file(GOOD, floats(1, 2, 3), null, ARCH.replace("\"units\":1", "\"units\":16777216")), "architecture needs");
        rejects(file(GOOD, floats(1, 2, 3), null, ARCH.replace("dense", "conv")), "unknown module type 'conv'");
        rejects(file(GOOD, floats(1, 2, 3), null, "[]"), "not a JSON object");
    }

    /**
     * A network without parameters has no tensor that bounds its width: the input size is bounded by
     * {@link ArchitectureCodec#MAX_WIDTH}, and loading allocates nothing from it.
     */
    @Test
    void widthsWithoutParametersAreBoundedByTheLimit() throws Exception {
        String arch = "{\"input\":16777216,\"modules\":[{\"type\":\"relu\"},{\"type\":\"dropout\",\"p\":0.5}],"
                + "\"loss\":\"mean_squared_error\",\"l2\":0.0,\"max_batch\":1048576,\"fuse\":true,\"check_inputs\":true}";
        Network net = ModelFile.read(file("", new byte[0], null, arch), LoadOptions.defaults()).network();
        assertTrue(net.inputSize() == ArchitectureCodec.MAX_WIDTH && net.parameters().size() == 0);
        rejects(file("", new byte[0], null, arch.replace("16777216", "16777217")), "input = 16777217 is outside [1, 16777216]");
        rejects(file("", new byte[0], null, arch.replace("16777216", "2147483647")), "input = 2147483647 is outside");
        rejects(file("", new byte[0], null, arch.replace("1048576", "1048577")), "max_batch = 1048577 is outside");
        rejects(file("", new byte[0], null, arch.replace("relu\"}", "prelu\",\"per_feature\":true}")), "architecture needs");
    }

    @Test
    void nonFiniteWeightsUnlessAllowed() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] f = file(GOOD, floats(1, bad, 3), null, ARCH);
            rejects(f, "'0.weight' element 1 is");
            ModelFile.read(f, LoadOptions.defaults().withAllowNonFinite(true));
        }
    }

    @Test
    void streamsAndFilesAboveTheLimit() throws Exception {
        byte[] f = file(GOOD, floats(1, 2, 3), null, ARCH);
        ModelFile.read(new ByteArrayInputStream(f), LoadOptions.defaults().withMaxBytes(f.length));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(f), LoadOptions.defaults().withMaxBytes(f.length - 1)));
        assertTrue(e.getMessage().contains("exceeds the limit"));
    }
}
