/**
 * The command line of the launcher {@code spark/vecnet-spark}: the {@code train} and {@code search} commands of
 * the core's command line ({@code ./vecnet}), with the training or the trials on a Spark master. The classes share
 * the core's package so that they reuse its option classes and output; only {@link dev.vecnet.cli.SparkLauncher}
 * is public.
 */
package dev.vecnet.cli;
