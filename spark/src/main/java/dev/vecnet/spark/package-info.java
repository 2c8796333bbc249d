/**
 * vecnet on Apache Spark: data-parallel training ({@link dev.vecnet.spark.SparkTrainer}, with
 * {@link dev.vecnet.spark.SyncMode#EXACT exact} or {@link dev.vecnet.spark.SyncMode#LOCAL_SGD local-SGD}
 * synchronisation, checkpoints and resume) and the Spark ML estimator {@link dev.vecnet.spark.VecnetClassifier}
 * with its model {@link dev.vecnet.spark.VecnetClassificationModel}. The same vecnet kernels run in every
 * executor; Spark is a provided dependency. See docs/spark.md.
 */
package dev.vecnet.spark;
