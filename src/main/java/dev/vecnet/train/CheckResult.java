package dev.vecnet.train;

/**
 * The outcome of one sanity check: what was measured, what was expected, the tolerance or threshold,
 * pass or fail and a one-line explanation. Immutable.
 */
public record CheckResult(String name, boolean passed, double measured, double expected, double tolerance,
                          String detail) {

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
}
