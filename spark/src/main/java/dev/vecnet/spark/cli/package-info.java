/**
 * The launcher {@code spark/vecnet-spark}: the {@code train} and {@code search} commands of the command line
 * ({@code ./vecnet}, artifact {@code vecnet-cli}) with the training or the trials on a Spark master, in local mode
 * from the Maven class path or under {@code spark-submit}. The commands extend the command line's public
 * {@code TrainCommand} and {@code SearchCommand} and reuse its option, data-preparation and output classes
 * through their public members only.
 */
package dev.vecnet.spark.cli;
