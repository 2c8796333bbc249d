package dev.vecnet.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** Reads a byte count such as {@code 1g}, {@code 512m}, {@code 2000000}: k, m, g, t are powers of 1024. */
final class ByteSize implements ITypeConverter<Long> {
    /** The default of {@code --max-bytes}: 1 GiB. */
    static final long DEFAULT_MAX_BYTES = 1L << 30;

    @Override
    public Long convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number < 1 || number > Long.MAX_VALUE >> shift) {
                throw new TypeConversionException("'" + value + "' is not a positive size below 8 EiB");
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a size (a whole number, optionally with k, m, g "
                    + "or t, e.g. 4g)");
        }
    }
}
