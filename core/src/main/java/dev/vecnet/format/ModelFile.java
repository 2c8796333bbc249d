package dev.vecnet.format;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Saves and loads networks as safetensors files that PyTorch can read (see docs/model-format.md).
 *
 * <p>Tensors are named as the {@code state_dict} of the equivalent {@code nn.Sequential}
 * ({@code 0.weight} {@code [out, in]}, {@code 0.bias}, {@code 1.running_mean}, ...,
 * {@code 1.num_batches_tracked} as an I64 scalar), all floats F32. Metadata holds the format version,
 * the library version, the architecture as JSON, a CRC32C of the file's contents (every other metadata
 * entry, the tensor table and the data) and, when saved, the preprocessing kind and optimizer settings;
 * their arrays are tensors prefixed {@link #PREPROCESS_PREFIX} and {@link #OPTIMIZER_PREFIX}.
 *
 * <p>Loading validates the whole file before building the network (header size limit, strict JSON,
 * dtypes, shapes and offsets, the checksum, a strict and bounded architecture), then checks every
 * tensor the architecture needs and its values; any defect is one {@link ModelFormatException}. Files of
 * format 1, whose checksum covers the data only, are still read. Saving to a path is atomic (a
 * temporary file, {@code force}, then an atomic rename). Stateless; thread-safe (a network must not be
 * trained while it is saved).
 */
public final class ModelFile {
    /**
     * The vecnet version written into files: the pom's {@code project.version}, read once from the
     * class-path resource {@code /dev/vecnet/version.properties} that the build writes. Initialising this
     * class fails with an {@link IllegalStateException} naming that resource when it is missing.
     */
    public static final String LIBRARY_VERSION = LibraryVersion.read();
    /**
     * The format version this class writes: "2", whose checksum covers the metadata, the tensor table and
     * the data. Files of version "1" (checksum of the data only) are still read.
     */
    public static final String FORMAT_VERSION = "2";
    /** Metadata key of the format version. */
    public static final String KEY_FORMAT = "vecnet.format_version";
    /** Metadata key of the library version. */
    public static final String KEY_VERSION = "vecnet.version";
    /** Metadata key of the architecture JSON. */
    public static final String KEY_ARCHITECTURE = "vecnet.architecture";
    /**
     * Metadata key of the checksum (8 lower-case hex digits): in format 2 the CRC32C of the canonical
     * serialisation of every other metadata entry and the tensor table followed by the data section
     * (docs/model-format.md, "Integrity"); in format 1 the CRC32C of the data section.
     */
    public static final String KEY_CHECKSUM = "vecnet.crc32c";
    /** Metadata key of the preprocessing kind. */
    public static final String KEY_PREPROCESSING = "vecnet.preprocessing";
    /** Metadata key of the optimizer settings. */
    public static final String KEY_OPTIMIZER = "vecnet.optimizer";
    /** Name prefix of preprocessing tensors. */
    public static final String PREPROCESS_PREFIX = "preprocess.";
    /** Name prefix of optimizer-state tensors. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    /**
     * The widest layer a model file may describe, its input included: 2^24 features (64 MiB of floats per
     * example). Reading refuses a wider network; readers of other formats refuse one too, so that every model
     * they return can be saved and read back.
     */
    public static final int MAX_WIDTH = ArchitectureCodec.MAX_WIDTH;
    /** The most modules (layers, activations, BatchNorm, dropout) a model file may describe: 4096. */
    public static final int MAX_MODULES = ArchitectureCodec.MAX_MODULES;
    /** The most activation floats per example a model file's network may need (its input included): 2^26. */
    public static final long MAX_ACTIVATIONS = ArchitectureCodec.MAX_ACTIVATIONS;

    /**
     * Checks that a network of {@code spec} can be saved as a model file and read back: at most
     * {@link #MAX_MODULES} modules, no input or layer wider than {@link #MAX_WIDTH}, at most
     * {@link #MAX_ACTIVATIONS} activation floats per example (the limits reading applies). Readers of other
     * formats call it before they build a network, so that they refuse what a model file could not hold.
     * Allocates nothing but the message.
     *
     * @param spec the network's description
     * @throws ModelFormatException naming the limit the spec exceeds
     */
    public static void requireStorable(dev.vecnet.nn.NetworkSpec spec) throws ModelFormatException {
        ArchitectureCodec.requireWithinLimits(spec);
    }

    private static final String BATCHES_TRACKED = "num_batches_tracked";
    /** The format whose checksum covers the data section only, still read. */
    private static final String FORMAT_VERSION_DATA_CHECKSUM = "1";
    /** Metadata keys start with this prefix, and only those below are defined. */
    private static final String VECNET_PREFIX = "vecnet.";
    private static final Set<String> VECNET_KEYS = Set.of(KEY_FORMAT, KEY_VERSION, KEY_ARCHITECTURE, KEY_CHECKSUM,
            KEY_PREPROCESSING, KEY_OPTIMIZER);

    private ModelFile() {
    }

    /**
     * Saves {@code net} alone to {@code path}, atomically.
     *
     * @param path the file to create or replace; its directory must exist
     * @param net the network to save; it must not be trained meanwhile
     * @throws IOException if the file cannot be written; the old file, if any, is then left as it was
     */
    public static void save(Path path, Network net) throws IOException {
        save(path, net, SaveOptions.defaults());
    }

    /**
     * Saves {@code net} and the extras in {@code options} to {@code path}, atomically.
     *
     * @param path the file to create or replace; its directory must exist
     * @param net the network to save; it must not be trained meanwhile
     * @param options what to save besides the network
     * @throws IOException if the file cannot be written; the old file, if any, is then left as it was
     * @throws IllegalArgumentException if a preprocessing or optimizer name or string holds an unpaired surrogate,
     *         which UTF-8 cannot encode
     */
    public static void save(Path path, Network net, SaveOptions options) throws IOException {
        save(path, net, options, UnaryOperator.identity());
    }

    /** As {@link #save(Path, Network, SaveOptions)}, writing through {@code wrap} (tests inject failures). */
    static void save(Path path, Network net, SaveOptions options, UnaryOperator<OutputStream> wrap) throws IOException {
        SafetensorsWriter writer = writer(net, options);
        AtomicFileWriter.write(path, out -> writer.writeTo(wrap.apply(out)));
    }

    /**
     * Writes the file to {@code out} (not closed).
     *
     * @param out the stream to write to; not closed
     * @param net the network to save; it must not be trained meanwhile
     * @param options what to save besides the network
     * @throws IOException if writing to out fails
     * @throws IllegalArgumentException if a preprocessing or optimizer name or string holds an unpaired surrogate,
     *         which UTF-8 cannot encode
     */
    public static void write(OutputStream out, Network net, SaveOptions options) throws IOException {
        writer(net, options).writeTo(out);
    }

    /**
     * The file as a byte array.
     *
     * @param net the network to save; it must not be trained meanwhile
     * @param options what to save besides the network
     * @return the whole file as a new array
     * @throws IllegalArgumentException if a preprocessing or optimizer name or string holds an unpaired surrogate,
     *         which UTF-8 cannot encode
     */
    public static byte[] toBytes(Network net, SaveOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, net, options);
        } catch (IOException e) {
            throw new AssertionError("a byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    private static SafetensorsWriter writer(Network net, SaveOptions options) {
        SafetensorsWriter w = new SafetensorsWriter();
        float[] values = net.parameters().values();
        long[] tracked = net.batchesTracked();
        int bn = 0;
        for (ParameterTensor t : net.parameters().tensors()) {
            w.addF32(t.name(), toLong(t.shape()), values, t.offset(), t.size());
            if (t.name().endsWith(".running_var")) {
                String prefix = t.name().substring(0, t.name().length() - "running_var".length());
                w.addI64Scalar(prefix + BATCHES_TRACKED, tracked[bn++]);
            }
        }
        for (Map.Entry<String, float[]> e : options.preprocessing().entrySet()) {
            float[] a = e.getValue();
            w.addF32(PREPROCESS_PREFIX + e.getKey(), new long[] {a.length}, a, 0, a.length);
        }
        for (Map.Entry<String, float[]> e : options.optimizerState().entrySet()) {
            float[] a = e.getValue();
            w.addF32(OPTIMIZER_PREFIX + e.getKey(), new long[] {a.length}, a, 0, a.length);
        }
        w.metadata(KEY_FORMAT, FORMAT_VERSION);
        w.metadata(KEY_VERSION, LIBRARY_VERSION);
        w.metadata(KEY_ARCHITECTURE, ArchitectureCodec.encode(net.spec(), net.options()));
        if (options.preprocessingKind() != null) {
            w.metadata(KEY_PREPROCESSING, options.preprocessingKind());
        }
        if (options.optimizer() != null) {
            w.metadata(KEY_OPTIMIZER, options.optimizer());
        }
        w.metadata(KEY_CHECKSUM, w.contentsChecksum(KEY_CHECKSUM));
        return w;
    }

    /**
     * Loads the file at {@code path} with {@link LoadOptions#defaults()}.
     *
     * @param path the model file to read
     * @return the network with whatever preprocessing and optimizer state the file holds
     * @throws IOException if the file cannot be read, or a {@link ModelFormatException} if it is too large, not a
     *         valid model file, or fails its checksum
     */
    public static LoadedModel load(Path path) throws IOException {
        return load(path, LoadOptions.defaults());
    }

    /**
     * Loads the file at {@code path}; a file above {@link LoadOptions#maxBytes()} is rejected unread.
     *
     * @param path the model file to read
     * @param options the size limit and whether non-finite values are accepted
     * @return the network with whatever preprocessing and optimizer state the file holds
     * @throws IOException if the file cannot be read, or a {@link ModelFormatException} if it is too large, not a
     *         valid model file, or fails its checksum
     */
    public static LoadedModel load(Path path, LoadOptions options) throws IOException {
        long size = Files.size(path);
        if (size > options.maxBytes()) {
            throw new ModelFormatException(path + ": file of " + size + " bytes exceeds the limit of " + options.maxBytes());
        }
        return read(Files.readAllBytes(path), options);
    }

    /**
     * Reads a model from {@code in} (not closed), reading at most {@link LoadOptions#maxBytes()} bytes;
     * a longer stream is rejected. Memory grows with the bytes actually read, never with header values.
     *
     * @param in the stream to read to its end; not closed
     * @param options the size limit and whether non-finite values are accepted
     * @return the network with whatever preprocessing and optimizer state the file holds
     * @throws IOException if the stream fails, or a {@link ModelFormatException} if it is too large, not a valid
     *         model file, or fails its checksum
     */
    public static LoadedModel read(InputStream in, LoadOptions options) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            total += n;
            if (total > options.maxBytes()) {
                throw new ModelFormatException("stream exceeds the limit of " + options.maxBytes() + " bytes");
            }
            buffer.write(chunk, 0, n);
        }
        return read(buffer.toByteArray(), options);
    }

    /**
     * Reads a model from the whole of {@code file} (kept only while reading).
     *
     * @param file the whole file; not modified, and not kept after the call
     * @param options the size limit and whether non-finite values are accepted
     * @return the network with whatever preprocessing and optimizer state the file holds
     * @throws ModelFormatException if the file is too large, not a valid model file, or fails its checksum
     */
    public static LoadedModel read(byte[] file, LoadOptions options) throws ModelFormatException {
        if (file.length > options.maxBytes()) {
            throw new ModelFormatException("file of " + file.length + " bytes exceeds the limit of " + options.maxBytes());
        }
        SafetensorsFile st = SafetensorsReader.parse(file);
        Map<String, String> meta = st.metadata();
        checkIntegrity(st);
        String architecture = meta.get(KEY_ARCHITECTURE);
        if (architecture == null) {
            throw new ModelFormatException("metadata " + KEY_ARCHITECTURE + " is missing");
        }
        ArchitectureCodec.Decoded decoded = ArchitectureCodec.decode(architecture);
        if (decoded.parameters() > st.dataLength() / 4) {
            throw new ModelFormatException("architecture needs " + decoded.parameters() + " parameters but the data section holds "
                    + st.dataLength() + " bytes");
        }
        Network net;
        try {
            net = Network.from(decoded.spec(), decoded.options());
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new ModelFormatException("architecture: " + e.getMessage());
        }
        Map<String, SafetensorsFile.Tensor> tensors = st.tensors();
        Set<String> used = new HashSet<>();
        float[] values = net.parameters().values();
        List<ParameterTensor> params = net.parameters().tensors();
        long[] tracked = net.batchesTracked();
        int bn = 0;
        for (ParameterTensor p : params) {
            SafetensorsFile.Tensor t = require(tensors, p.name(), DType.F32, toLong(p.shape()));
            st.readF32(t, values, p.offset());
            if (p.name().endsWith(".running_var")) {
                checkVariances(values, p.offset(), p.size(), p.name());
            }
            checkFinite(values, p.offset(), p.size(), p.name(), options);
            used.add(p.name());
            if (p.name().endsWith(".running_var")) {
                String name = p.name().substring(0, p.name().length() - "running_var".length()) + BATCHES_TRACKED;
                long count = st.readI64(require(tensors, name, DType.I64, new long[0]));
                if (count < 0) {
                    throw new ModelFormatException("tensor '" + name + "' is negative: " + count);
                }
                tracked[bn++] = count;
                used.add(name);
            }
        }
        Map<String, float[]> preprocessing = new LinkedHashMap<>();
        Map<String, float[]> optimizerState = new LinkedHashMap<>();
        for (SafetensorsFile.Tensor t : tensors.values()) {
            if (used.contains(t.name())) {
                continue;
            }
            Map<String, float[]> target;
            String key;
            if (t.name().startsWith(PREPROCESS_PREFIX)) {
                target = preprocessing;
                key = t.name().substring(PREPROCESS_PREFIX.length());
            } else if (t.name().startsWith(OPTIMIZER_PREFIX)) {
                target = optimizerState;
                key = t.name().substring(OPTIMIZER_PREFIX.length());
            } else {
                throw new ModelFormatException("tensor '" + JsonParser.excerpt(t.name())
                        + "' belongs to no module of the architecture " + net.architecture());
            }
            if (t.dtype() != DType.F32) {
                throw new ModelFormatException("tensor '" + JsonParser.excerpt(t.name()) + "' has dtype " + t.dtype()
                        + ", expected F32");
            }
            float[] a = new float[(int) t.elements()];
            st.readF32(t, a, 0);
            checkFinite(a, 0, a.length, t.name(), options);
            target.put(key, a);
        }
        String kind = meta.get(KEY_PREPROCESSING);
        if (kind == null && !preprocessing.isEmpty()) {
            throw new ModelFormatException("preprocessing tensors without metadata " + KEY_PREPROCESSING);
        }
        String optimizer = meta.get(KEY_OPTIMIZER);
        if (optimizer == null && !optimizerState.isEmpty()) {
            throw new ModelFormatException("optimizer tensors without metadata " + KEY_OPTIMIZER);
        }
        net.setBatchesTracked(tracked);
        net.parametersChanged();
        return new LoadedModel(net, kind, Collections.unmodifiableMap(preprocessing), optimizer,
                Collections.unmodifiableMap(optimizerState), meta);
    }

    /**
     * Refuses a file that is not a vecnet model file, of an unknown format version, whose checksum does
     * not match its contents (format 2) or its data (format 1), or with a {@code vecnet.} metadata key
     * this format does not define.
     */
    private static void checkIntegrity(SafetensorsFile st) throws ModelFormatException {
        Map<String, String> meta = st.metadata();
        String format = meta.get(KEY_FORMAT);
        if (format == null) {
            boolean vecnet = meta.keySet().stream().anyMatch(k -> k.startsWith(VECNET_PREFIX));
            throw new ModelFormatException(vecnet ? "metadata " + KEY_FORMAT + " is missing"
                    : "not a vecnet model file: its metadata has no " + VECNET_PREFIX + "* entries (a plain safetensors file,"
                            + " such as a PyTorch state dict?)");
        }
        boolean dataOnly = format.equals(FORMAT_VERSION_DATA_CHECKSUM);
        if (!dataOnly && !format.equals(FORMAT_VERSION)) {
            throw new ModelFormatException("metadata " + KEY_FORMAT + " is '" + JsonParser.excerpt(format) + "', expected '"
                    + FORMAT_VERSION + "' (or '" + FORMAT_VERSION_DATA_CHECKSUM + "' for older files)");
        }
        String expected = meta.get(KEY_CHECKSUM);
        String actual = String.format("%08x", dataOnly ? st.dataCrc32c() : st.contentsCrc32c(KEY_CHECKSUM));
        if (!actual.equals(expected)) {
            throw new ModelFormatException((dataOnly
                    ? "data section (bytes " + st.dataStart() + ".." + (st.dataStart() + st.dataLength()) + ") has"
                    : "contents (metadata, tensor table and data) have") + " CRC32C " + actual + " but metadata "
                    + KEY_CHECKSUM + " says " + (expected == null ? "nothing" : expected));
        }
        for (String key : meta.keySet()) {
            if (key.startsWith(VECNET_PREFIX) && !VECNET_KEYS.contains(key)) {
                throw new ModelFormatException("metadata key '" + JsonParser.excerpt(key) + "' is not defined by format "
                        + format);
            }
        }
    }

    /**
     * The one rule for a BatchNorm running variance read from a file (model file or state dict), whatever the
     * load options: {@code >= 0}, so neither negative nor NaN (either makes every output of its layer NaN); an
     * infinite one passes here and is the finiteness check's to judge.
     */
    static boolean isAcceptableVariance(float v) {
        return v >= 0f;
    }

    /**
     * Refuses a negative or NaN variance, which would make every output of its BatchNorm NaN, whatever the
     * load options; an infinite one is {@link #checkFinite}'s to judge.
     */
    private static void checkVariances(float[] a, int off, int count, String name) throws ModelFormatException {
        for (int i = 0; i < count; i++) {
            if (!isAcceptableVariance(a[off + i])) {
                throw new ModelFormatException("tensor '" + name + "' element " + i + " is " + a[off + i]
                        + ": a variance must be >= 0");
            }
        }
    }

    private static SafetensorsFile.Tensor require(Map<String, SafetensorsFile.Tensor> tensors, String name, DType dtype,
                                                  long[] shape) throws ModelFormatException {
        SafetensorsFile.Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException("tensor '" + name + "' is missing (the architecture needs it)");
        }
        if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            throw new ModelFormatException("tensor '" + name + "' is " + t.dtype() + " " + Arrays.toString(t.shape())
                    + ", expected " + dtype + " " + Arrays.toString(shape));
        }
        return t;
    }

    private static void checkFinite(float[] a, int off, int count, String name, LoadOptions options)
            throws ModelFormatException {
        if (options.allowNonFinite()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(a[off + i])) {
                throw new ModelFormatException("tensor '" + name + "' element " + i + " is " + a[off + i]
                        + " (allow with LoadOptions.withAllowNonFinite(true))");
            }
        }
    }

    private static long[] toLong(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    /**
     * Fills {@code net}'s parameters and buffers from a plain PyTorch {@code state_dict} saved as safetensors,
     * with {@code nn.Sequential} names and {@link StateDictOptions#defaults()}; see
     * {@link #loadStateDict(byte[], Network, StateDictOptions)}.
     *
     * @param file the safetensors file to read
     * @param net  the network to fill (modified only when the whole file fits it)
     * @throws IOException if the file cannot be read, or a {@link ModelFormatException} if it does not fit
     *                     {@code net}; {@code net} is then unchanged
     */
    public static void loadStateDict(Path file, Network net) throws IOException {
        loadStateDict(file, net, StateDictOptions.defaults());
    }

    /**
     * As {@link #loadStateDict(byte[], Network, StateDictOptions)}, reading the file at {@code file}; a file
     * above {@link StateDictOptions#maxBytes()} is rejected unread.
     *
     * @param file    the safetensors file to read
     * @param net     the network to fill (modified only when the whole file fits it)
     * @param options name mapping, non-finite values, size limit
     * @throws IOException if the file cannot be read, or a {@link ModelFormatException} if it does not fit
     *                     {@code net}; {@code net} is then unchanged
     */
    public static void loadStateDict(Path file, Network net, StateDictOptions options) throws IOException {
        long size = Files.size(file);
        if (size > options.maxBytes()) {
            throw new ModelFormatException(file + ": file of " + size + " bytes exceeds the limit of " + options.maxBytes());
        }
        loadStateDict(Files.readAllBytes(file), net, options);
    }

    /**
     * As {@link #loadStateDict(byte[], Network, StateDictOptions)} with {@link StateDictOptions#defaults()}.
     *
     * @param file the whole safetensors file; not modified, not kept
     * @param net  the network to fill (modified only when the whole file fits it)
     * @throws ModelFormatException if the file does not fit {@code net}; {@code net} is then unchanged
     */
    public static void loadStateDict(byte[] file, Network net) throws ModelFormatException {
        loadStateDict(file, net, StateDictOptions.defaults());
    }

    /**
     * Fills {@code net}'s parameters and buffers ({@code i.weight} {@code [out, in]}, {@code i.bias},
     * {@code i.running_mean}, {@code i.running_var}, {@code i.num_batches_tracked}, PReLU {@code i.weight}, ...)
     * from a plain PyTorch {@code state_dict} saved as safetensors, like PyTorch's
     * {@code load_state_dict(strict=True)}. Metadata is ignored (vecnet's own files load too, when their
     * {@code preprocess.} and {@code optimizer.} tensors are left out with {@link StateDictOptions#withRename}).
     *
     * <p>Names are mapped by {@code options} first. Then everything is validated before a single value is
     * written: every missing and every unexpected tensor (one exception lists them all, sorted, each with the
     * file's name and what it mapped to); dtypes (F32, F64, F16, BF16 for floats, converted to float32 with
     * round to nearest; I64 for {@code num_batches_tracked}); shapes (the tensor, expected and found shape);
     * NaN and infinities (refused with the tensor and first bad index unless allowed); BatchNorm variances (NaN
     * refused whatever the options) and counts {@code >= 0}. Then the values are written and
     * {@link Network#parametersChanged()} is called.
     * Allocates one copy of the parameter array; the caller must not use {@code net} on another thread
     * meanwhile.
     *
     * @param file    the whole safetensors file; not modified, not kept
     * @param net     the network to fill (modified only when the whole file fits it)
     * @param options name mapping, non-finite values, size limit
     * @throws ModelFormatException if the file is malformed or does not fit {@code net}; {@code net} is then
     *                              unchanged
     */
    public static void loadStateDict(byte[] file, Network net, StateDictOptions options) throws ModelFormatException {
        StateDictLoader.load(file, net, options);
    }

    /**
     * As {@link #loadStateDict(InputStream, Network, StateDictOptions)} with {@link StateDictOptions#defaults()}.
     *
     * @param in  the stream to read to its end; not closed
     * @param net the network to fill (modified only when the whole file fits it)
     * @throws IOException if the stream fails, or a {@link ModelFormatException} if the file does not fit
     *                     {@code net}; {@code net} is then unchanged
     */
    public static void loadStateDict(InputStream in, Network net) throws IOException {
        loadStateDict(in, net, StateDictOptions.defaults());
    }

    /**
     * As {@link #loadStateDict(byte[], Network, StateDictOptions)}, reading {@code in} to its end (not closed);
     * a stream longer than {@link StateDictOptions#maxBytes()} is rejected. Memory grows with the bytes actually
     * read, never with header values.
     *
     * @param in      the stream to read to its end; not closed
     * @param net     the network to fill (modified only when the whole file fits it)
     * @param options name mapping, non-finite values, size limit
     * @throws IOException if the stream fails, or a {@link ModelFormatException} if it is too long or the file
     *                     does not fit {@code net}; {@code net} is then unchanged
     */
    public static void loadStateDict(InputStream in, Network net, StateDictOptions options) throws IOException {
        // one byte past the limit tells a stream of exactly maxBytes from a longer one
        byte[] file = in.readNBytes((int) options.maxBytes() + 1);
        if (file.length > options.maxBytes()) {
            throw new ModelFormatException("stream exceeds the limit of " + options.maxBytes() + " bytes");
        }
        loadStateDict(file, net, options);
    }
}
