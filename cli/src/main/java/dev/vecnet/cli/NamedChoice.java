package dev.vecnet.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * Converts an option value to an enum constant by its command-line name: lower case with dashes for
 * underscores ({@code XAVIER_NORMAL} is {@code xavier-normal}), case-insensitive. An unknown name fails
 * with the list of known ones, which picocli prefixes with the option's name. Picocli needs a no-argument
 * constructor, so each enum gets a small subclass. Stateless, thread-safe.
 *
 * @param <E> the enum
 */
public class NamedChoice<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    /** A converter for the constants of {@code type}. */
    protected NamedChoice(Class<E> type) {
        this.type = type;
    }

    /** The command-line name of a constant: lower case, underscores as dashes. */
    public static String nameOf(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The command-line names of all constants of {@code type}, comma-separated. */
    public static String namesOf(Class<? extends Enum<?>> type) {
        StringJoiner names = new StringJoiner(", ");
        for (Enum<?> constant : type.getEnumConstants()) {
            names.add(nameOf(constant));
        }
        return names.toString();
    }

    @Override
    public E convert(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (nameOf(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException("unknown name '" + value + "'; use one of " + namesOf(type));
    }
}
