package dev.vecnet.spark;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Spark ML persistence of a {@link VecnetClassificationModel}: the params as Spark ML's default metadata
 * ({@code metadata/}) and the network as a vecnet model file ({@code data/model.vecnet}), on any Hadoop
 * file system.
 */
final class ModelPersistence {
    private static final String MODEL_FILE = "data/model.vecnet";

    private ModelPersistence() {
    }

    /** Writes one model. */
    static final class Writer extends MLWriter {
        private final VecnetClassificationModel model;
        private final byte[] modelFile;

        Writer(VecnetClassificationModel model, byte[] modelFile) {
            this.model = model;
            this.modelFile = modelFile;
        }

        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsWriter.saveMetadata(model, path, spark);
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
                try (FSDataOutputStream out = fs.create(file, true)) {
                    out.write(modelFile);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** Reads a model written by {@link Writer}. */
    static final class Reader extends MLReader<VecnetClassificationModel> {
        @Override
        public VecnetClassificationModel load(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark,
                    VecnetClassificationModel.class.getName());
            Path file = new Path(path, MODEL_FILE);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
                long length = fs.getFileStatus(file).getLen();
                if (length > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + ": " + length + " bytes exceed the model-file limit");
                }
                bytes = new byte[(int) length];
                try (FSDataInputStream in = fs.open(file)) {
                    in.readFully(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            VecnetClassificationModel model = new VecnetClassificationModel(metadata.uid(), bytes);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
