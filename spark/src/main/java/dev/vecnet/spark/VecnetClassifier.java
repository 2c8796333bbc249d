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
 * {@link #hiddenLayers()} (or the sizes of {@link #layers()}), then a dense output layer of one unit per class and softmax cross-entropy. The label
 * column holds class indices {@code 0 .. k-1} (as {@code StringIndexer} makes them), the features column
 * {@code org.apache.spark.ml.linalg.Vector}s of one length. Fitting produces a {@link VecnetClassificationModel}.
 * Works inside a {@code Pipeline} and with {@code CrossValidator}; readable and writable with Spark ML
 * persistence ({@link #read()}, {@link #write()}).
 *
 * <p>Settings ({@link VecnetClassifierParams}, with the command line's defaults): {@link #hiddenLayers()} or
 * {@link #layers()}, {@link #optimizer()}, {@link #stepSize()}, {@link #maxIter()} (epochs), {@link #batchSize()},
 * {@link #seed()} (weights, example order and dropout masks), {@link #tol()}, {@link #syncMode()} ({@code exact}
 * or {@code local-sgd}), {@link #syncEvery()} and {@link #numReplicas()}. The fitted model carries them, and a
 * {@link VecnetTrainingSummary} (loss per epoch, training accuracy).
 *
 * <p>Configure on one thread; {@link #fit} runs Spark jobs from the calling thread.
 */
public final class VecnetClassifier
        extends ProbabilisticClassifier<Vector, VecnetClassifier, VecnetClassificationModel>
        implements VecnetClassifierParams, MLWritable {
    private static final long serialVersionUID = 1L;

    /** The Spark ML uid, taken from {@link PendingUid} on the first {@link #uid()} call. */
    private String uid;

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
        VecnetParams.of(this);
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
     * Sets {@link #hiddenLayers()}.
     *
     * @param value hidden layers, e.g. {@code 64relu-bn-32relu}
     * @return this estimator
     */
    public VecnetClassifier setHiddenLayers(String value) {
        return (VecnetClassifier) set(hiddenLayers(), value);
    }

    /**
     * Sets {@link #layers()}.
     *
     * @param value sizes from input to output, at least two
     * @return this estimator
     */
    public VecnetClassifier setLayers(int[] value) {
        return (VecnetClassifier) set(layers(), value);
    }

    /**
     * Sets {@link #optimizer()}.
     *
     * @param value one of {@link OptimizerSpec#NAMES}, case-insensitive
     * @return this estimator
     */
    public VecnetClassifier setOptimizer(String value) {
        return (VecnetClassifier) set(optimizer(), value.toLowerCase(Locale.ROOT));
    }

    /**
     * Sets {@link #stepSize()}.
     *
     * @param value {@code >= 0}
     * @return this estimator
     */
    public VecnetClassifier setStepSize(double value) {
        return (VecnetClassifier) set(stepSize(), value);
    }

    /**
     * Sets {@link #maxIter()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setMaxIter(int value) {
        return (VecnetClassifier) set(maxIter(), value);
    }

    /**
     * Sets {@link #batchSize()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setBatchSize(int value) {
        return (VecnetClassifier) set(batchSize(), value);
    }

    /**
     * Sets {@link #seed()}.
     *
     * @param value the seed
     * @return this estimator
     */
    public VecnetClassifier setSeed(long value) {
        return (VecnetClassifier) set(seed(), value);
    }

    /**
     * Sets {@link #tol()}.
     *
     * @param value {@code >= 0}
     * @return this estimator
     */
    public VecnetClassifier setTol(double value) {
        return (VecnetClassifier) set(tol(), value);
    }

    /**
     * Sets {@link #syncMode()}.
     *
     * @param value {@code exact} or {@code local-sgd}
     * @return this estimator
     */
    public VecnetClassifier setSyncMode(String value) {
        return (VecnetClassifier) set(syncMode(), value);
    }

    /**
     * Sets {@link #syncEvery()}.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public VecnetClassifier setSyncEvery(int value) {
        return (VecnetClassifier) set(syncEvery(), value);
    }

    /**
     * Sets {@link #numReplicas()}.
     *
     * @param value {@code >= 0}
     * @return this estimator
     */
    public VecnetClassifier setNumReplicas(int value) {
        return (VecnetClassifier) set(numReplicas(), value);
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
        int features = rows.head().<Vector>getAs(0).size();
        Network net = Network.from(architecture(features, classes).networkSpec(Loss.softmaxCrossEntropy(), 0f,
                Init.HE_NORMAL), BuildOptions.defaults().withSeed(getSeed()));
        OptimizerSpec spec = new OptimizerSpec(getOptimizer(), (float) getStepSize());
        EpochLosses epochs = new EpochLosses(getTol());
        FitSummary fit = SparkTrainer.builder()
                .epochs(getMaxIter())
                .batchSize(getBatchSize())
                .seed(getSeed())
                .sync("exact".equals(getSyncMode()) ? SyncMode.EXACT : SyncMode.LOCAL_SGD)
                .syncEvery(getSyncEvery())
                .numReplicas(getNumReplicas())
                .listener(epochs)
                .build()
                .fit(net, rows, getFeaturesCol(), getLabelCol(), spec);
        VecnetClassificationModel model = copyValues(
                new VecnetClassificationModel(uid(), ModelFile.toBytes(net, SaveOptions.defaults())), ParamMap.empty());
        model.setParent(this);
        return model.withSummary(new VecnetTrainingSummary(model, dataset.toDF(), getLabelCol(), epochs.losses(),
                fit.roundsDone()));
    }

    /**
     * The network's architecture: {@link #layers()} when set (checked against the data), else
     * {@link #hiddenLayers()} between the data's feature and class counts.
     */
    private Architecture architecture(int features, int classes) {
        int[] sizes = getLayers();
        if (sizes == null) {
            return Architecture.ofHidden(features, getHiddenLayers(), classes);
        }
        if (sizes.length < 2 || sizes[0] != features || sizes[sizes.length - 1] != classes) {
            throw new IllegalArgumentException("layers " + java.util.Arrays.toString(sizes) + " must run from the "
                    + features + " features to the " + classes + " classes");
        }
        StringBuilder hidden = new StringBuilder();
        for (int i = 1; i < sizes.length - 1; i++) {
            hidden.append(hidden.length() == 0 ? "" : "-").append(sizes[i]).append("relu");
        }
        return Architecture.ofHidden(features, hidden.toString(), classes);
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
