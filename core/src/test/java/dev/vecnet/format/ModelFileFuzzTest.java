package dev.vecnet.format;

import dev.vecnet.nn.Init;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated model files, counted by outcome. A mutated file must either be refused with one
 * {@link ModelFormatException} or load to exactly the original model: the same spec, options,
 * parameters, counters, extras and metadata, and bit-identical outputs. A file that loads to anything
 * else is a silent change, and there must be none.
 *
 * <p>Mutations: semantic edits of the header (numbers in the architecture and the tensor table, layer
 * kinds, dtypes, names, fields, booleans, metadata values and keys, swapped data offsets, shapes, names,
 * modules and metadata values, the format version), every truncation, every bit of the header flipped,
 * and random byte changes anywhere. A second family re-seals semantic edits and data changes with a
 * valid checksum, to reach the checks behind it: those files may load as other valid models, but
 * nothing but {@link ModelFormatException} may escape, and what loads must run.
 */
class ModelFileFuzzTest {
    private static final String[] NUMBERS = {"0", "1", "-1", "2", "3", "7", "65535", "1.3", "0.5", "1e999", "-0.0", "0.0",
        "2147483647", "4294967296", "16777217", "1.0E-5", "0.25", "1.0", "-2.5", "1e-50", "99999999999999999999"};
    private static final String[] WORDS = {"dense", "maxout", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "prelu",
        "batchnorm", "dropout", "F32", "F16", "BF16", "F64", "I64", "I32", "U8", "BOOL", "HE_NORMAL", "XAVIER_UNIFORM",
        "mean_squared_error", "softmax_cross_entropy", "units", "pieces", "slope", "alpha", "eps", "momentum", "p",
        "per_feature", "init", "input", "modules", "loss", "l2", "max_batch", "fuse", "check_inputs", "true", "false",
        "weight", "bias", "running_mean", "running_var", "num_batches_tracked", "shape", "dtype", "data_offsets", "type",
        "preprocess", "optimizer", "vecnet"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BOOLEAN = Pattern.compile("true|false");
    private static final Pattern TENSOR = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"(\\w+)\",\"shape\":(\\[[\\d,]*\\]),\"data_offsets\":(\\[\\d+,\\d+\\])\\}");
    private static final Pattern MODULE = Pattern.compile("\\{\\\\\"type\\\\\":[^{}]*\\}");
    private static final Pattern METADATA = Pattern.compile("\"(vecnet\\.\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final float[] INPUT_VALUES = {0.5f, -1.25f, 2f, 0f, -0.75f, 3f, 1e-3f, -4f};

    /** Outcome counts of one family of mutations. */
    private static final class Counts {
        int cases;
        int rejected;
        int identical;
        int changed;

        @Override
        public String toString() {
            return cases + " files: " + rejected + " rejected, " + identical + " loaded identical, " + changed + " loaded changed";
        }
    }

    /** The networks whose files are mutated: every module kind, extras, and random ones. */
    private static List<byte[]> originals() {
        List<byte[]> files = new ArrayList<>();
        Network all = Network.builder(3).dense(4).batchNorm().relu().prelu(true).dropout(0.25f).leakyRelu(0.05f).elu(1.3f)
                .dense(4, Init.XAVIER_UNIFORM).sigmoid().maxout(2, 3).tanh().prelu(false).dense(2)
                .loss(Loss.meanSquaredError()).l2(0.01f).seed(5).build();
        TestNetworks.nonNegativeVariances(randomise(all, 3));
        files.add(ModelFile.toBytes(all, SaveOptions.defaults()
                .withPreprocessing("standardize", Map.of("mean", new float[] {0.5f, -1f, 2f}, "std", new float[] {1f, 2f, 0.5f}))
                .withOptimizerState("adam lr=0.001", Map.of("0.weight.exp_avg", new float[] {1f, 2f}))));
        for (long seed = 1; seed <= 3; seed++) {
            files.add(ModelFile.toBytes(TestNetworks.random(seed * 7919), SaveOptions.defaults()));
        }
        return files;
    }

    private static Network randomise(Network net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = net.parameters().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        net.parametersChanged();
        return net;
    }

    /**
     * What a loaded model is, as one string: spec, options, parameter bits, counters, extras, metadata
     * (sorted) and the bits of its outputs on a fixed batch; equal strings mean the same model.
     */
    private static String fingerprint(LoadedModel m) {
        Network net = m.network();
        StringBuilder sb = new StringBuilder();
        sb.append(net.spec()).append('|').append(net.options()).append('|').append(Arrays.toString(bits(net.parameters().values())))
                .append('|').append(Arrays.toString(net.batchesTracked())).append('|').append(m.preprocessingKind()).append('|')
                .append(m.optimizer()).append('|').append(new TreeMap<>(m.metadata()));
        for (Map<String, float[]> extras : List.of(m.preprocessing(), m.optimizerState())) {
            for (Map.Entry<String, float[]> e : new TreeMap<>(extras).entrySet()) {
                sb.append('|').append(e.getKey()).append('=').append(Arrays.toString(bits(e.getValue())));
            }
        }
        int batch = 2;
        float[] x = new float[batch * net.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = INPUT_VALUES[i % INPUT_VALUES.length];
        }
        float[] y = net.newInferenceContext(batch).forward(x, 0, batch);
        return sb.append("|out=").append(Arrays.toString(bits(Arrays.copyOf(y, batch * net.outputSize())))).toString();
    }

    private static int[] bits(float[] a) {
        return ModelFileRoundTripTest.rawBits(a);
    }

    /**
     * Reads {@code file}: a {@link ModelFormatException} counts as rejected, a load as identical or
     * changed against {@code original} (the fingerprint of the unmutated file); anything else fails.
     */
    private static void attempt(byte[] file, String original, Counts counts) {
        counts.cases++;
        LoadedModel m;
        try {
            m = ModelFile.read(file, LoadOptions.defaults());
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            counts.rejected++;
            return;
        } catch (Throwable t) {
            throw new AssertionError("a mutated file escaped with " + t, t);
        }
        String print;
        try {
            print = fingerprint(m);
        } catch (Throwable t) {
            throw new AssertionError("a mutated file loaded but does not run: " + t, t);
        }
        if (print.equals(original)) {
            counts.identical++;
        } else {
            counts.changed++;
        }
    }

    @Test
    void noMutationLoadsAsAnotherModelUnlessResealed() throws Exception {
        long start = System.nanoTime();
        Counts kept = new Counts();
        Counts resealed = new Counts();
        Counts bytes = new Counts();
        SplittableRandom r = new SplittableRandom(20_000);
        for (byte[] good : originals()) {
            String original = fingerprint(ModelFile.read(good, LoadOptions.defaults()));
            int headerEnd = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
            String header = new String(good, 8, headerEnd - 8, StandardCharsets.ISO_8859_1);
            byte[] data = Arrays.copyOfRange(good, headerEnd, good.length);
            for (int i = 0; i < 1500; i++) {
                String mutated = mutateHeader(header, r);
                byte[] file = TestFiles.file(mutated, data);
                attempt(file, original, kept);
                attempt(TestFiles.sealed(file.clone()), original, resealed);
            }
            for (int n = 0; n < good.length; n++) {
                attempt(Arrays.copyOf(good, n), original, bytes);
            }
            for (int bit = 0; bit < headerEnd * 8; bit++) {
                byte[] f = good.clone();
                f[bit / 8] ^= (byte) (1 << (bit % 8));
                attempt(f, original, bytes);
            }
            for (int i = 0; i < 1500; i++) {
                byte[] f = good.clone();
                for (int c = 1 + r.nextInt(4); c > 0; c--) {
                    int at = r.nextInt(f.length);
                    f[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) "{}[],:\"0123456789-eE.\\ntfu ".charAt(r.nextInt(27));
                }
                attempt(f, original, bytes);
            }
            for (int i = 0; i < 500; i++) {
                byte[] f = good.clone();
                int at = headerEnd + r.nextInt(f.length - headerEnd);
                f[at] = r.nextInt(4) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
                attempt(TestFiles.sealed(f), original, resealed);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("model-file fuzz, " + millis + " ms\n  header edits, checksum kept:    " + kept
                + "\n  truncations, bit flips, bytes:  " + bytes + "\n  resealed edits and data:        " + resealed);
        assertEquals(0, kept.changed, "silent changes among header edits: " + kept);
        assertEquals(0, bytes.changed, "silent changes among byte mutations: " + bytes);
        assertTrue(kept.cases + bytes.cases + resealed.cases >= 20_000, "too few cases");
        // The checksum stops nearly every edit, so the resealed family is what reaches the semantic checks.
        assertTrue(resealed.rejected > resealed.cases / 4 && resealed.identical + resealed.changed > 0, resealed.toString());
    }

    /** One semantic edit of {@code header}, chosen at random; the JSON stays well-formed more often than not. */
    static String mutateHeader(String header, SplittableRandom r) {
        switch (r.nextInt(12)) {
            case 0:
                return replaceOne(header, NUMBER, r, (m, rr) -> numberLike(m.group(), rr));
            case 1:
                return replaceOne(header, WORD, r, (m, rr) -> WORDS[rr.nextInt(WORDS.length)]);
            case 2:
                return replaceOne(header, BOOLEAN, r, (m, rr) -> m.group().equals("true") ? "false" : "true");
            case 3:
                return swapGroups(header, TENSOR, 4, r);
            case 4:
                return swapGroups(header, TENSOR, 1, r);
            case 5:
                return swapGroups(header, TENSOR, 3, r);
            case 6:
                return swapGroups(header, METADATA, 2, r);
            case 7:
                return swapGroups(header, MODULE, 0, r);
            case 8:
                return replaceOne(header, MODULE, r, (m, rr) -> rr.nextBoolean() ? "" : m.group() + "," + m.group())
                        .replace(",,", ",").replace("[,", "[").replace(",]", "]");
            case 9:
                return header.replace("\"vecnet.format_version\":\"2\"", "\"vecnet.format_version\":\"" + (r.nextBoolean() ? "1" : "3") + "\"");
            case 10:
                return replaceOne(header, METADATA, r, (m, rr) -> rr.nextBoolean() ? "\"vecnet.extra\":\"1\"," + m.group()
                        : m.group(1).equals("vecnet.crc32c") ? m.group() : "\"x\":\"y\"");
            default:
                return replaceOne(header, MODULE, r, (m, rr) -> m.group().replace("}", ",\\\"extra\\\":1}"));
        }
    }

    /** A number that differs from {@code text}: a neighbour, a double, or one of {@link #NUMBERS}. */
    private static String numberLike(String text, SplittableRandom r) {
        if (r.nextBoolean() && text.matches("\\d+")) {
            long v = Long.parseLong(text.length() > 18 ? "0" : text);
            return Long.toString(r.nextBoolean() ? v + 1 : Math.max(0, v - 1));
        }
        return NUMBERS[r.nextInt(NUMBERS.length)];
    }

    /** {@code s} with one random match of {@code p} replaced as {@code replacement} says. */
    private static String replaceOne(String s, Pattern p, SplittableRandom r, BiFunction<Matcher, SplittableRandom, String> replacement) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return s;
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        m = p.matcher(s);
        m.find(span[0]);
        return s.substring(0, span[0]) + replacement.apply(m, r) + s.substring(span[1]);
    }

    /** {@code s} with group {@code g} of two random matches of {@code p} swapped (group 0: the whole matches). */
    private static String swapGroups(String s, Pattern p, int g, SplittableRandom r) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            spans.add(new int[] {m.start(g), m.end(g)});
        }
        if (spans.size() < 2) {
            return s;
        }
        int a = r.nextInt(spans.size());
        int b = r.nextInt(spans.size() - 1);
        b += b >= a ? 1 : 0;
        int[] first = spans.get(Math.min(a, b));
        int[] second = spans.get(Math.max(a, b));
        return s.substring(0, first[0]) + s.substring(second[0], second[1]) + s.substring(first[1], second[0])
                + s.substring(first[0], first[1]) + s.substring(second[1]);
    }
}
