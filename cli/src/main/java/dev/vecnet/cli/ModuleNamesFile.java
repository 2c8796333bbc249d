package dev.vecnet.cli;

import dev.vecnet.format.StateDictOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --names} file of {@code import}: one module per line, {@code from=to} or {@code from to}
 * ({@code fc1=0}: the file's module {@code fc1} is module 0 of the network), blank lines and everything after
 * {@code #} ignored; a {@code to} left empty ({@code features=}) drops the prefix. Stateless.
 */
final class ModuleNamesFile {
    /**
     * The largest names file read: far more than one short line per module of any network, and a bound on what a
     * device or endless file ({@code /dev/zero}) given by mistake can make the command read.
     */
    public static final int MAX_BYTES = 1 << 20;

    private ModuleNamesFile() {
    }

    /**
     * Reads the mapping, file module name to network module name, in file order. Reads at most
     * {@value #MAX_BYTES} + 1 bytes.
     *
     * @throws CommandFailedException naming the file: when it is larger than {@value #MAX_BYTES} bytes or not
     *                                UTF-8 text, and with the line for a malformed or repeated entry
     */
    public static Map<String, String> read(Path file) {
        List<String> lines = lines(file);
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int comment = lines.get(i).indexOf('#');
            String text = (comment < 0 ? lines.get(i) : lines.get(i).substring(0, comment)).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] pair = text.contains("=") ? text.split("\\s*=\\s*", -1) : text.split("\\s+");
            String where = file + ": line " + (i + 1) + ": ";
            if (pair.length != 2 || pair[0].isEmpty() || pair[0].contains(" ") || pair[1].contains(" ")) {
                throw new CommandFailedException(where + "'" + TerminalText.name(text) + "' is not 'from=to' or 'from to' (a module name "
                        + "of the file, then its index in the network, e.g. fc1=0)");
            }
            try {
                // the library's own rules for module names, checked one entry at a time to name the line
                StateDictOptions.defaults().withModuleNames(Map.of(pair[0], pair[1]));
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(where + e.getMessage());
            }
            if (names.putIfAbsent(pair[0], pair[1]) != null) {
                throw new CommandFailedException(where + "module '" + TerminalText.name(pair[0])
                        + "' is mapped a second time");
            }
        }
        return names;
    }

    /** The file's lines, read with the byte bound and decoded strictly as UTF-8. */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read the --names file " + file + " (" + OutputFiles.reason(e) + ")", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new CommandFailedException("the --names file " + file + " is larger than " + MAX_BYTES + " bytes, "
                    + "too large for a list of module names (one short 'from=to' line per module)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            throw new CommandFailedException("the --names file " + file + " is not UTF-8 text", e);
        }
    }
}
