package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Spreads a fit's training rows over its replicas independently of how the input is partitioned. Row {@code i}
 * of {@code N} (counted over the input in its order: partition by partition, rows in order) goes to replica
 * {@code floor(((i + 1) R - 1) / N)}, the contiguous slices {@code [floor(r N / R), floor((r + 1) N / R))} that
 * {@code parallelize} makes; each replica's rows are in input order. So the same rows in the same order give the
 * same replicas, and the same fit, whether they arrive in 2 partitions or 32, and no replica is empty
 * ({@code R <= N}).
 *
 * <p>Two jobs over the input: one counts each partition's rows, the other converts and checks every row
 * ({@link PartitionData.Builder}) and sends each partition's rows as at most a few contiguous chunks through one
 * shuffle; the replicas concatenate their chunks in row order. The shuffle also cuts the input's lineage from
 * the rounds' tasks (a DataFrame made from a local collection would otherwise ship its rows with every task).
 *
 * <p>Stateless; called on the driver.
 */
final class ReplicaSplit {
    private ReplicaSplit() {
    }

    /**
     * The rows as {@code replicas} blocks, or {@code N} when there are fewer rows.
     *
     * @param rows         rows of a feature vector (index 0) and a numeric label (index 1); not modified
     * @param replicas     the replicas asked for, {@code >= 1}
     * @param featureCount the network's input size
     * @param classCount   the network's output size
     * @return one block per replica, in replica order, not yet computed
     * @throws IllegalArgumentException when the input holds no rows
     */
    static JavaRDD<PartitionData> split(JavaRDD<Row> rows, int replicas, int featureCount, int classCount) {
        List<Long> counts = rows.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        long[] offsets = new long[counts.size()];
        long total = 0;
        for (int p = 0; p < offsets.length; p++) {
            offsets[p] = total;
            total += counts.get(p);
        }
        if (total == 0) {
            throw new IllegalArgumentException("the training data hold no rows");
        }
        int r = (int) Math.min(replicas, total);
        long[] starts = starts(total, r);
        return rows.mapPartitionsWithIndex((p, it) -> chunks(it, offsets[p], starts, featureCount, classCount), true)
                .mapToPair(c -> new Tuple2<>(c.replica(), c))
                .partitionBy(new HashPartitioner(r))
                .mapPartitions(ReplicaSplit::join, true);
    }

    /**
     * The first row of each replica and the row count: {@code starts[k] = floor(k n / r)} for {@code k = 0 .. r}
     * (exact for any {@code n}: the product may pass 64 bits).
     */
    static long[] starts(long n, int r) {
        long[] starts = new long[r + 1];
        for (int k = 0; k <= r; k++) {
            starts[k] = BigInteger.valueOf(k).multiply(BigInteger.valueOf(n)).divide(BigInteger.valueOf(r))
                    .longValueExact();
        }
        return starts;
    }

    /** One input partition's rows, starting at row {@code first}, as a chunk per replica they fall into. */
    private static Iterator<Chunk> chunks(Iterator<Row> rows, long first, long[] starts, int featureCount,
                                          int classCount) {
        List<Chunk> out = new ArrayList<>();
        long i = first;
        long chunkStart = first;
        int replica = -1;
        int to = 0;
        PartitionData.Builder b = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            while (i >= starts[to + 1]) {
                to++;
            }
            if (to != replica) {
                if (b != null) {
                    out.add(new Chunk(replica, chunkStart, b.build()));
                }
                replica = to;
                chunkStart = i;
                b = new PartitionData.Builder(featureCount, classCount, i);
            }
            if (row.isNullAt(0) || row.isNullAt(1)) {
                throw new IllegalArgumentException("example " + i + " of the training data has a null feature vector or label");
            }
            b.add(row.<Vector>getAs(0), ((Number) row.get(1)).doubleValue());
            i++;
        }
        if (b != null) {
            out.add(new Chunk(replica, chunkStart, b.build()));
        }
        return out.iterator();
    }

    /**
     * A replica's chunks, which arrive in no fixed order, concatenated in row order.
     *
     * @throws IllegalStateException when none arrived: the counting pass saw other row counts than the converting
     *                               pass, which only an input that changes between passes makes
     */
    private static Iterator<PartitionData> join(Iterator<Tuple2<Integer, Chunk>> chunks) {
        List<Chunk> list = new ArrayList<>();
        chunks.forEachRemaining(t -> list.add(t._2()));
        if (list.isEmpty()) {
            throw new IllegalStateException("a replica received no rows: the input's partitions held other row "
                    + "counts on a second pass (a non-deterministic input; cache or checkpoint it before fitting)");
        }
        list.sort(Comparator.comparingLong(Chunk::first));
        List<PartitionData> parts = new ArrayList<>(list.size());
        for (Chunk c : list) {
            parts.add(c.data());
        }
        return List.of(PartitionData.concat(parts)).iterator();
    }

    /**
     * Consecutive rows of one input partition bound for one replica.
     *
     * @param replica the replica
     * @param first   the index of its first row in the whole input
     * @param data    the rows, converted and checked
     */
    @DefaultSerializer(JavaSerializer.class)
    record Chunk(int replica, long first, PartitionData data) implements Serializable {
    }
}
