package dev.vecnet.train;

/**
 * The outcome of one sanity check: what was measured, what was expected, the tolerance or threshold,
 * pass or fail and a one-line explanation. Immutable.
 *
 * @param name      the check's name, e.g. {@code "initial loss"}
 * @param passed    whether the measurement met the expectation
 * @param measured  the measured quantity: a loss, or an accuracy in [0, 1]
 * @param expected  what it was compared with, in the same unit (e.g. {@code ln C}, the data loss, 1.0)
 * @param tolerance the allowed absolute deviation from {@code expected}; 0 for checks that compare
 *                  strictly
 * @param detail    a one-line human-readable explanation with the numbers
 */
public record CheckResult(String name, boolean passed, double measured, double expected, double tolerance,
                          String detail) {

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
}
