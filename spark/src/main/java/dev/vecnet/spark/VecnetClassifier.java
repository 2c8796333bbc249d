package dev.vecnet.spark;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Architecture;
import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Locale;

/**
 * A Spark ML estimator that trains a vecnet network classifier with {@link SparkTrainer}: hidden layers from
 * {@link #layers()}, then a dense output layer of one unit per class and softmax cross-entropy. The label
 * column holds class indices {@code 0 .. k-1} (as {@code StringIndexer} makes them), the features column
 * {@code org.apache.spark.ml.linalg.Vector}s of one length. Fitting produces a {@link VecnetClassificationModel}.
 * Works inside a {@code Pipeline} and with {@code CrossValidator}; readable and writable with Spark ML
 * persistence ({@link #read()}, {@link #write()}).
 *
 * <p>Settings: {@link #layers()}, {@link #optimizer()}, {@link #learningRate()}, {@link #epochs()},
 * {@link #batchSize()}, {@link #seed()} (weights, example order and dropout masks), {@link #syncMode()}
 * ({@code exact} or {@code local-sgd}), {@link #syncEvery()} and {@link #partitions()} (0 keeps the input's;
 * another number repartitions, which shuffles: a fit is reproducible for a given partitioning).
 *
 * <p>Configure on one thread; {@link #fit} runs Spark jobs from the calling thread.
 */
public final class VecnetClassifier
        extends ProbabilisticClassifier<Vector, VecnetClassifier, VecnetClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** The Spark ML uid, taken from {@link PendingUid} on the first {@link #uid()} call. */
    private String uid;
    private final transient VecnetParams settings;

    /** A classifier with a random uid and the default settings. */
    public VecnetClassifier() {
        this(Identifiable.randomUID("vecnetClassifier"));
    }

    /**
     * A classifier with the default settings (Spark ML's persistence and {@code copy} call this).
     *
     * @param uid the uid, not empty
     */
    public VecnetClassifier(String uid) {
        this(PendingUid.set(uid));
    }

    private VecnetClassifier(Void pending) {
        super();
        settings = new VecnetParams(this);
        settings.setDefaults(this);
    }

    /**
     * The uid.
     *
     * @return this estimator's uid
     */
    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.take();
        }
        return uid;
    }

    /**
     * Hidden layers in the architecture grammar of the command line without the input and class counts
     * ({@link Architecture#parseHidden}), e.g. {@code 64relu-bn-32tanh-dropout0.2}; the output layer is added.
     * Default {@code 64relu}.
     *
     * @return the param
     */
    public Param<String> layers() {
        return settings.layers;
    }

    /**
     * The optimizer, one of {@link OptimizerSpec#NAMES}. Default {@code adam}.
     *
     * @return the param
     */
    public Param<String> optimizer() {
        return settings.optimizer;
    }

    /**
     * The learning rate. Default 0.001.
     *
     * @return the param
     */
    public DoubleParam learningRate() {
        return settings.learningRate;
    }

    /**
     * Passes over each partition's data. Default 10.
     *
     * @return the param
     */
    public IntParam epochs() {
        return settings.epochs;
    }

    /**
     * Examples per step (the global batch in exact mode, each partition's in local SGD). Default 32.
     *
     * @return the param
     */
    public IntParam batchSize() {
        return settings.batchSize;
    }

    /**
     * Seed of the initial weights, the example order and the dropout masks. Default 0.
     *
     * @return the param
     */
    public LongParam seed() {
        return settings.seed;
    }

    /**
     * {@code exact} or {@code local-sgd} ({@link SyncMode}). Default {@code local-sgd}.
     *
     * @return the param
     */
    public Param<String> syncMode() {
        return settings.syncMode;
    }

    /**
     * Local steps per round in local SGD. Default 10.
     *
     * @return the param
     */
    public IntParam syncEvery() {
        return settings.syncEvery;
    }

    /**
     * Partitions to train on; 0 keeps the input's. Default 0.
     *
     * @return the param
     */
    public IntParam partitions() {
        return settings.partitions;
    }

    /**
     * Sets {@link #layers()}.
     *
     * @param value hidden layers, e.g. {@code 64relu-bn-32relu}
     * @return this estimator
     */
    public VecnetClassifier setLayers(String value) {
        return (VecnetClassifier) set(settings.layers, value);
    }

    /**
     * Sets {@link #optimizer()}.
     *
     * @param value one of {@link OptimizerSpec#NAMES}
     * @return this estimator
     */
    public VecnetClassifier setOptimizer(String value) {
        return (VecnetClassifier) set(settings.optimizer, value.toLowerCase(Locale.ROOT));
    }

    /**
     * Sets {@link #learningRate()}.
     *
     * @param value {@code >= 0}
     * @return this estimator
     */
    public VecnetClassifier setLearningRate(double value) {
        return (VecnetClassifier) set(settings.learningRate, value);
    }

    /**
     * Sets {@link #epochs()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setEpochs(int value) {
        return (VecnetClassifier) set(settings.epochs, value);
    }

    /**
     * Sets {@link #batchSize()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setBatchSize(int value) {
        return (VecnetClassifier) set(settings.batchSize, value);
    }

    /**
     * Sets {@link #seed()}.
     *
     * @param value the seed
     * @return this estimator
     */
    public VecnetClassifier setSeed(long value) {
        return (VecnetClassifier) set(settings.seed, value);
    }

    /**
     * Sets {@link #syncMode()}.
     *
     * @param value {@code exact} or {@code local-sgd}
     * @return this estimator
     */
    public VecnetClassifier setSyncMode(String value) {
        return (VecnetClassifier) set(settings.syncMode, value);
    }

    /**
     * Sets {@link #syncEvery()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setSyncEvery(int value) {
        return (VecnetClassifier) set(settings.syncEvery, value);
    }

    /**
     * Sets {@link #partitions()}.
     *
     * @param value {@code >= 0}
     * @return this estimator
     */
    public VecnetClassifier setPartitions(int value) {
        return (VecnetClassifier) set(settings.partitions, value);
    }

    /**
     * Trains the network; called by {@code fit} after the schema check.
     *
     * @param dataset rows with the features and label columns
     * @return the trained model, with this estimator's column settings
     */
    @Override
    public VecnetClassificationModel train(Dataset<?> dataset) {
        int classes = getNumClasses(dataset, getNumClasses$default$2());
        Dataset<Row> rows = dataset.select(getFeaturesCol(), getLabelCol());
        Row first = rows.head();
        int features = first.<Vector>getAs(0).size();
        long seedValue = (Long) getOrDefault(settings.seed);
        Architecture architecture = Architecture.ofHidden(features, getOrDefault(settings.layers), classes);
        Network net = Network.from(architecture.networkSpec(Loss.softmaxCrossEntropy(), 0f, Init.HE_NORMAL),
                BuildOptions.defaults().withSeed(seedValue));
        OptimizerSpec spec = new OptimizerSpec(getOrDefault(settings.optimizer),
                ((Double) getOrDefault(settings.learningRate)).floatValue());
        SparkTrainer.builder()
                .epochs((Integer) getOrDefault(settings.epochs))
                .batchSize((Integer) getOrDefault(settings.batchSize))
                .seed(seedValue)
                .sync("exact".equals(getOrDefault(settings.syncMode)) ? SyncMode.EXACT : SyncMode.LOCAL_SGD)
                .syncEvery((Integer) getOrDefault(settings.syncEvery))
                .numReplicas((Integer) getOrDefault(settings.partitions))
                .build()
                .fit(net, rows, getFeaturesCol(), getLabelCol(), spec);
        VecnetClassificationModel model = new VecnetClassificationModel(uid(), ModelFile.toBytes(net, SaveOptions.defaults()));
        return copyValues(model, ParamMap.empty());
    }

    /**
     * A copy with the same uid and settings, {@code extra} applied.
     *
     * @param extra settings that override this estimator's
     * @return a new estimator
     */
    @Override
    public VecnetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * A writer of the settings (Spark ML's default metadata).
     *
     * @return a new writer
     */
    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /**
     * A reader of estimators written by {@link #write()}.
     *
     * @return a new reader
     */
    public static MLReader<VecnetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Reads an estimator written by {@link #write()}.
     *
     * @param path the folder
     * @return the estimator
     */
    public static VecnetClassifier load(String path) {
        return read().load(path);
    }
}
