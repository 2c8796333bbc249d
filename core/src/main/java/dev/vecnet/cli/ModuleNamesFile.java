package dev.vecnet.cli;

import dev.vecnet.format.StateDictOptions;

import java.io.IOException;
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
    private ModuleNamesFile() {
    }

    /**
     * Reads the mapping, file module name to network module name, in file order.
     *
     * @throws CommandFailedException naming the file, and the line for a malformed or repeated entry
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read the --names file " + file + " (" + OutputFiles.reason(e) + ")", e);
        }
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
                throw new CommandFailedException(where + "'" + text + "' is not 'from=to' or 'from to' (a module name "
                        + "of the file, then its index in the network, e.g. fc1=0)");
            }
            try {
                // the library's own rules for module names, checked one entry at a time to name the line
                StateDictOptions.defaults().withModuleNames(Map.of(pair[0], pair[1]));
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(where + e.getMessage());
            }
            if (names.putIfAbsent(pair[0], pair[1]) != null) {
                throw new CommandFailedException(where + "module '" + pair[0] + "' is mapped a second time");
            }
        }
        return names;
    }
}
