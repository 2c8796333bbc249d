package dev.vecnet.spark;

import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a fit keeps its training data so that losing an executor does not lose it. The converted blocks are
 * cached in memory, spilling to disk, and on a cluster with two copies on two executors
 * ({@code MEMORY_AND_DISK_2}): a task whose executor died reads the other copy. Losing both copies recomputes
 * the blocks from their lineage (the shuffle of {@link ReplicaSplit}, whose map stage Spark re-runs when its
 * outputs went with the executor). With a checkpoint folder set on the context
 * ({@code SparkContext.setCheckpointDir}, a shared file system such as HDFS) the blocks are also written there
 * after the first job, which survives losing any number of executors without recomputing. Local mode has one
 * block manager, so one copy.
 *
 * <p>Stateless; called on the driver.
 */
final class DataPlacement {
    private DataPlacement() {
    }

    /**
     * Marks {@code blocks} for caching (and checkpointing) before their first job.
     *
     * @param blocks the fit's converted training data, not yet computed
     */
    static void cache(RDD<?> blocks) {
        SparkContext sc = blocks.context();
        blocks.persist(sc.isLocal() ? StorageLevel.MEMORY_AND_DISK() : StorageLevel.MEMORY_AND_DISK_2());
        if (sc.getCheckpointDir().isDefined()) {
            blocks.checkpoint();
        }
    }

    /**
     * Drops the cached copies and deletes the checkpoint files {@link #cache} asked for, if written.
     *
     * @param blocks the fit's training data
     * @throws UncheckedIOException when the checkpoint files cannot be deleted
     */
    static void release(RDD<?> blocks) {
        blocks.unpersist(false);
        Option<String> file = blocks.getCheckpointFile();
        if (file.isDefined()) {
            Path path = new Path(file.get());
            try {
                path.getFileSystem(blocks.context().hadoopConfiguration()).delete(path, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the training data's checkpoint " + path, e);
            }
        }
    }
}
