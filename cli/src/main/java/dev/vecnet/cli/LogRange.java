package dev.vecnet.cli;

/** Parses a {@code MIN:MAX} range of positive numbers for a log-scale search dimension. Stateless. */
final class LogRange {
    private LogRange() {
    }

    /**
     * The two bounds of {@code text}.
     *
     * @param option the option's name, for the message
     * @throws UsageException unless the text is two finite numbers {@code 0 < MIN < MAX} separated by a colon
     */
    public static double[] parse(String option, String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                double low = Double.parseDouble(parts[0].trim());
                double high = Double.parseDouble(parts[1].trim());
                if (low > 0 && high > low && Double.isFinite(high)) {
                    return new double[] {low, high};
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new UsageException(option + " must be MIN:MAX with 0 < MIN < MAX, e.g. 1e-4:1e-1; was '" + text + "'");
    }
}
