package dev.vecnet.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites error messages for people at a command line: the hints that library messages give to Java
 * callers (a builder method, a load option) become what a command-line user can do, and exception class
 * names that wrapped messages carry, qualified or not ({@code java.nio.file.AccessDeniedException: x},
 * {@code TrainingDivergedException: ...}), become plain words or go.
 * Stateless.
 */
final class UserMessages {
    /** Text that names a Java class, package or method; no message shown to a user should match it. */
    public static final Pattern JAVA_NAME = Pattern.compile(
            "java\\.|javax\\.|dev\\.vecnet\\.|picocli\\.|Exception|\\w\\(\\)|\\w\\((true|false)\\)");

    private static final Pattern EXCEPTION_CLASS = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9_]*?)(?:Exception|Error)\\b(?:: )?");

    /** Library hints meant for Java callers, and what replaces them. */
    private static final Map<String, String> LIBRARY_HINTS = Map.of(
            " (NaN and infinite values are refused)",
            "; the data must hold finite numbers only: fill in or drop the rows with missing values",
            " (allow with LoadOptions.withAllowNonFinite(true))",
            " (the model file holds NaN or infinite weights; train the model again)");

    /** Plain words for the file-system exceptions whose message is only the path. */
    private static final Map<String, String> IO_WORDS = Map.of(
            "NoSuchFile", "no such file: ",
            "AccessDenied", "permission denied: ",
            "FileAlreadyExists", "already exists: ",
            "NotDirectory", "not a folder: ",
            "DirectoryNotEmpty", "folder not empty: ",
            "ReadOnlyFileSystem", "read-only file system: ");

    private UserMessages() {
    }

    /** {@code message} with Java-only hints and exception class names replaced; null becomes "". */
    public static String of(String message) {
        if (message == null) {
            return "";
        }
        String text = message;
        for (Map.Entry<String, String> hint : LIBRARY_HINTS.entrySet()) {
            text = text.replace(hint.getKey(), hint.getValue());
        }
        Matcher m = EXCEPTION_CLASS.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(IO_WORDS.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether {@code text} still names a Java class, package or method. */
    public static boolean namesJava(String text) {
        return JAVA_NAME.matcher(text).find();
    }
}
