package dev.vecnet.format;

import dev.vecnet.nn.Network;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Random networks and extras survive a save and load bit for bit. */
class ModelFileRoundTripTest {

    @Property(tries = 300)
    void randomNetworksRoundTripBitExact(@ForAll long seed) throws Exception {
        Network net = TestNetworks.random(seed);
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, SaveOptions.defaults()), LoadOptions.defaults());
        Network back = loaded.network();
        assertEquals(net.architecture(), back.architecture());
        assertEquals(ArchitectureCodec.encode(net.spec(), net.options()), ArchitectureCodec.encode(back.spec(), back.options()));
        assertEquals(net.loss().name(), back.loss().name());
        assertEquals(Float.floatToRawIntBits(net.l2()), Float.floatToRawIntBits(back.l2()));
        assertEquals(net.maxBatch(), back.maxBatch());
        assertEquals(net.checksInputs(), back.checksInputs());
        assertEquals(net.parameters().tensors(), back.parameters().tensors());
        assertArrayEquals(rawBits(net.parameters().values()), rawBits(back.parameters().values()));
        assertArrayEquals(net.batchesTracked(), back.batchesTracked());
        assertEquals(ModelFile.LIBRARY_VERSION, loaded.libraryVersion());
        // Same file again: the format has one encoding of a network.
        assertArrayEquals(ModelFile.toBytes(net, SaveOptions.defaults()), ModelFile.toBytes(back, SaveOptions.defaults()));
    }

    @Property(tries = 100)
    void specialFloatsAndExtrasRoundTripWhenAllowed(@ForAll long seed, @ForAll @IntRange(min = 0, max = 6) int extras) throws Exception {
        Network net = TestNetworks.random(seed);
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = net.parameters().values();
        int[] specials = {0x80000000, 0x7fc00001, 0x7f800001, 0xffbadbad, 0x7f800000, 0xff800000, 0x00000001};
        for (int i = 0; i < v.length; i++) {
            if (r.nextInt(3) == 0) {
                v[i] = Float.intBitsToFloat(specials[r.nextInt(specials.length)]);
            }
        }
        TestNetworks.nonNegativeVariances(net);
        Map<String, float[]> pre = new LinkedHashMap<>();
        Map<String, float[]> opt = new LinkedHashMap<>();
        for (int i = 0; i < extras; i++) {
            pre.put("stat" + i, randomArray(r, i));
            opt.put("m" + i + ".moment", randomArray(r, 3 * i + 1));
        }
        SaveOptions options = SaveOptions.defaults().withPreprocessing("standardize \"x\"", pre)
                .withOptimizerState("adam lr=0.001", opt);
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, options), LoadOptions.defaults().withAllowNonFinite(true));
        assertArrayEquals(rawBits(v), rawBits(loaded.network().parameters().values()));
        assertEquals("standardize \"x\"", loaded.preprocessingKind());
        assertEquals("adam lr=0.001", loaded.optimizer());
        assertEquals(pre.keySet(), loaded.preprocessing().keySet());
        assertEquals(opt.keySet(), loaded.optimizerState().keySet());
        for (String k : pre.keySet()) {
            assertArrayEquals(rawBits(pre.get(k)), rawBits(loaded.preprocessing().get(k)), k);
        }
        for (String k : opt.keySet()) {
            assertArrayEquals(rawBits(opt.get(k)), rawBits(loaded.optimizerState().get(k)), k);
        }
        boolean anyNonFinite = false;
        for (float x : v) {
            anyNonFinite |= !Float.isFinite(x);
        }
        if (anyNonFinite) {
            assertThrows(ModelFormatException.class, () -> ModelFile.read(ModelFile.toBytes(net, options), LoadOptions.defaults()));
        }
    }

    private static float[] randomArray(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = Float.intBitsToFloat(r.nextInt());
        }
        return a;
    }

    static int[] rawBits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }

    @Test
    void extrasAreWrittenInNameOrderWhateverTheMapsOrder() {
        Network net = TestNetworks.random(7);
        Map<String, float[]> forwards = new LinkedHashMap<>();
        Map<String, float[]> backwards = new LinkedHashMap<>();
        String[] names = {"mean", "std", "a", "z"};
        for (int i = 0; i < names.length; i++) {
            forwards.put(names[i], new float[] {i, i + 0.5f});
            backwards.put(names[names.length - 1 - i], new float[] {names.length - 1 - i, names.length - 0.5f - i});
        }
        byte[] one = ModelFile.toBytes(net, SaveOptions.defaults().withPreprocessing("standardize", forwards)
                .withOptimizerState("sgd", forwards));
        byte[] other = ModelFile.toBytes(net, SaveOptions.defaults().withPreprocessing("standardize", backwards)
                .withOptimizerState("sgd", backwards));
        assertArrayEquals(one, other, "the same extras in another map order give the same file");
    }
}
