package dev.vecnet.spark;

import dev.vecnet.format.LoadOptions;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.UUID;

/**
 * A trained vecnet classifier as a Spark ML transformer: adds {@code rawPrediction} (the network's scores),
 * {@code probability} (their softmax) and {@code prediction} (the index of the largest score) columns, under
 * the names its column params give; a column whose name is set empty is left out. Each partition is scored in
 * batches of {@link #SCORING_BATCH} rows through one inference context per task, from one copy of the
 * network per executor JVM. With {@code thresholds} set, the prediction is the class of the largest
 * {@code probability / threshold}, as in {@link #predict} (MLlib's rule); without, the class of the largest score.
 * The prediction column carries MLlib's nominal-attribute metadata ({@code ml_attr}, {@code num_vals}). The model
 * carries the estimator's params ({@link VecnetClassifierParams}) and, when just fitted, a
 * {@link VecnetTrainingSummary}. Written with Spark ML persistence as its
 * metadata plus the vecnet model file {@code data/model.vecnet} ({@link #write()}, {@link #read()}).
 *
 * <p>Immutable; transforming from several threads is safe.
 */
public final class VecnetClassificationModel
        extends ProbabilisticClassificationModel<Vector, VecnetClassificationModel>
        implements VecnetClassifierParams, MLWritable {
    private static final long serialVersionUID = 1L;

    /** Rows per inference call when scoring a partition. */
    public static final int SCORING_BATCH = 256;

    /** The Spark ML uid, taken from {@link PendingUid} on the first {@link #uid()} call. */
    private String uid;
    /** The vecnet model file of the network, the model's whole state besides its params. */
    private final byte[] modelFile;
    /** Identifies this model's network in the executors' {@code ScoringNetworks} cache. */
    private final String networkKey = UUID.randomUUID().toString();
    private transient Network network;
    /** The fit's summary; null for a model read from storage. */
    private transient VecnetTrainingSummary summary;

    /**
     * A model of a vecnet model file (Spark ML's persistence and {@link VecnetClassifier} call this).
     *
     * @param uid       the uid, not empty
     * @param modelFile the vecnet model file of a network with softmax outputs; kept, not copied
     * @throws IllegalArgumentException when the file is not a valid vecnet model
     */
    public VecnetClassificationModel(String uid, byte[] modelFile) {
        this(PendingUid.set(uid), modelFile);
    }

    private VecnetClassificationModel(Void pending, byte[] modelFile) {
        super();
        this.modelFile = modelFile;
        this.network = parse(modelFile);
        VecnetParams.of(this);
    }

    /** Sets the training summary; returns this model. */
    VecnetClassificationModel withSummary(VecnetTrainingSummary value) {
        summary = value;
        return this;
    }

    /**
     * Whether this model has a training summary (a model just fitted has one; one read from storage has not).
     *
     * @return true when {@link #summary()} returns
     */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * What the fit did: loss per epoch, epochs and rounds run, the training predictions and their accuracy.
     *
     * @return the summary
     * @throws IllegalStateException when the model has none ({@link #hasSummary()})
     */
    public VecnetTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary is available for this model (it was read from storage)");
        }
        return summary;
    }

    static Network parse(byte[] modelFile) {
        try {
            return ModelFile.read(modelFile, LoadOptions.defaults()).network();
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("not a vecnet model file: " + e.getMessage(), e);
        }
    }

    /**
     * The uid.
     *
     * @return this model's uid
     */
    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.take();
        }
        return uid;
    }

    /**
     * The trained network (the driver's copy; do not modify it).
     *
     * @return the network
     */
    public Network network() {
        if (network == null) {
            network = parse(modelFile);
        }
        return network;
    }

    /**
     * The vecnet model file of the network.
     *
     * @return a copy of the file's bytes
     */
    public byte[] modelFile() {
        return modelFile.clone();
    }

    /**
     * Classes, the network's output size.
     *
     * @return the number of classes
     */
    @Override
    public int numClasses() {
        return network().outputSize();
    }

    /**
     * Features per example, the network's input size.
     *
     * @return the number of features
     */
    @Override
    public int numFeatures() {
        return network().inputSize();
    }

    /**
     * The scores of one example; allocates an inference context per call ({@link #transform} is the fast path).
     *
     * @param features one example of {@link #numFeatures()} values
     * @return the network's scores
     */
    @Override
    public Vector predictRaw(Vector features) {
        Network net = network();
        float[] x = new float[net.inputSize()];
        BatchScorer.copy(features, x, 0, net.inputSize());
        float[] scores = net.newInferenceContext(1).forward(x, 0, 1);
        double[] out = new double[net.outputSize()];
        for (int c = 0; c < out.length; c++) {
            out[c] = scores[c];
        }
        return Vectors.dense(out);
    }

    /**
     * Softmax of the scores, in place.
     *
     * @param rawPrediction the scores (a dense vector); replaced by the probabilities
     * @return {@code rawPrediction}
     */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] v = ((DenseVector) rawPrediction).values();
        BatchScorer.softmax(v);
        return rawPrediction;
    }

    /**
     * Adds the prediction columns, scoring each partition in batches.
     *
     * @param dataset rows with the features column
     * @return the rows with the prediction columns appended
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = withPredictionMetadata(transformSchema(dataset.schema(), true));
        Dataset<Row> rows = dataset.toDF();
        int featuresIndex = rows.schema().fieldIndex(getFeaturesCol());
        BatchScorer.Columns columns = new BatchScorer.Columns(outSchema.size(), column(outSchema, getRawPredictionCol()),
                column(outSchema, getProbabilityCol()), column(outSchema, getPredictionCol()),
                isDefined(thresholds()) ? getThresholds() : null);
        String key = networkKey;
        byte[] file = modelFile;
        MapPartitionsFunction<Row, Row> score = it -> new BatchScorer(ScoringNetworks.get(key, file), it,
                featuresIndex, columns);
        Dataset<Row> scored = rows.mapPartitions(score, Encoders.row(outSchema));
        // The row encoder drops column metadata; Spark ML's evaluators and IndexToString read it back from here.
        Column[] withMetadata = new Column[outSchema.size()];
        for (int i = 0; i < withMetadata.length; i++) {
            StructField f = outSchema.fields()[i];
            withMetadata[i] = scored.col("`" + f.name().replace("`", "``") + "`").as(f.name(), f.metadata());
        }
        return scored.select(withMetadata);
    }

    /**
     * The prediction column as MLlib's classifiers describe it: a nominal attribute of {@link #numClasses()}
     * values ({@code ml_attr} metadata with {@code num_vals}).
     */
    private StructType withPredictionMetadata(StructType schema) {
        if (getPredictionCol().isEmpty()) {
            return schema;
        }
        StructField[] fields = schema.fields().clone();
        int i = schema.fieldIndex(getPredictionCol());
        fields[i] = NominalAttribute.defaultAttr().withName(getPredictionCol()).withNumValues(numClasses())
                .toStructField();
        return new StructType(fields);
    }

    /**
     * Spark's helper for the summaries of models with a training summary, as the probabilistic parent defines
     * it. Declared here because Java sees the Scala parents' two declarations as a clash (Scala's tuples are
     * covariant, Java's view of them is not); the raw type lets this one override both.
     *
     * @return the parent's value
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    private static int column(StructType schema, String name) {
        return name.isEmpty() ? -1 : schema.fieldIndex(name);
    }

    /**
     * A copy with the same uid, network and column settings, {@code extra} applied.
     *
     * @param extra settings that override this model's
     * @return a new model
     */
    @Override
    public VecnetClassificationModel copy(ParamMap extra) {
        VecnetClassificationModel copy = new VecnetClassificationModel(uid(), modelFile);
        return copyValues(copy, extra).setParent(parent()).withSummary(summary);
    }

    /**
     * A writer of the metadata and the model file.
     *
     * @return a new writer
     */
    @Override
    public MLWriter write() {
        return new ModelPersistence.Writer(this, modelFile);
    }

    /**
     * A reader of models written by {@link #write()}.
     *
     * @return a new reader
     */
    public static MLReader<VecnetClassificationModel> read() {
        return new ModelPersistence.Reader();
    }

    /**
     * Reads a model written by {@link #write()}.
     *
     * @param path the folder
     * @return the model
     */
    public static VecnetClassificationModel load(String path) {
        return read().load(path);
    }
}
