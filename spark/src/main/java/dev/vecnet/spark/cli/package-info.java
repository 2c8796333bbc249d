/**
 * The launcher {@code spark/vecnet-spark}: picocli commands that train on a Spark master, in local mode from the
 * Maven class path or under {@code spark-submit}.
 */
package dev.vecnet.spark.cli;
