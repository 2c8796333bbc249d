package dev.vecnet.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A model file format other than vecnet's own (which {@link ModelFile} reads and writes), provided by an
 * optional module and found with {@link ServiceLoader} on the class path or the module path: the module
 * {@code dev.vecnet:vecnet-onnx} provides ONNX. The command line's {@code import} and {@code export}
 * commands use it, so that the core library keeps no dependency on any foreign format's libraries.
 *
 * <p>Implementations are stateless and thread-safe, and have a public no-argument constructor (the
 * {@code ServiceLoader} contract). Reading validates the whole file before it builds anything: any defect
 * is one {@link ModelFormatException} naming it, never a partial network.
 */
public interface ModelFormat {

    /**
     * The format's short name, lower case, as the command line spells it ({@code "onnx"}).
     *
     * @return the name
     */
    String name();

    /**
     * The file name extension of the format, lower case, with its dot ({@code ".onnx"}).
     *
     * @return the extension
     */
    String fileExtension();

    /**
     * Reads a model file of this format into a network.
     *
     * @param file the file to read
     * @return the network, without preprocessing or optimizer state, and the format's metadata
     * @throws ModelFormatException when the file is not a valid model of this format or uses something vecnet
     *                              cannot represent
     * @throws IOException          when the file cannot be read
     */
    LoadedModel read(Path file) throws IOException;

    /**
     * Writes a model in this format: the network in evaluation mode, with the model's preprocessing (if any)
     * in front of it, so that the written model maps the same raw inputs to the same outputs as
     * {@link LoadedModel#predictor(int)}.
     *
     * @param model the model to write; its network must not be trained meanwhile
     * @param file  the file to create or replace, atomically
     * @throws ModelFormatException when the model uses something this format cannot represent
     * @throws IOException          when the file cannot be written; an old file is then left as it was
     */
    void write(LoadedModel model, Path file) throws IOException;

    /**
     * Replaces {@code file} with {@code bytes} atomically, as vecnet writes its own model files, for
     * implementations of {@link #write}: the bytes go to a temporary file in the same directory, which is
     * forced to disk and renamed over the target ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the
     * file system cannot move atomically). Stateless; thread-safe for different files.
     *
     * @param file  the file to create or replace; its directory must exist
     * @param bytes the complete new content; not modified
     * @throws IOException when the file cannot be written, forced or renamed; an existing file is then left as
     *                     it was and the temporary file is deleted
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFileWriter.write(file, out -> out.write(bytes));
    }

    /**
     * Every format on the class path or module path, in the order {@link ServiceLoader} finds them.
     *
     * @return a new list, empty when no format module is present
     */
    static List<ModelFormat> available() {
        List<ModelFormat> formats = new ArrayList<>();
        ServiceLoader.load(ModelFormat.class, ModelFormat.class.getClassLoader()).forEach(formats::add);
        return formats;
    }

    /**
     * The available format with this name, ignoring case.
     *
     * @param name a format name such as {@code "onnx"}
     * @return the format, or empty when no module provides it
     */
    static Optional<ModelFormat> named(String name) {
        return available().stream().filter(format -> format.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The available format whose extension ends the file's name, ignoring case.
     *
     * @param file a file name
     * @return the format, or empty when none matches
     */
    static Optional<ModelFormat> forFile(Path file) {
        Path fileName = file.getFileName();
        String lowerName = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        return available().stream().filter(format -> lowerName.endsWith(format.fileExtension())).findFirst();
    }
}
