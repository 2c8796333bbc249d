package dev.vecnet.format;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelFile#loadStateDict}'s checks: strict names (all missing and unexpected listed at once), dtypes,
 * shapes, values; and that a refused file leaves the network exactly as it was.
 */
class StateDictLoaderTest {
    private static final long[] W0 = {4, 3};
    private static final long[] V4 = {4};

    /** dense(4), batch norm, per-feature PReLU, dense(2): every kind of tensor, one BatchNorm counter. */
    private static Network net(long seed) {
        Network net = Network.builder(3).dense(4).batchNorm().prelu(true).dense(2).seed(seed).build();
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = net.parameters().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(0.1, 2);   // positive, so every running variance is valid
        }
        net.setBatchesTracked(new long[] {seed});
        net.parametersChanged();
        return net;
    }

    /** Loading {@code file} throws, with a message containing every part, and leaves the network unchanged. */
    private static String refused(byte[] file, StateDictOptions options, String... parts) {
        Network target = net(1);
        float[] before = target.parameters().values().clone();
        long[] tracked = target.batchesTracked();
        float[] x = {0.5f, -1f, 2f};
        float[] y = Arrays.copyOf(target.newInferenceContext(1).forward(x, 0, 1), 2);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.loadStateDict(file, target, options));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
        assertArrayEquals(before, target.parameters().values(), "parameters unchanged");
        assertArrayEquals(tracked, target.batchesTracked(), "counters unchanged");
        assertArrayEquals(y, Arrays.copyOf(target.newInferenceContext(1).forward(x, 0, 1), 2), "outputs unchanged");
        return e.getMessage();
    }

    @Test
    void everyValueAndCounterIsLoaded() throws IOException {
        Network source = net(7);
        Network target = net(1);
        float[] x = {0.5f, -1f, 2f};
        target.newInferenceContext(1).forward(x, 0, 1);   // packs the old weights: parametersChanged must drop them
        ModelFile.loadStateDict(StateDictFiles.of(source, 7).bytes(), target);
        assertArrayEquals(source.parameters().values(), target.parameters().values());
        assertArrayEquals(new long[] {7}, target.batchesTracked());
        assertArrayEquals(source.newInferenceContext(1).forward(x, 0, 1), target.newInferenceContext(1).forward(x, 0, 1));
    }

    @Test
    void pathAndStreamReadTheSameFile(@TempDir Path dir) throws IOException {
        Network source = net(7);
        byte[] bytes = StateDictFiles.of(source, 3).bytes();
        Path file = Files.write(dir.resolve("model.safetensors"), bytes);
        Network fromPath = net(1);
        ModelFile.loadStateDict(file, fromPath);
        Network fromStream = net(2);
        ModelFile.loadStateDict(new ByteArrayInputStream(bytes), fromStream);
        assertArrayEquals(source.parameters().values(), fromPath.parameters().values());
        assertArrayEquals(source.parameters().values(), fromStream.parameters().values());
        StateDictOptions small = StateDictOptions.defaults().withMaxBytes(bytes.length - 1);
        assertThrows(ModelFormatException.class, () -> ModelFile.loadStateDict(file, net(1), small));
        assertThrows(ModelFormatException.class,
                () -> ModelFile.loadStateDict(new ByteArrayInputStream(bytes), net(1), small));
        ModelFile.loadStateDict(new ByteArrayInputStream(bytes), net(1), small.withMaxBytes(bytes.length));
    }

    @Test
    void everyMissingAndUnexpectedTensorIsListedSorted() {
        byte[] file = StateDictFiles.of(net(7), 1).remove("0.bias").remove("3.weight").remove("1.num_batches_tracked")
                .f32("extra.scale", new long[] {1}, 1f).f32("10.weight", V4, 1, 2, 3, 4).f32("2.bias", V4, 1, 2, 3, 4)
                .bytes();
        String message = refused(file, StateDictOptions.defaults());
        assertEquals("state dict does not match the network's tensor names: missing 3 tensors: 0.bias, "
                + "1.num_batches_tracked, 3.weight; unexpected 3 tensors: '2.bias', '10.weight', 'extra.scale'", message);
    }

    @Test
    void mappedNamesShowTheFileNameAndWhatItMappedTo() {
        byte[] file = StateDictFiles.of(net(7), 1).rename("0.weight", "fc1.weight").rename("0.bias", "fc1.bias")
                .f32("fc9.weight", V4, 1, 2, 3, 4).f32("0.weight", W0, new float[12]).bytes();
        StateDictOptions options = StateDictOptions.defaults().withModuleNames(Map.of("fc1", "0", "fc9", "9"));
        refused(file, options, "unexpected 1 tensor: 'fc9.weight' (as '9.weight')",
                "'0.weight' and 'fc1.weight' both map to '0.weight'");
    }

    @Test
    void renameReturningNullLeavesTensorsOut() throws IOException {
        Network source = net(7);
        byte[] vecnetFile = ModelFile.toBytes(source, SaveOptions.defaults()
                .withPreprocessing("standardize", Map.of("mean", new float[3], "std", new float[] {1, 1, 1})));
        refused(vecnetFile, StateDictOptions.defaults(), "unexpected 2 tensors: 'preprocess.mean', 'preprocess.std'");
        Network target = net(1);
        ModelFile.loadStateDict(vecnetFile, target,
                StateDictOptions.defaults().withRename(n -> n.startsWith("preprocess.") ? null : n));
        assertArrayEquals(source.parameters().values(), target.parameters().values());
        assertArrayEquals(new long[] {7}, target.batchesTracked());
    }

    @Test
    void everyWrongShapeAndDtypeIsListed() {
        byte[] file = StateDictFiles.of(net(7), 1).f32("0.weight", new long[] {3, 4}, new float[12])
                .f32("1.num_batches_tracked", new long[0], 1f).add("3.bias", "I32", new long[] {2}, new byte[8])
                .f32("2.weight", new long[] {1, 4}, 1, 2, 3, 4).bytes();
        String message = refused(file, StateDictOptions.defaults());
        assertEquals("state dict does not match the network's tensor types: '0.weight' has shape [3, 4], expected "
                + "[4, 3]; '1.num_batches_tracked' has dtype F32, expected I64; '2.weight' has shape [1, 4], expected "
                + "[4]; '3.bias' has dtype I32, expected F32, F64, F16 or BF16", message);
    }

    @Test
    void f64F16AndBf16ValuesAreAccepted() throws IOException {
        Network target = net(1);
        // 1.5 = 0x3E00 in F16, 0x3FC0 in BF16; -0.25 = 0xB400 in F16
        byte[] file = StateDictFiles.of(net(7), 1).f64("0.weight", W0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2)
                .bits16("0.bias", "F16", V4, 0x3E00, 0xB400, 0x0001, 0x8000)
                .bits16("2.weight", "BF16", V4, 0x3FC0, 0x3FC0, 0xBFC0, 0x0000).bytes();
        ModelFile.loadStateDict(file, target);
        float[] v = target.parameters().values();
        assertEquals(0.1f, v[target.parameters().tensor("0.weight").offset()]);
        int bias = target.parameters().tensor("0.bias").offset();
        assertArrayEquals(new float[] {1.5f, -0.25f, 0x1p-24f, -0f}, Arrays.copyOfRange(v, bias, bias + 4));
        int slope = target.parameters().tensor("2.weight").offset();
        assertArrayEquals(new float[] {1.5f, 1.5f, -1.5f, 0f}, Arrays.copyOfRange(v, slope, slope + 4));
    }

    @Test
    void nonFiniteValuesAreRefusedWithTheirIndexUnlessAllowed() throws IOException {
        byte[] nan = StateDictFiles.of(net(7), 1).set("3.weight", 5, Float.NaN).bytes();
        refused(nan, StateDictOptions.defaults(), "tensor '3.weight' element 5 is NaN", "a model needs finite weights");
        Network target = net(1);
        ModelFile.loadStateDict(nan, target, StateDictOptions.defaults().withAllowNonFinite(true));
        assertTrue(Float.isNaN(target.parameters().values()[target.parameters().tensor("3.weight").offset() + 5]));

        byte[] overflow = StateDictFiles.of(net(7), 1).f64("0.bias", V4, 1, 2, -1e39, 4).bytes();
        refused(overflow, StateDictOptions.defaults(),
                "tensor '0.bias' element 2 is -Infinity (the F64 value -1.0E39 is beyond float32's range)");
    }

    @Test
    void negativeVariancesAndCountsAreRefused() {
        refused(StateDictFiles.of(net(7), 1).set("1.running_var", 3, -0.5f).bytes(), StateDictOptions.defaults(),
                "tensor '1.running_var' element 3 is -0.5; a BatchNorm variance must be >= 0");
        refused(StateDictFiles.of(net(7), -2).bytes(), StateDictOptions.defaults(),
                "tensor '1.num_batches_tracked' is -2; a BatchNorm batch count must be >= 0");
        // as in model files, a NaN variance is refused even when non-finite values are allowed
        refused(StateDictFiles.of(net(7), 1).set("1.running_var", 2, Float.NaN).bytes(),
                StateDictOptions.defaults().withAllowNonFinite(true),
                "tensor '1.running_var' element 2 is NaN; a BatchNorm variance must be >= 0");
        // both problems at once are both reported
        refused(StateDictFiles.of(net(7), -2).set("1.running_var", 0, -1f).bytes(), StateDictOptions.defaults(),
                "'1.running_var' element 0", "'1.num_batches_tracked' is -2");
    }

    @Test
    void malformedFilesAreRefusedBeforeAnythingIsWritten() {
        byte[] good = StateDictFiles.of(net(7), 1).bytes();
        refused(Arrays.copyOf(good, good.length - 1), StateDictOptions.defaults(), "data bytes but the file holds");
        refused(new byte[3], StateDictOptions.defaults(), "shorter than the 8-byte header length");
    }

    @Test
    void namesSortByModuleIndexThenName() {
        String[] names = {"10.weight", "extra", "2.bias", "2.a.b", "1.weight", "01.weight", "0"};
        Arrays.sort(names, StateDictLoader.NAME_ORDER);
        assertArrayEquals(new String[] {"0", "01.weight", "1.weight", "2.a.b", "2.bias", "10.weight", "extra"}, names);
    }
}
