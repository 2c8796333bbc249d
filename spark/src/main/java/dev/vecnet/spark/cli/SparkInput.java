package dev.vecnet.spark.cli;

import dev.vecnet.cli.UsageException;

import dev.vecnet.data.DataFileKind;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code --data} names on Spark: a shipped data set (read on the driver, as {@code ./vecnet train} reads it), or
 * a Hadoop path of CSV or Parquet read by the executors through Spark's {@code DataFrameReader} into
 * {@link Example}s ({@link RowReader} picks the columns). IDX and {@code .vecdata} files are refused by name before
 * anything starts. Stateless.
 */
final class SparkInput {
    /** The shipped data sets' names, as {@code DataSource} accepts them. */
    private static final Set<String> SHIPPED = Set.of("digits", "iris", "breast-cancer", "breast_cancer",
            "breastcancer");

    /** The shipped data sets, as {@code ./vecnet train --help} lists them. */
    static final String SHIPPED_NAMES = "digits, iris, breast-cancer";

    /** The label column's header name looked for when {@code --label} is not given, as in {@code ./vecnet train}. */
    private static final String DEFAULT_LABEL = "label";

    /** What {@code train --data} accepts on Spark, for the help. */
    static final String TRAIN_DATA = "one of " + SHIPPED_NAMES + " (read on the driver), or "
            + "any Hadoop path (file:, hdfs:, s3a:, ...; one file or a folder of part files) of CSV (plain or .gz, "
            + "a header row, numeric feature columns and a class label column, see --label) or Parquet (.parquet, "
            + "or a folder of .parquet part files: one vector column or numeric feature columns, and a label "
            + "column), read by the executors";

    /** What {@code train --data} accepts on Spark, for the usage errors. */
    static final String ACCEPTED = "on Spark --data takes " + TRAIN_DATA;

    private SparkInput() {
    }

    /** What {@code search --data} accepts on Spark, for the help: it prepares the data on the driver and broadcasts it once. */
    static final String SEARCH_DATA = "one of " + SHIPPED_NAMES + " or a local CSV file (plain or .gz, a header row "
            + "and a class label column, see --label), prepared on the driver and broadcast once";

    /** What {@code search --data} accepts on Spark, for the usage errors. */
    static final String ACCEPTED_BY_SEARCH = "on Spark search --data takes " + SEARCH_DATA;

    /** Whether {@code data} names a shipped data set. */
    static boolean isShipped(String data) {
        return SHIPPED.contains(data.toLowerCase(Locale.ROOT));
    }

    /**
     * Refuses, before any session starts, a {@code .vecdata} or IDX file: recognised by name on any file system
     * and, for a local file, by its first bytes.
     *
     * @param accepted what the command takes instead, for the message
     * @throws UsageException naming the file and what the launcher takes instead
     */
    static void refuseUnreadable(String data, String accepted) {
        String name = data.toLowerCase(Locale.ROOT);
        boolean refused = name.endsWith(".vecdata") || name.contains("-ubyte") || name.endsWith(".idx");
        if (!refused && !name.contains(":")) {
            java.nio.file.Path local = java.nio.file.Path.of(data);
            try {
                refused = Files.isRegularFile(local) && !isParquetName(name) && DataFileKind.of(local) != DataFileKind.CSV;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + local, e);
            }
        }
        if (refused) {
            throw new UsageException("--data " + data + ": an IDX or .vecdata file is not read on Spark; " + accepted
                    + ". Train on it with ./vecnet train, or write it as CSV or Parquet");
        }
    }

    /**
     * The rows of {@code path} as Spark reads them: Parquet when the path ends in {@code .parquet} or is a folder
     * holding {@code .parquet} files, CSV with a header row (every column a string) otherwise. Reads only the
     * schema (and, for a folder, its listing) on the driver.
     */
    static Dataset<Row> read(SparkSession spark, String path) {
        if (isParquet(spark, path)) {
            return spark.read().parquet(path);
        }
        return spark.read().option("header", "true").option("inferSchema", "false").csv(path);
    }

    /**
     * The columns to read from {@code schema}: the label column is {@code label} (a header name, or its number
     * counting from 1; null: the column named {@code label}, else the last one); the features are the other columns
     * (CSV: all of them, parsed as numbers), or for Parquet the one vector column, else the other numeric columns.
     *
     * @throws UsageException when the label column is missing, or there are no feature columns
     */
    static RowReader columns(StructType schema, String label, String path) {
        StructField[] fields = schema.fields();
        int labelIndex = labelIndex(fields, label, path);
        List<Integer> vectors = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        boolean text = false;
        for (int i = 0; i < fields.length; i++) {
            if (i == labelIndex) {
                continue;
            }
            if (fields[i].dataType().equals(SQLDataTypes.VectorType())) {
                vectors.add(i);
            } else if (fields[i].dataType() instanceof NumericType) {
                numbers.add(i);
            } else if (fields[i].dataType().typeName().equals("string")) {
                numbers.add(i);
                text = true;
            }
        }
        if (vectors.size() > 1 || (vectors.size() == 1 && !numbers.isEmpty())) {
            throw new UsageException("--data " + path + ": the features must be one vector column or numeric "
                    + "columns, not " + vectors.size() + " vector columns and " + numbers.size() + " other columns");
        }
        if (vectors.isEmpty() && numbers.isEmpty()) {
            throw new UsageException("--data " + path + ": no feature columns beside the label column '"
                    + fields[labelIndex].name() + "'");
        }
        int[] featureIndices = vectors.isEmpty() ? numbers.stream().mapToInt(Integer::intValue).toArray() : new int[0];
        return new RowReader(labelIndex, fields[labelIndex].name(), featureIndices,
                vectors.isEmpty() ? -1 : vectors.get(0), text);
    }

    private static int labelIndex(StructField[] fields, String label, String path) {
        if (fields.length == 0) {
            throw new UsageException("--data " + path + ": no columns");
        }
        String wanted = label == null ? DEFAULT_LABEL : label.trim();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        if (label == null) {
            return fields.length - 1;
        }
        if (wanted.matches("\\d{1,9}")) {
            int number = Integer.parseInt(wanted);
            if (number >= 1 && number <= fields.length) {
                return number - 1;
            }
        }
        throw new UsageException("--label " + label + ": --data " + path + " has no such column; it has "
                + fields.length + " columns, e.g. '" + fields[0].name() + "'");
    }

    /** A short name for the run folder and messages: the file or folder name without its extensions, lower case. */
    static String shortName(String path) {
        String name = new Path(path).getName();
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    }

    private static boolean isParquetName(String path) {
        return path.toLowerCase(Locale.ROOT).replaceAll("/+$", "").endsWith(".parquet");
    }

    private static boolean isParquet(SparkSession spark, String path) {
        if (isParquetName(path)) {
            return true;
        }
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new UsageException("--data " + path + ": no such file or folder (" + ACCEPTED + ")");
            }
            if (!fs.getFileStatus(p).isDirectory()) {
                return false;
            }
            for (FileStatus status : fs.listStatus(p)) {
                if (isParquetName(status.getPath().getName())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --data " + path, e);
        }
    }
}
