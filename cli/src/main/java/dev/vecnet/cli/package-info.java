/**
 * The {@code vecnet} command line (picocli): {@code train}, {@code evaluate}, {@code predict},
 * {@code gradcheck}, {@code search} and {@code info}, one class per command, with shared options as mixins
 * and small classes for output (tables, CSV, JFreeChart charts, progress) and error reporting.
 *
 * <p>Its entry point, {@link dev.vecnet.cli.Main}, is the only part meant to be used from outside; the
 * other classes are the command line's internals and may change without notice. It depends on every other
 * package through their public API only, and is the only code that needs picocli and JFreeChart (optional
 * dependencies of the library). See docs/cli.md.
 */
package dev.vecnet.cli;
