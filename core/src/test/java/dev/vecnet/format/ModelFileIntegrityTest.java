package dev.vecnet.format;

import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format-2 checksum covers what the header means: the edits that loaded silently under the data-only
 * checksum of format 1 are refused, while a header spelled differently with the same meaning still
 * loads. The checksum agrees with a plain implementation of its definition in docs/model-format.md.
 */
class ModelFileIntegrityTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "format");

    private static Network eluNetwork() {
        Network net = Network.builder(2).dense(2).elu(1.3f).dense(2).batchNorm().loss(Loss.meanSquaredError()).seed(1).build();
        float[] v = net.parameters().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.25f * (i % 7) - 0.5f;
        }
        TestNetworks.nonNegativeVariances(net);
        net.parametersChanged();
        return net;
    }

    private static String header(byte[] file) {
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] data(byte[] file) {
        return Arrays.copyOfRange(file, 8 + header(file).length(), file.length);
    }

    /** {@code file} with its header text edited by replacing {@code from} (which must occur) with {@code to}. */
    private static byte[] edited(byte[] file, String from, String to) {
        String h = header(file);
        assertTrue(h.contains(from), () -> "the header lacks " + from);
        return TestFiles.file(h.replace(from, to), data(file));
    }

    private static void rejected(byte[] file, String messagePart) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains(messagePart), () -> "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    @Test
    void headerEditsThatFormat1MissedAreRefused() {
        byte[] file = ModelFile.toBytes(eluNetwork(), SaveOptions.defaults());
        String h = header(file);
        rejected(edited(file, "\\\"alpha\\\":1.3", "\\\"alpha\\\":65535.0"), "CRC32C");
        rejected(edited(file, "\\\"type\\\":\\\"elu\\\",\\\"alpha\\\":1.3", "\\\"type\\\":\\\"sigmoid\\\""), "CRC32C");
        rejected(edited(file, "\"vecnet.format_version\":\"2\"", "\"vecnet.format_version\":\"1\""), "CRC32C");
        // Two tensors of the same size (the second dense layer's bias and BatchNorm's weight) trade their data.
        String biasOffsets = offsets(h, "2.bias");
        String gammaOffsets = offsets(h, "3.weight");
        String swapped = h.replace(biasOffsets, "@").replace(gammaOffsets, biasOffsets).replace("@", gammaOffsets);
        assertTrue(!swapped.equals(h));
        rejected(TestFiles.file(swapped, data(file)), "CRC32C");
        String upper = h.substring(h.indexOf("\"vecnet.crc32c\":\"") + 17, h.indexOf("\"vecnet.crc32c\":\"") + 25);
        rejected(edited(file, upper, upper.toUpperCase()), "CRC32C");
    }

    /** The {@code "data_offsets":[begin,end]} member of the tensor {@code name} in header {@code h}. */
    private static String offsets(String h, String name) {
        int at = h.indexOf("\"data_offsets\"", h.indexOf("\"" + name + "\""));
        return h.substring(at, h.indexOf(']', at) + 1);
    }

    /** The checksum is of the meaning: member order, escapes and whitespace of the header do not enter it. */
    @Test
    void theSameHeaderSpelledDifferentlyLoadsTheSameModel() throws Exception {
        Network net = eluNetwork();
        byte[] file = ModelFile.toBytes(net, SaveOptions.defaults());
        String h = header(file).trim();
        int tensorsAt = h.indexOf("},\"") + 2;
        String metadata = h.substring(1, tensorsAt - 1);
        String tensors = h.substring(tensorsAt, h.length() - 1);
        String respelled = "{ " + tensors.replace("\"0.weight\"", "\"0.w\\u0065ight\"").replace(",\"", ",\n  \"") + " ,\t"
                + metadata.replace("\"vecnet.architecture\"", "\"vecnet\\u002earchitecture\"") + " }";
        LoadedModel back = ModelFile.read(TestFiles.file(respelled, data(file)), LoadOptions.defaults());
        assertArrayEquals(ModelFileRoundTripTest.rawBits(net.parameters().values()),
                ModelFileRoundTripTest.rawBits(back.network().parameters().values()));
        assertEquals(net.spec(), back.network().spec());
    }

    /**
     * Format-1 files are still read, with their weaker data-only checksum: the committed file written
     * before format 2 loads, and an edit of its architecture is (as documented) not detected.
     */
    @Test
    void format1FilesStillLoadWithTheirDataOnlyChecksum() throws Exception {
        byte[] old = Files.readAllBytes(GOLDEN.resolve("vecnet_mlp_without_default_init.safetensors"));
        LoadedModel m = ModelFile.read(old, LoadOptions.defaults());
        assertEquals("1", m.metadata().get(ModelFile.KEY_FORMAT));
        LoadedModel edited = ModelFile.read(edited(old, "\\\"alpha\\\":0.8", "\\\"alpha\\\":0.9"), LoadOptions.defaults());
        assertTrue(edited.network().architecture().toString().contains("0.9"));
        byte[] data = data(old);
        data[0] ^= 1;
        rejected(TestFiles.file(header(old), data), "data section");
    }

    @Test
    void filesWithoutVecnetMetadataAreNotModelFiles() {
        byte[] plain = TestFiles.file("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}", TestFiles.floats(1));
        rejected(plain, "not a vecnet model file");
        rejected(TestFiles.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", TestFiles.floats(1)),
                "not a vecnet model file");
        byte[] file = ModelFile.toBytes(eluNetwork(), SaveOptions.defaults());
        rejected(edited(file, "\"vecnet.format_version\":\"2\",", ""), "vecnet.format_version is missing");
        rejected(edited(file, "\"vecnet.format_version\":\"2\"", "\"vecnet.format_version\":\"3\""), "is '3', expected '2'");
        rejected(TestFiles.sealed(edited(file, "\"vecnet.format_version\":\"2\"",
                "\"vecnet.format_version\":\"2\",\"vecnet.colour\":\"red\"")), "metadata key 'vecnet.colour' is not defined");
        // Foreign metadata is allowed, and covered by the checksum.
        byte[] foreign = TestFiles.sealed(edited(file, "\"vecnet.format_version\":\"2\"", "\"format\":\"pt\",\"vecnet.format_version\":\"2\""));
        assertEquals("pt", TestFiles.loads(foreign).metadata().get("format"));
        rejected(edited(foreign, "\"format\":\"pt\"", "\"format\":\"tf\""), "CRC32C");
    }

    @Test
    void theWriterRefusesStringsThatUtf8CannotEncode() {
        SaveOptions bad = SaveOptions.defaults().withPreprocessing("standardize \ud800", Map.of("mean", new float[] {1f, 2f}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(eluNetwork(), bad));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    }

    /** The checksum as docs/model-format.md defines it, written plainly, against the reader's and writer's. */
    @Property(tries = 300)
    void theChecksumIsTheDocumentedFunction(@ForAll List<String> keys, @ForAll List<String> names, @ForAll byte[] data) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String k : keys) {
            if (wellFormed(k)) {
                metadata.put(k, k + "\u00e9\ud83d\ude00" + k.length());
            }
        }
        metadata.put(ModelFile.KEY_CHECKSUM, "left out");
        List<SafetensorsFile.Tensor> tensors = new ArrayList<>();
        long end = 0;
        for (String n : names) {
            if (wellFormed(n) && tensors.stream().noneMatch(t -> t.name().equals(n))) {
                long size = n.length() % 3;
                tensors.add(new SafetensorsFile.Tensor(n, DType.U8, new long[] {size, 1}, end, end + size));
                end += size;
            }
        }
        CRC32C crc = SafetensorsFile.canonicalHeader(metadata, ModelFile.KEY_CHECKSUM, tensors);
        crc.update(data);
        assertEquals(plainChecksum(metadata, ModelFile.KEY_CHECKSUM, tensors, data), crc.getValue());
    }

    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    private static long plainChecksum(Map<String, String> metadata, String excluded, List<SafetensorsFile.Tensor> tensors,
                                      byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
        metadata.forEach((k, v) -> {
            if (!k.equals(excluded)) {
                entries.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
            }
        });
        u64(out, entries.size());
        entries.forEach((k, v) -> {
            bytes(out, k);
            bytes(out, v);
        });
        TreeMap<byte[], SafetensorsFile.Tensor> table = new TreeMap<>(Arrays::compareUnsigned);
        tensors.forEach(t -> table.put(t.name().getBytes(StandardCharsets.UTF_8), t));
        u64(out, table.size());
        table.forEach((name, t) -> {
            bytes(out, name);
            bytes(out, t.dtype().name().getBytes(StandardCharsets.US_ASCII));
            u64(out, t.shape().length);
            for (long d : t.shape()) {
                u64(out, d);
            }
            u64(out, t.begin());
            u64(out, t.end());
        });
        out.writeBytes(data);
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        return crc.getValue();
    }

    private static void u64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        u64(out, b.length);
        out.writeBytes(b);
    }

    /** The PyTorch-written golden file carries a checksum that Python computed from the definition. */
    @Test
    void thePythonWrittenFileIsFormat2AndItsChecksumHolds() throws Exception {
        byte[] torch = Files.readAllBytes(GOLDEN.resolve("torch_mlp.safetensors"));
        SafetensorsFile st = SafetensorsReader.parse(torch);
        assertEquals("2", st.metadata().get(ModelFile.KEY_FORMAT));
        assertEquals(String.format("%08x", plainChecksum(st.metadata(), ModelFile.KEY_CHECKSUM,
                new ArrayList<>(st.tensors().values()), data(torch))), st.metadata().get(ModelFile.KEY_CHECKSUM));
    }
}
